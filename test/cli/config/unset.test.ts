import {expect} from 'chai'
import {hostname} from 'node:os'
import {join} from 'node:path'

import {jsonOut, runCli} from '../../support/cli.js'
import {ID, SECRET, readJson, snapshot, tempDir} from '../helpers.js'

describe('config unset (CLI, service and follow)', () => {
  let dir: string
  beforeEach(async () => {
    dir = join(await tempDir(), 'peer')
    expect((await runCli(['service', 'config', 'create', '--path', dir, '--peername', 'p0', '--secret', SECRET])).code).to.equal(0)
    expect((await runCli(['service', 'config', 'set', '--path', dir, 'api.restapi.basic_auth_credentials', 'admin:pw,bob:pw2', 'cluster.replication_factor_min', '2', 'cluster.replication_factor_max', '3'])).code).to.equal(0)
  })

  it('removes an optional key, resets a required one to the default, and says which', async () => {
    const r = await runCli(['service', 'config', 'unset', '--path', dir, 'api.restapi.basic_auth_credentials.admin', 'cluster.replication_factor_min', 'cluster.replication_factor_max', 'cluster.peername'])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.contain('api.restapi.basic_auth_credentials.admin: removed (was "<redacted: use --show-secrets>")')
    expect(r.stdout).to.contain('cluster.replication_factor_min: 2 -> -1 (reset to the upstream default: the daemon needs this key)')
    expect(r.stdout).to.contain(`cluster.peername: "p0" -> "${hostname()}" (reset`)
    expect(r.stdout).not.to.contain('pw')
    const svc = await readJson(join(dir, 'service.json'))
    expect(svc.api.restapi.basic_auth_credentials).to.deep.equal({bob: 'pw2'})
    expect(svc.cluster).to.include({replication_factor_min: -1, replication_factor_max: -1, peername: hostname()})
  })

  it('a key not there is a no-op, said so; nothing is written', async () => {
    const before = await snapshot(dir)
    const r = await runCli(['service', 'config', 'unset', '--path', dir, 'consensus.raft', 'cluster.follower_mode', '--json'])
    expect(r.code, r.stderr).to.equal(0)
    const out = jsonOut(r)
    expect(out.written).to.equal(false)
    expect(out.changes.map((c: any) => c.action)).to.deep.equal(['none', 'none'])
    expect(await snapshot(dir)).to.deep.equal(before)
    const text = await runCli(['service', 'config', 'unset', '--path', dir, 'cluster.follower_mode'])
    expect(text.stdout).to.equal('cluster.follower_mode: not set; nothing to remove\n')
  })

  it('--dry-run reports and writes nothing; an unknown key exits 8; an invalid result exits 4; files unchanged', async () => {
    const before = await snapshot(dir)
    const dry = await runCli(['service', 'config', 'unset', '--path', dir, 'api.restapi', '--dry-run', '--json'])
    expect(dry.code, dry.stderr).to.equal(0)
    expect(jsonOut(dry).changes[0]).to.include({key: 'api.restapi', action: 'removed'})
    expect(jsonOut(dry).warnings[0].key).to.equal('api.restapi')
    const unknown = await runCli(['service', 'config', 'unset', '--path', dir, 'cluster.peernam'])
    expect(unknown.code).to.equal(8)
    expect(unknown.stderr).to.contain('did you mean cluster.peername?')
    // Resetting only one of the pair leaves min -1 and max 3: the daemon refuses that.
    const invalid = await runCli(['service', 'config', 'unset', '--path', dir, 'cluster.replication_factor_min', '--json'])
    expect(invalid.code).to.equal(4)
    expect(jsonOut(invalid).error.message).to.match(/^nothing written: .*replication_factor_min/)
    expect(await snapshot(dir)).to.deep.equal(before)
    expect((await runCli(['service', 'config', 'unset', '--path', join(dir, 'none'), 'cluster.peername'])).code).to.equal(3)
  })

  it('works the same on a follower; a source-mode follower refuses keys its source decides', async () => {
    const base = await tempDir()
    expect((await runCli(['follow', 'config', 'create', 't', '--path', base, '--leader', `/ip4/10.0.0.1/tcp/9096/p2p/${ID}`, '--secret', SECRET, '--peername', 'f1'])).code).to.equal(0)
    const r = await runCli(['follow', 'config', 'unset', 't', 'cluster.peername', 'informer.tags', '--path', base])
    expect(r.code, r.stderr).to.equal(0)
    const svc = await readJson(join(base, 't', 'service.json'))
    expect(svc.cluster.peername).to.equal(hostname())
    expect(svc.informer.tags).to.deep.equal({metric_ttl: '30s', tags: {group: 'default'}})
    await runCli(['follow', 'config', 'create', 's', '--path', base, '--source', 'https://x.org/a'])
    const before = await snapshot(join(base, 's'))
    const refused = await runCli(['follow', 'config', 'unset', 's', 'cluster.peername', '--path', base])
    expect(refused.code).to.equal(4)
    expect(refused.stderr).to.contain('the source decides')
    expect(await snapshot(join(base, 's'))).to.deep.equal(before)
  })
})
