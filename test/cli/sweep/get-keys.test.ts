// get: one secret key needs --show-secrets; a known key that is absent is exit 3 with a real command as hint; the
// key suggester prefers this peer's keys.
import {expect} from 'chai'
import {join} from 'node:path'

import {jsonOut, runCli} from '../../support/cli.js'
import {ID, SECRET, tempDir} from '../helpers.js'

describe('get: secrets, absent keys, suggestions', () => {
  let dir: string
  let raft: string
  let base: string
  before(async () => {
    const root = tempDir()
    dir = join(root, 'crdt')
    raft = join(root, 'raft')
    base = join(root, 'followers')
    expect((await runCli(['service', 'config', 'create', '--path', dir, '--secret', SECRET, '--set', 'api.restapi.basic_auth_credentials={"admin":"pw1"}'])).code).to.equal(0)
    expect((await runCli(['service', 'config', 'create', '--path', raft, '--consensus', 'raft'])).code).to.equal(0)
    expect((await runCli(['follow', 'config', 'create', 'led', '--path', base, '--leader', `/ip4/127.0.0.1/tcp/9096/p2p/${ID}`, '--secret', SECRET])).code).to.equal(0)
  })

  it('one secret key without --show-secrets is exit 2 naming the flag, on both paths (fast and oclif) and for follow', async () => {
    for (const args of [
      ['service', 'config', 'get', 'cluster.secret', '--path', dir],
      ['service', 'config', 'get', 'api.restapi.basic_auth_credentials.admin', '--path', dir],
      ['follow', 'config', 'get', 'led', 'cluster.secret', '--path', base],
    ]) {
      const r = await runCli(args)
      expect(r.code, args.join(' ')).to.equal(2)
      expect(r.stdout).to.equal('')
      expect(r.stderr).to.match(/^Error: \S+ is a secret: pass --show-secrets to print it\n$/)
      expect(jsonOut(await runCli([...args, '--json'])).error).to.include({exit: 2})
    }
    // Whole-config and section output stays redacted, with exit 0.
    const section = await runCli(['service', 'config', 'get', 'api.restapi.basic_auth_credentials', '--path', dir])
    expect(section.code).to.equal(0)
    expect(JSON.parse(section.stdout)).to.deep.equal({admin: '<redacted: use --show-secrets>'})
    expect((await runCli(['service', 'config', 'get', 'cluster.secret', '--path', dir, '--show-secrets'])).stdout).to.equal(SECRET + '\n')
  })

  it('a known key absent from this config: exit 3 and its own message (8 stays for unknown keys)', async () => {
    const ds = await runCli(['service', 'config', 'get', 'datastore', '--path', raft])
    expect(ds.code).to.equal(3)
    expect(ds.stderr).to.match(/^Error: datastore is not in \S+service\.json: this peer uses raft, which keeps its own state \(a datastore section is for crdt peers\)\n$/)
    expect(ds.stderr).to.not.contain('...')
    const crdtOnRaft = await runCli(['service', 'config', 'get', 'consensus.crdt.cluster_name', '--path', raft])
    expect(crdtOnRaft.code).to.equal(3)
    expect(crdtOnRaft.stderr).to.contain('this peer uses raft')
    const src = await runCli(['follow', 'config', 'get', 'led', 'source', '--path', base])
    expect(src.code).to.equal(3)
    expect(src.stderr).to.contain('follower "led" has a local configuration, not a remote source')
    expect((await runCli(['service', 'config', 'get', 'datastore.pebel', '--path', dir])).code).to.equal(8)
  })

  it('an absent settable key hints a real set command', async () => {
    const r = await runCli(['service', 'config', 'get', 'cluster.listen_multiaddress.2', '--path', dir, '--json'])
    expect(r.code).to.equal(3)
    expect(jsonOut(r).error.nextSteps).to.deep.equal([`ipfs-cluster-config service config set --path ${dir} cluster.listen_multiaddress.2 VALUE`])
  })

  it("the suggester offers this peer's keys first (pebble, not badger3)", async () => {
    const r = await runCli(['service', 'config', 'get', 'datastore.pebble.pebble_option', '--path', dir])
    expect(r.code).to.equal(8)
    expect(r.stderr).to.contain('did you mean datastore.pebble.pebble_options?')
    const set = await runCli(['service', 'config', 'set', '--path', dir, 'datastore.pebble.foldr', 'x'])
    expect(set.code).to.equal(8)
    expect(set.stderr).to.contain('did you mean datastore.pebble.folder?').and.not.contain('badger')
  })
})
