import {expect} from 'chai'
import {readFile, stat} from 'node:fs/promises'
import {join} from 'node:path'

import {keyInfo} from '../../../../src/core/identity.js'
import {jsonOut, runCli} from '../../../support/cli.js'
import {ID, SECRET, readJson, snapshot, tempDir} from '../../helpers.js'

const LEADER = `/ip4/10.0.0.1/tcp/9096/p2p/${ID}`

describe('follow config create (CLI)', () => {
  it('source mode writes exactly what `ipfs-cluster-follow NAME init URL` writes', async () => {
    const base = await tempDir()
    const r = await runCli(['follow', 'config', 'create', 'mycluster', '--path', base, '--source', 'https://example.org/c/service.json'])
    expect(r.code, r.stderr).to.equal(0)
    const dir = join(base, 'mycluster')
    expect(await readFile(join(dir, 'service.json'), 'utf8')).to.equal('{\n  "source": "https://example.org/c/service.json"\n}')
    const identity = await readJson(join(dir, 'identity.json'))
    expect(keyInfo(identity.private_key).id).to.equal(identity.id)
    expect((await stat(dir)).mode & 0o777).to.equal(0o700)
    for (const f of ['service.json', 'identity.json']) expect((await stat(join(dir, f))).mode & 0o777).to.equal(0o600)
    expect(Object.keys(await snapshot(base))).to.deep.equal(['mycluster']) // no lock or temp files left
  })

  it('a DNSLink name becomes a gateway URL, with http:// added to a scheme-less IPFS_GATEWAY', async () => {
    const base = await tempDir()
    const r = await runCli(['follow', 'config', 'create', 'dl', '--source', 'cluster.example.org', '--json'], {env: {IPFS_CLUSTER_PATH: base, IPFS_GATEWAY: '127.0.0.1:8081'}})
    expect(r.code, r.stderr).to.equal(0)
    expect(jsonOut(r).source).to.equal('http://127.0.0.1:8081/ipns/cluster.example.org')
    expect((await readJson(join(base, 'dl', 'service.json'))).source).to.equal('http://127.0.0.1:8081/ipns/cluster.example.org')
  })

  it('template mode writes a complete crdt follower config trusting the leader', async () => {
    const base = await tempDir()
    const r = await runCli(['follow', 'config', 'create', 'tm', '--path', base, '--leader', LEADER, '--cluster-name', 'c1', '--json'], {env: {CLUSTER_SECRET: SECRET}})
    expect(r.code, r.stderr).to.equal(0)
    const svc = await readJson(join(base, 'tm', 'service.json'))
    expect(svc.cluster).to.include({secret: SECRET, follower_mode: true})
    expect(svc.cluster.peer_addresses).to.deep.equal([LEADER])
    expect(svc.consensus.crdt).to.deep.include({cluster_name: 'c1', trusted_peers: [ID]})
    expect(svc.datastore).to.have.key('pebble')
    expect(svc).not.to.have.key('api')
    for (const a of svc.cluster.listen_multiaddress) expect(a).to.match(/^\/ip4\/0\.0\.0\.0\/(tcp|udp)\/\d+/).and.not.to.match(/\/9096\b/)
    expect(JSON.stringify(jsonOut(r))).not.to.contain(SECRET)
  })

  it('bad names, an existing folder and missing input leave nothing behind', async () => {
    const base = await tempDir()
    for (const name of ['../escape', 'a/b', '..']) {
      const r = await runCli(['follow', 'config', 'create', name, '--path', base, '--source', 'https://x.org/s'])
      expect(r.code, name).to.equal(2)
      expect(r.stderr).to.contain('plain folder name')
    }
    expect(await snapshot(base)).to.deep.equal({})

    const noName = await runCli(['follow', 'config', 'create', '--path', base, '--source', 'https://x.org/s'])
    expect(noName.code).to.equal(7)
    expect(noName.stderr).to.contain('NAME')
    const noMode = await runCli(['follow', 'config', 'create', 'n', '--path', base])
    expect(noMode.code).to.equal(7)
    expect(noMode.stderr).to.contain('--source').and.to.contain('--leader')
    const noSecret = await runCli(['follow', 'config', 'create', 'n', '--path', base, '--leader', LEADER])
    expect(noSecret.code).to.equal(7)
    expect(noSecret.stderr).to.contain('--secret')
    const both = await runCli(['follow', 'config', 'create', 'n', '--path', base, '--leader', LEADER, '--source', 'https://x.org/s'])
    expect(both.code).to.equal(2)
    const badLeader = await runCli(['follow', 'config', 'create', 'n', '--path', base, '--leader', '/ip4/10.0.0.1/tcp/9096', '--secret', SECRET])
    expect(badLeader.code).to.equal(2)
    expect(await snapshot(base)).to.deep.equal({})

    expect((await runCli(['follow', 'config', 'create', 'x', '--path', base, '--source', 'https://x.org/s'])).code).to.equal(0)
    const before = await snapshot(join(base, 'x'))
    const again = await runCli(['follow', 'config', 'create', 'x', '--path', base, '--source', 'https://x.org/other'])
    expect(again.code).to.equal(5)
    expect(await snapshot(join(base, 'x'))).to.deep.equal(before)
    const forced = await runCli(['follow', 'config', 'create', 'x', '--path', base, '--source', 'https://x.org/other', '--force'])
    expect(forced.code).to.equal(0)
    const after = await snapshot(join(base, 'x'))
    expect(after['identity.json'].bytes).to.equal(before['identity.json'].bytes)
    expect(JSON.parse(after['service.json'].bytes).source).to.equal('https://x.org/other')
  })
})
