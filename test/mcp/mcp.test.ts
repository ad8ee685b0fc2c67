// `ipfs-cluster-config mcp` as an MCP client sees it (see support/mcp.ts). Every tool call passes
// cluster_path (temp folders; HOME is a temp folder too), so nothing here can touch the real ~/.ipfs-cluster.
import {expect} from 'chai'
import {existsSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

import {MAX_PEERS} from '../../src/core/cluster.js'
import {jsonOut, runCli} from '../support/cli.js'
import {type McpSession, resultText as text, startMcp} from '../support/mcp.js'
import {SECRET, readJson, snapshot, tempDir} from '../cli/helpers.js'

const TOOLS = [
  'cluster_add_peers',
  'cluster_check',
  'cluster_create',
  'cluster_follow_config_create',
  'cluster_follow_config_get',
  'cluster_follow_config_set',
  'cluster_follow_status_via_api',
  'cluster_service_config_create',
  'cluster_service_config_get',
  'cluster_service_config_set',
  'cluster_service_status_via_api',
  'connect_follow_to_leader',
  'connect_to_networked_cluster',
  'cluster_remove_peer',
].sort()
const REDACTED = '<redacted: use --show-secrets>'
const SECRET2 = 'aa'.repeat(32)

describe('mcp: the tools over stdio', function () {
  let mcp: McpSession
  let root: string
  let peer0: string
  let peerId0: string
  let followers: string

  const call = (name: string, args: Record<string, unknown>) => mcp.call(name, args)
  const ok = (name: string, args: Record<string, unknown>) => mcp.ok(name, args)
  const bytes = (file: string) => readFile(file, 'utf8')

  before(async function () {
    root = tempDir('icc-mcp-')
    peer0 = join(root, 'peer0')
    followers = join(root, 'followers')
    mcp = await startMcp(join(root, 'home'))
  })

  after(async () => {
    await mcp?.close()
  })

  it('lists exactly the fourteen tools (TOOLS), each with an object input schema that refuses unknown properties', async () => {
    const {tools} = await mcp.client.listTools()
    expect(tools.map((t) => t.name).sort()).to.deep.equal(TOOLS)
    for (const t of tools) {
      expect(t.inputSchema.type, t.name).to.equal('object')
      expect((t.inputSchema as any).additionalProperties, t.name).to.equal(false)
      expect(t.inputSchema.required, t.name).to.be.an('array')
      expect(t.description, t.name).to.be.a('string').and.not.empty
    }
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]))
    expect(byName.cluster_service_config_set.inputSchema.required).to.deep.equal(['config_updates'])
    // The tools take as many peers as the commands do.
    expect((byName.cluster_create.inputSchema as any).properties.peers.maximum).to.equal(MAX_PEERS)
    expect((byName.cluster_add_peers.inputSchema as any).properties.peers.maximum).to.equal(MAX_PEERS)
    expect(byName.cluster_follow_config_set.inputSchema.required).to.deep.equal(['cluster_name', 'config_updates'])
    expect(byName.cluster_service_config_get.annotations?.readOnlyHint).to.equal(true)
  })

  it('service create: created, custom_settings deep-merged, secrets redacted', async () => {
    const r = await ok('cluster_service_config_create', {cluster_path: peer0, peername: 'peer0', secret: SECRET, random_ports: true, custom_settings: {cluster: {replication_factor_min: 2, replication_factor_max: 3}}})
    const s = r.structuredContent
    expect(s).to.include({status: 'created', path: peer0, peername: 'peer0', consensus: 'crdt', datastore: 'pebble', identity: 'generated'})
    expect(s.config.cluster.secret).to.equal(REDACTED)
    const identity = await readJson(join(peer0, 'identity.json'))
    peerId0 = identity.id
    expect(s.peerId).to.equal(peerId0)
    for (const leak of [SECRET, identity.private_key]) expect(JSON.stringify(r)).to.not.contain(leak)
    const service = await readJson(join(peer0, 'service.json'))
    expect(service.cluster).to.include({secret: SECRET, peername: 'peer0', replication_factor_min: 2, replication_factor_max: 3})
    expect(text(r)).to.contain(`peer ${peerId0} (peer0)`)
  })

  it('service create on an existing peer: isError with exit 5 and next steps, nothing rewritten', async () => {
    const before = await snapshot(peer0)
    const r = await call('cluster_service_config_create', {cluster_path: peer0})
    expect(r.isError).to.equal(true)
    expect(r.structuredContent.error).to.include({name: 'UserError', exit: 5})
    expect(r.structuredContent.error.nextSteps).to.not.be.empty
    expect(text(r)).to.match(/^Error \(exit 5\): .*already exists/)
    expect(await snapshot(peer0)).to.deep.equal(before)
  })

  it('service create overwrite + new_secret: a new random secret, the identity kept, neither secret in the answer; with secret it is exit 2 naming the parameters', async () => {
    const peer = join(root, 'rotate')
    await ok('cluster_service_config_create', {cluster_path: peer, secret: SECRET, random_ports: true})
    const identity = await bytes(join(peer, 'identity.json'))
    const before = await snapshot(peer)
    const both = await call('cluster_service_config_create', {cluster_path: peer, overwrite: true, new_secret: true, secret: SECRET2})
    expect(both.isError).to.equal(true)
    expect(both.structuredContent.error).to.include({exit: 2})
    expect(text(both)).to.contain('--new-secret is new_secret').and.contain('--secret is secret')
    expect(await snapshot(peer)).to.deep.equal(before)

    const r = await ok('cluster_service_config_create', {cluster_path: peer, overwrite: true, new_secret: true})
    expect(r.structuredContent).to.include({status: 'overwritten', secret: 'generated'})
    const secret = (await readJson(join(peer, 'service.json'))).cluster.secret
    expect(secret).to.match(/^[0-9a-f]{64}$/).and.not.equal(SECRET)
    expect(await bytes(join(peer, 'identity.json'))).to.equal(identity)
    for (const leak of [SECRET, secret]) expect(JSON.stringify(r)).to.not.contain(leak)
  })
  it('service get: one key, the whole file redacted, show_secrets reveals; same object as `get --json`', async () => {
    expect((await ok('cluster_service_config_get', {cluster_path: peer0, key: 'cluster.peername'})).structuredContent).to.include({key: 'cluster.peername', value: 'peer0', source: 'file'})
    const all = await ok('cluster_service_config_get', {cluster_path: peer0})
    expect(all.structuredContent.value.cluster.secret).to.equal(REDACTED)
    expect(all.structuredContent.redacted).to.include('cluster.secret')
    expect(JSON.stringify(all)).to.not.contain(SECRET)
    const cli = await runCli(['service', 'config', 'get', '--path', peer0, '--json'])
    expect(all.structuredContent).to.deep.equal(jsonOut(cli))
    const shown = await ok('cluster_service_config_get', {cluster_path: peer0, key: 'cluster.secret', show_secrets: true})
    expect(shown.structuredContent.value).to.equal(SECRET)
    // One secret key by name without show_secrets is a usage error naming the parameter, not a placeholder.
    const hidden = await call('cluster_service_config_get', {cluster_path: peer0, key: 'cluster.secret'})
    expect(hidden.isError).to.equal(true)
    expect(hidden.structuredContent.error.exit).to.equal(2)
    expect(text(hidden)).to.contain('--show-secrets is show_secrets')
    expect(JSON.stringify(hidden)).to.not.contain(SECRET)
  })

  it('service set: dotted keys and nested objects, typed by the schema, written atomically', async () => {
    const r = await ok('cluster_service_config_set', {
      cluster_path: peer0,
      config_updates: {'cluster.replication_factor_min': 1, cluster: {replication_factor_max: 4, monitor_ping_interval: '90s'}, 'consensus.crdt.trusted_peers': [peerId0]},
    })
    expect(r.structuredContent.written).to.equal(true)
    expect(r.structuredContent.changes.map((c: any) => c.key)).to.have.members(['cluster.replication_factor_min', 'cluster.replication_factor_max', 'cluster.monitor_ping_interval', 'consensus.crdt.trusted_peers'])
    const service = await readJson(join(peer0, 'service.json'))
    expect(service.cluster).to.include({replication_factor_min: 1, replication_factor_max: 4, monitor_ping_interval: '1m30s'})
    expect(service.consensus.crdt.trusted_peers).to.deep.equal([peerId0])
  })

  it('service set dry_run: the same result object as `set --dry-run --json`, nothing written', async () => {
    const file = join(peer0, 'service.json')
    const before = await bytes(file)
    const r = await ok('cluster_service_config_set', {cluster_path: peer0, dry_run: true, config_updates: {'cluster.peername': 'other', 'cluster.leave_on_shutdown': true}})
    const cli = await runCli(['service', 'config', 'set', 'cluster.peername', 'other', 'cluster.leave_on_shutdown', 'true', '--path', peer0, '--dry-run', '--json'])
    expect(r.structuredContent).to.deep.equal(jsonOut(cli))
    expect(r.structuredContent.written).to.equal(false)
    expect(await bytes(file)).to.equal(before)
  })

  it('service set: an invalid update is isError (exit 4) and leaves service.json byte-identical', async () => {
    const file = join(peer0, 'service.json')
    const before = await bytes(file)
    const r = await call('cluster_service_config_set', {cluster_path: peer0, config_updates: {'cluster.replication_factor_min': 5, 'cluster.replication_factor_max': 2}})
    expect(r.isError).to.equal(true)
    expect(r.structuredContent.error.exit).to.equal(4)
    expect(r.structuredContent.error.message).to.contain('nothing written')
    const unknown = await call('cluster_service_config_set', {cluster_path: peer0, config_updates: {'cluster.replication_factor_minimum': 2}})
    expect(unknown.structuredContent.error.exit).to.equal(8)
    expect(unknown.structuredContent.error.message).to.contain('did you mean cluster.replication_factor_min')
    expect(await bytes(file)).to.equal(before)
  })

  it('service set of the secret: written, but neither the old nor the new secret is in the result', async () => {
    const r = await ok('cluster_service_config_set', {cluster_path: peer0, config_updates: {'cluster.secret': SECRET2}})
    expect(r.structuredContent.changes).to.deep.equal([{key: 'cluster.secret', before: REDACTED, after: REDACTED, changed: true}])
    for (const leak of [SECRET, SECRET2]) expect(JSON.stringify(r)).to.not.contain(leak)
    expect((await readJson(join(peer0, 'service.json'))).cluster.secret).to.equal(SECRET2)
  })

  it('follow create/get/set in source mode', async () => {
    const source = 'https://example.org/cluster/service.json'
    const r = await ok('cluster_follow_config_create', {cluster_path: followers, cluster_name: 'src', source})
    expect(r.structuredContent).to.include({status: 'created', mode: 'source', name: 'src', folder: join(followers, 'src'), source})
    expect(await readJson(join(followers, 'src', 'service.json'))).to.deep.equal({source})
    expect((await ok('cluster_follow_config_get', {cluster_path: followers, cluster_name: 'src', key: 'source'})).structuredContent.value).to.equal(source)
    const file = join(followers, 'src', 'service.json')
    const before = await bytes(file)
    const refused = await call('cluster_follow_config_set', {cluster_path: followers, cluster_name: 'src', config_updates: {'cluster.peername': 'x'}})
    expect(refused.isError).to.equal(true)
    expect(refused.structuredContent.error.message).to.contain('only "source" can be set')
    expect(await bytes(file)).to.equal(before)
    await ok('cluster_follow_config_set', {cluster_path: followers, cluster_name: 'src', config_updates: {source: 'https://example.org/v2/service.json'}})
    expect((await readJson(file)).source).to.equal('https://example.org/v2/service.json')
  })

  it('follow create/get/set in leader mode, secret redacted', async () => {
    const leader = `/ip4/127.0.0.1/tcp/9096/p2p/${peerId0}`
    const r = await ok('cluster_follow_config_create', {cluster_path: followers, cluster_name: 'led', bootstrap_peer: leader, secret: SECRET, peername: 'f1'})
    expect(r.structuredContent).to.include({status: 'created', mode: 'template', name: 'led'})
    expect(r.structuredContent.trustedPeers).to.deep.equal([peerId0])
    expect(r.structuredContent.config.cluster.secret).to.equal(REDACTED)
    expect(JSON.stringify(r)).to.not.contain(SECRET)
    const file = join(followers, 'led', 'service.json')
    const service = await readJson(file)
    expect(service.cluster).to.include({secret: SECRET, follower_mode: true, peername: 'f1'})
    expect(service.cluster.peer_addresses).to.deep.equal([leader])

    const all = await ok('cluster_follow_config_get', {cluster_path: followers, cluster_name: 'led'})
    expect(all.structuredContent.value.cluster.secret).to.equal(REDACTED)
    expect(JSON.stringify(all)).to.not.contain(SECRET)
    expect((await ok('cluster_follow_config_get', {cluster_path: followers, cluster_name: 'led', key: 'cluster.secret', show_secrets: true})).structuredContent.value).to.equal(SECRET)

    await ok('cluster_follow_config_set', {cluster_path: followers, cluster_name: 'led', config_updates: {cluster: {peername: 'f2'}}})
    expect((await readJson(file)).cluster.peername).to.equal('f2')
    const before = await bytes(file)
    const bad = await call('cluster_follow_config_set', {cluster_path: followers, cluster_name: 'led', config_updates: {'cluster.follower_mode': 'maybe'}})
    expect(bad.isError).to.equal(true)
    expect(bad.structuredContent.error.exit).to.equal(4)
    expect(await bytes(file)).to.equal(before)
  })

  it('status of a stopped peer is a report (isError false): healthy false, exitCode 6', async () => {
    const t0 = Date.now()
    const r = await ok('cluster_service_status_via_api', {cluster_path: peer0})
    expect(Date.now() - t0).to.be.lessThan(10_000)
    expect(r.structuredContent).to.include({kind: 'service', configured: true, reachable: false, healthy: false, exitCode: 6})
    expect(r.structuredContent.identityId).to.equal(peerId0)
    expect(text(r)).to.contain('exit code: 6')
    const cli = await runCli(['status', '--path', peer0, '--json'])
    expect(cli.code).to.equal(6)
    expect(r.structuredContent).to.deep.equal(jsonOut(cli))
    const f = await ok('cluster_follow_status_via_api', {cluster_path: followers, cluster_name: 'led'})
    expect(f.structuredContent).to.include({kind: 'follow', healthy: false, exitCode: 6})
    const none = await ok('cluster_service_status_via_api', {cluster_path: join(root, 'none')})
    expect(none.structuredContent).to.include({configured: false, exitCode: 3})
  })

  it('invalid input (unknown property, wrong type, missing field) is isError with the reasons, and writes nothing', async () => {
    const dir = join(root, 'never')
    const unknown = await call('cluster_service_config_create', {cluster_path: dir, bogus: 1})
    expect(unknown.isError).to.equal(true)
    expect(unknown.structuredContent.error).to.include({name: 'UsageError', exit: 2})
    expect(text(unknown)).to.contain('unknown property "bogus"')
    const wrongType = await call('cluster_service_config_create', {cluster_path: dir, overwrite: 'yes', consensus: 'paxos'})
    expect(text(wrongType)).to.contain('overwrite: must be boolean').and.contain('consensus: must be one of crdt, raft')
    expect(existsSync(dir)).to.equal(false)

    const noMode = await call('cluster_follow_config_create', {cluster_path: followers, cluster_name: 'nomode'})
    expect(noMode.structuredContent.error.exit).to.equal(7)
    expect(text(noMode)).to.contain('--source is source').and.contain('--leader is bootstrap_peer')
    expect(existsSync(join(followers, 'nomode'))).to.equal(false)

    const file = join(peer0, 'service.json')
    const before = await bytes(file)
    const missing = await call('cluster_service_config_set', {cluster_path: peer0})
    expect(text(missing)).to.contain('missing required property "config_updates"')
    const notObject = await call('cluster_service_config_set', {cluster_path: peer0, config_updates: 'cluster.peername=x'})
    expect(text(notObject)).to.contain('config_updates: must be object')
    const nullValue = await call('cluster_service_config_set', {cluster_path: peer0, config_updates: {'cluster.peername': null}})
    expect(nullValue.isError).to.equal(true)
    const badCa = await call('cluster_service_status_via_api', {cluster_path: peer0, ca_cert: join(root, 'none.pem')})
    expect(badCa.structuredContent.error.exit).to.equal(2)
    expect(text(badCa)).to.contain(`ca_cert ${join(root, 'none.pem')}: no such file`)
    const badAuth = await call('cluster_service_status_via_api', {cluster_path: peer0, auth: {username: 'admin', pass: SECRET}})
    expect(text(badAuth)).to.contain('auth: unknown property "pass"')
    expect(JSON.stringify(badAuth)).to.not.contain(SECRET)
    expect(await bytes(file)).to.equal(before)
  })

  it('connect: the leader from a multiaddress (dry run, then for real), an unreachable API is exit 6', async () => {
    const peer1 = join(root, 'peer1')
    await ok('cluster_service_config_create', {cluster_path: peer1, random_ports: true})
    const leader = `/ip4/127.0.0.1/tcp/9096/p2p/${peerId0}`
    const file = join(peer1, 'service.json')
    const before = await bytes(file)
    const dry = await ok('connect_to_networked_cluster', {cluster_path: peer1, leader, dry_run: true})
    // A new crdt peer trusts everyone ("*"), so only peer_addresses changes.
    expect(dry.structuredContent).to.include({kind: 'service', written: false, trusted: false})
    expect(dry.structuredContent.changes.map((c: any) => c.key)).to.deep.equal(['cluster.peer_addresses'])
    expect(await bytes(file)).to.equal(before)
    const real = await ok('connect_to_networked_cluster', {cluster_path: peer1, leader})
    expect(real.structuredContent.written).to.equal(true)
    expect(real.structuredContent.leader).to.deep.equal({id: peerId0, addresses: [leader]})
    expect((await readJson(file)).cluster.peer_addresses).to.deep.equal([leader])

    const down = await call('connect_to_networked_cluster', {cluster_path: peer1, remote_host: '127.0.0.1', remote_port: 1})
    expect(down.isError).to.equal(true)
    expect(down.structuredContent.error.exit).to.equal(6)
    const neither = await call('connect_to_networked_cluster', {cluster_path: peer1})
    expect(neither.structuredContent.error.exit).to.equal(7)
  })

  it('connect_follow_to_leader writes the leader into a follower', async () => {
    const leader = `/ip4/127.0.0.1/tcp/19096/p2p/${peerId0}`
    const r = await ok('connect_follow_to_leader', {cluster_path: followers, cluster_name: 'led', leader})
    expect(r.structuredContent).to.include({kind: 'follow', folder: join(followers, 'led'), written: true})
    expect((await readJson(join(followers, 'led', 'service.json'))).cluster.peer_addresses).to.include(leader)
    const source = await call('connect_follow_to_leader', {cluster_path: followers, cluster_name: 'src', leader})
    expect(source.structuredContent.error.exit).to.equal(4)
  })

  it('cluster_check: the result of `cluster check --json`, a report (isError false) naming the peers whose secrets differ, no secret in it', async () => {
    const odd = join(root, 'odd')
    await ok('cluster_service_config_create', {cluster_path: odd, peername: 'odd', secret: SECRET, random_ports: true}) // peer0 has SECRET2 by now
    const r = await ok('cluster_check', {paths: [peer0, odd], offline: true})
    const s = r.structuredContent
    expect(s).to.include({ok: false, exitCode: 4})
    const differs = s.findings.find((f: any) => f.rule === 'secret-differs')
    expect(differs.groups).to.deep.equal([[peer0], [odd]])
    const cli = await runCli(['cluster', 'check', '--path', peer0, '--path', odd, '--offline', '--json'], {env: {HOME: join(root, 'home')}})
    expect(cli.code).to.equal(4)
    expect(s).to.deep.equal(jsonOut(cli))
    expect(text(r)).to.contain('error secret-differs: peers have different cluster secrets: they cannot connect')
    const keys = [SECRET, SECRET2, (await readJson(join(peer0, 'identity.json'))).private_key, (await readJson(join(odd, 'identity.json'))).private_key]
    for (const leak of keys) expect(JSON.stringify(r)).to.not.contain(leak)
    const none = await call('cluster_check', {})
    expect(none.isError).to.equal(true)
    expect(none.structuredContent.error).to.include({exit: 2, message: 'name the peers to check: bundle, paths, follow or api'})
  })

  it('cluster_create / cluster_add_peers / cluster_remove_peer: the bundle the commands make, no secret in any answer; bad input writes nothing', async () => {
    const out = join(root, 'bundle')
    const made = await ok('cluster_create', {out, peers: 3, secret: SECRET, hosts: ['10.9.0.1', '10.9.0.2', '10.9.0.3']})
    const bundle = made.structuredContent.bundle
    expect(bundle.peers.map((p: any) => p.name)).to.deep.equal(['peer-0', 'peer-1', 'peer-2'])
    expect(JSON.parse(await bytes(join(out, 'cluster.json')))).to.deep.equal(bundle)
    for (const p of bundle.peers) {
      const v = await runCli(['service', 'config', 'validate', '--path', join(out, p.folder), '--strict'])
      expect(v.code, v.stderr).to.equal(0)
      expect(JSON.parse(await bytes(join(out, p.folder, 'service.json'))).consensus.crdt.trusted_peers).to.deep.equal(bundle.peers.map((q: any) => q.id))
    }
    expect(JSON.stringify(made)).to.not.contain(SECRET)
    expect(text(made)).to.contain('peer-2')

    const added = await ok('cluster_add_peers', {out, hosts: ['10.9.0.4']})
    expect(added.structuredContent.added).to.deep.equal(['peer-3'])
    expect(JSON.parse(await bytes(join(out, 'peer-0', 'service.json'))).consensus.crdt.trusted_peers).to.include(added.structuredContent.bundle.peers[3].id)
    const removed = await ok('cluster_remove_peer', {out, name: 'peer-3'})
    expect(removed.structuredContent.removed).to.deep.equal(['peer-3'])
    expect(existsSync(join(out, 'peer-3'))).to.equal(false)
    expect(text(removed)).to.contain('crdt has no peers rm')
    expect(JSON.stringify([added, removed])).to.not.contain(SECRET)

    const before = await snapshot(out)
    const bad = await call('cluster_create', {out: join(root, 'bundle2'), peers: 0})
    expect(bad.isError).to.equal(true)
    expect(existsSync(join(root, 'bundle2'))).to.equal(false)
    const gone = await call('cluster_remove_peer', {out, name: 'peer-9'})
    expect(gone.structuredContent.error.exit).to.equal(3)
    expect(await snapshot(out)).to.deep.equal(before)
  })

  it('printed nothing but the protocol on stdout, and its diagnostics on stderr', () => {
    expect(mcp.transportErrors).to.deep.equal([])
    expect(mcp.stderr()).to.contain('MCP server on stdio, 14 tools')
  })
})
