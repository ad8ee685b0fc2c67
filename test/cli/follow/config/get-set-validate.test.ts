import {expect} from 'chai'
import {join} from 'node:path'

import {jsonOut, runCli} from '../../../support/cli.js'
import {serveJson} from '../../../support/http.js'
import {ID, SECRET, readJson, snapshot, tempDir} from '../../helpers.js'

describe('follow config get / set / validate (CLI)', () => {
  it('source mode: get shows the source; other keys point to --resolve, which reads the remote config redacted', async () => {
    const base = await tempDir()
    const remote = {cluster: {peername: 'tmpl', secret: SECRET, listen_multiaddress: '/ip4/0.0.0.0/tcp/9096'}, consensus: {crdt: {cluster_name: 'remote-name', trusted_peers: [ID]}}}
    const server = await serveJson(JSON.stringify(remote))
    expect((await runCli(['follow', 'config', 'create', 's', '--path', base, '--source', server.url])).code).to.equal(0)
    expect((await runCli(['follow', 'config', 'get', 's', 'source', '--path', base])).stdout).to.equal(server.url + '\n')
    const decided = await runCli(['follow', 'config', 'get', 's', 'consensus.crdt.cluster_name', '--path', base])
    expect(decided.code).to.equal(3) // a known key, decided remotely: not in this file
    expect(decided.stderr).to.contain('--resolve')
    const resolved = await runCli(['follow', 'config', 'get', 's', 'consensus.crdt.cluster_name', '--path', base, '--resolve'])
    expect(resolved).to.include({code: 0, stdout: 'remote-name\n'})
    const whole = await runCli(['follow', 'config', 'get', 's', '--path', base, '--resolve', '--json'])
    expect(whole.stdout).not.to.contain(SECRET)
    expect(jsonOut(whole).resolvedFrom).to.equal(server.url)
  })

  it('source mode: set refuses keys the source decides (exit 4, unchanged) but takes a new source', async () => {
    const base = await tempDir()
    await runCli(['follow', 'config', 'create', 's', '--path', base, '--source', 'https://x.org/a'])
    const before = await snapshot(join(base, 's'))
    const r = await runCli(['follow', 'config', 'set', 's', 'cluster.peername', 'x', '--path', base])
    expect(r.code).to.equal(4)
    expect(r.stderr).to.contain('the source decides')
    expect(await snapshot(join(base, 's'))).to.deep.equal(before)
    const ok = await runCli(['follow', 'config', 'set', 's', 'source', 'https://x.org/b', '--path', base])
    expect(ok.code, ok.stderr).to.equal(0)
    expect(await readJson(join(base, 's', 'service.json'))).to.deep.equal({source: 'https://x.org/b'})
  })

  it('template mode: set is typed and validated; validate passes; an unknown follower exits 3', async () => {
    const base = await tempDir()
    await runCli(['follow', 'config', 'create', 't', '--path', base, '--leader', `/ip4/10.0.0.1/tcp/9096/p2p/${ID}`, '--secret', SECRET])
    const set = await runCli(['follow', 'config', 'set', 't', 'cluster.peername', 'follower-7', 'consensus.crdt.cluster_name', 'c2', '--path', base])
    expect(set.code, set.stderr).to.equal(0)
    expect((await readJson(join(base, 't', 'service.json'))).cluster.peername).to.equal('follower-7')
    const bad = await runCli(['follow', 'config', 'set', 't', 'consensus.crdt.trusted_peers', 'not-a-peer', '--path', base])
    expect(bad.code).to.equal(4)
    const v = await runCli(['follow', 'config', 'validate', 't', '--path', base])
    expect(v.code, v.stderr).to.equal(0)
    // The environment's CLUSTER_* names that ipfs-cluster-follow ignores are warnings, as for service peers.
    const env = await runCli(['follow', 'config', 'validate', 't', '--path', base, '--json'], {env: {CLUSTER_MONITOR_PING_INTERVAL: '2s'}})
    expect(env.code, env.stdout).to.equal(0)
    expect(jsonOut(env).warnings).to.deep.include({severity: 'warning', file: 'environment', key: 'CLUSTER_MONITOR_PING_INTERVAL', message: 'is not read by ipfs-cluster-service or ipfs-cluster-follow: it is silently ignored (did you mean CLUSTER_MONITORPINGINTERVAL?)'})
    expect((await runCli(['follow', 'config', 'get', 'nope', '--path', base])).code).to.equal(3)
  })

  it('validate fetches a source: unreachable exits 4, a served valid template passes', async () => {
    const base = await tempDir()
    await runCli(['follow', 'config', 'create', 'dead', '--path', base, '--source', 'http://127.0.0.1:9/nothing'])
    const dead = await runCli(['follow', 'config', 'validate', 'dead', '--path', base])
    expect(dead.code).to.equal(4)
    expect(dead.stderr).to.contain('could not fetch configuration from source')

    const peer = join(await tempDir(), 'leader')
    await runCli(['service', 'config', 'create', '--path', peer])
    const exported = await runCli(['service', 'config', 'export-follow', '--path', peer])
    expect(exported.code, exported.stderr).to.equal(0)
    const server = await serveJson(exported.stdout.trimEnd())
    await runCli(['follow', 'config', 'create', 'live', '--path', base, '--source', server.url])
    const live = await runCli(['follow', 'config', 'validate', 'live', '--path', base])
    expect(live.code, live.stderr).to.equal(0)
    expect(server.hits()).to.be.greaterThan(0)
  })
})

describe('service config export-follow (CLI)', () => {
  it('writes a follower template: trusts this peer, reaches it on its addresses, same secret and cluster name', async () => {
    const dir = join(await tempDir(), 'leader')
    await runCli(['service', 'config', 'create', '--path', dir, '--secret', SECRET, '--set', 'consensus.crdt.cluster_name=prod'])
    const id = (await readJson(join(dir, 'identity.json'))).id
    const out = join(dir, '..', 'follower.json')
    const r = await runCli(['service', 'config', 'export-follow', '--path', dir, '--address', '/dns4/cluster.example.org/tcp/9096', '--output', out])
    expect(r.code, r.stderr).to.equal(0)
    const t = await readJson(out)
    expect(t.cluster).to.include({secret: SECRET, follower_mode: true})
    expect(t.cluster).not.to.have.key('peername')
    expect(t.cluster.peer_addresses).to.deep.equal([`/dns4/cluster.example.org/tcp/9096/p2p/${id}`])
    expect(t.consensus.crdt).to.deep.include({cluster_name: 'prod', trusted_peers: [id]})
    expect(t).not.to.have.key('api')
    const raft = join(await tempDir(), 'raft')
    await runCli(['service', 'config', 'create', '--path', raft, '--consensus', 'raft'])
    const refused = await runCli(['service', 'config', 'export-follow', '--path', raft])
    expect(refused.code).to.equal(4)
    expect(refused.stderr).to.contain('crdt')
  })
})
