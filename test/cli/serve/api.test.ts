// `serve`'s HTTP API: every route and error, the same result objects as `--json`, redaction, and the
// refusal of an edit based on a stale version. Peers live in temp folders; HOME is a temp folder.
import {expect} from 'chai'
import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {SECRET, snapshot, tempDir} from '../helpers.js'
import {jsonOut, runCli} from '../../support/cli.js'
import {type Served, expectError, startServe} from '../../support/serve.js'

const REDACTED = '<redacted: use --show-secrets>'

describe('serve: the HTTP API', function () {
  let root: string
  let peer0: string
  let followers: string
  let srv: Served

  before(async function () {
    root = tempDir('icc-serve-api-')
    peer0 = join(root, 'peer0')
    followers = join(root, 'followers')
    const made = await runCli(['service', 'config', 'create', '--path', peer0, '--peername', 'peer0', '--secret', SECRET, '--random-ports', '--json'])
    expect(made.code, made.stderr).to.equal(0)
    const leader = `/ip4/127.0.0.1/tcp/9096/p2p/${jsonOut(made).peerId}`
    const f = await runCli(['follow', 'config', 'create', 'f1', '--path', followers, '--leader', leader, '--secret', SECRET, '--json'])
    expect(f.code, f.stderr).to.equal(0)
    srv = await startServe(join(root, 'home'), ['--path', peer0, '--follow-path', followers])
  })

  after(async () => {
    await srv?.proc.stop()
  })

  it('GET /api/tools lists every operation with title, description, input schema and annotations', async () => {
    const r = await srv.req('GET', '/api/tools')
    expect(r.status).to.equal(200)
    const names = r.json.tools.map((t: any) => t.name)
    expect(names).to.include.members(['cluster_service_config_get', 'cluster_service_config_set', 'cluster_follow_config_create', 'connect_to_networked_cluster'])
    for (const t of r.json.tools) {
      expect(t.title, t.name).to.be.a('string').and.not.empty
      expect(t.description, t.name).to.be.a('string').and.not.empty
      expect(t.inputSchema).to.include({type: 'object', additionalProperties: false})
      expect(t.annotations.readOnlyHint, t.name).to.be.a('boolean')
    }
    expect(r.headers['access-control-allow-origin']).to.equal(undefined)
  })

  it('POST /api/mcp/<tool> answers the same object as the command with --json, secrets redacted', async () => {
    const r = await srv.call('cluster_service_config_get', {cluster_path: peer0})
    expect(r.status).to.equal(200)
    const cli = jsonOut(await runCli(['service', 'config', 'get', '--path', peer0, '--json']))
    expect(r.json).to.deep.equal(cli)
    expect(r.json.value.cluster.secret).to.equal(REDACTED)
    expect(r.text).to.not.contain(SECRET)
  })

  it('show_secrets: true reveals the secret to an authorised call', async () => {
    const r = await srv.call('cluster_service_config_get', {cluster_path: peer0, key: 'cluster.secret', show_secrets: true})
    expect(r.status).to.equal(200)
    expect(r.json.value).to.equal(SECRET)
  })

  it('maps exit codes to HTTP statuses: usage 400, not found 404, unknown key 404, exists 409, invalid 422, unreachable 503', async () => {
    expectError(await srv.call('cluster_service_config_get', {cluster_path: peer0, bogus: 1}), 400, 2)
    expectError(await srv.call('cluster_service_config_get', {cluster_path: join(root, 'nowhere')}), 404, 3)
    expectError(await srv.call('cluster_service_config_get', {cluster_path: peer0, key: 'cluster.nope'}), 404, 8)
    expectError(await srv.call('cluster_service_config_create', {cluster_path: peer0}), 409, 5)
    const before = await snapshot(peer0)
    const bad = await srv.call('cluster_service_config_set', {cluster_path: peer0, config_updates: {'cluster.replication_factor_max': 'many'}})
    expectError(bad, 422, 4)
    expect(bad.json.error.message).to.contain('cluster.replication_factor_max')
    expect(bad.json.error.details[0]).to.include({key: 'cluster.replication_factor_max'})
    expect(await snapshot(peer0)).to.deep.equal(before)
    const down = await srv.call('connect_to_networked_cluster', {cluster_path: peer0, remote_host: '127.0.0.1', remote_port: 1})
    expectError(down, 503, 6)
  })

  it("POST /api/call/<tool> (the page's route) answers 200 with the status and the same result inside", async () => {
    const direct = await srv.call('cluster_service_config_get', {cluster_path: join(root, 'nowhere')})
    const r = await srv.req('POST', '/api/call/cluster_service_config_get', {body: {cluster_path: join(root, 'nowhere')}})
    expect(r.status).to.equal(200)
    expect(r.json).to.deep.equal({status: 404, result: direct.json})
    const ok = await srv.req('POST', '/api/call/cluster_service_config_get', {body: {cluster_path: peer0, key: 'cluster.peername'}})
    expect(ok.json).to.deep.include({status: 200})
    expect(ok.json.result.value).to.equal('peer0')
  })

  it('a status report is 200 with its exitCode (a stopped peer is not a failed call)', async () => {
    const r = await srv.call('cluster_service_status_via_api', {cluster_path: peer0})
    expect(r.status).to.equal(200)
    expect(r.json).to.include({healthy: false, exitCode: 6})
  })

  it('unknown operations and routes are 404, wrong methods 405, all as the error document', async () => {
    expectError(await srv.call('no_such_tool', {}), 404)
    expectError(await srv.req('GET', '/api/nothing'), 404)
    expectError(await srv.req('GET', '/api/mcp/cluster_service_config_get'), 405)
    expectError(await srv.req('GET', '/mcp'), 405)
    expectError(await srv.req('DELETE', '/'), 405)
  })

  it('bad JSON is 400, a body over the limit 413, a body that is not JSON 415; nothing is written', async () => {
    const before = await snapshot(peer0)
    expectError(await srv.req('POST', '/api/mcp/cluster_service_config_set', {raw: '{"cluster_path": '}), 400)
    const big = JSON.stringify({cluster_path: peer0, config_updates: {'cluster.peername': 'x'.repeat(1100 * 1024)}})
    expectError(await srv.req('POST', '/api/mcp/cluster_service_config_set', {raw: big}), 413)
    // Without a declared length the limit is found while reading; the sender still gets the answer.
    expectError(await srv.req('POST', '/api/mcp/cluster_service_config_set', {raw: big, headers: {'Transfer-Encoding': 'chunked'}}), 413)
    expectError(await srv.req('POST', '/api/mcp/cluster_service_config_set', {raw: 'cluster_path=x', headers: {'Content-Type': 'application/x-www-form-urlencoded'}}), 415)
    expectError(await srv.req('POST', '/mcp', {raw: '{"jsonrpc": '}), 400)
    expect(await snapshot(peer0)).to.deep.equal(before)
  })

  it('GET /api/peers: every managed peer with kind, folder, id, peername, consensus, validation and status; no secret', async () => {
    const r = await srv.req('GET', '/api/peers')
    expect(r.status).to.equal(200)
    const [service, follower] = r.json.peers
    const identity = JSON.parse(await readFile(join(peer0, 'identity.json'), 'utf8'))
    expect(service).to.include({kind: 'service', name: 'peer0', folder: peer0, id: identity.id, peername: 'peer0', consensus: 'crdt', initialised: true})
    expect(service.validation).to.deep.equal({valid: true, errors: [], warnings: []})
    expect(service.version).to.match(/^[0-9a-f]{16}$/)
    expect(service).to.have.property('status')
    expect(follower).to.include({kind: 'follow', name: 'f1', folder: join(followers, 'f1'), base: followers, consensus: 'crdt'})
    for (const leak of [SECRET, identity.private_key]) expect(r.text).to.not.contain(leak)
  })

  it('an invalid peer is listed with its validation errors', async () => {
    const broken = join(followers, 'f2')
    const f = await runCli(['follow', 'config', 'create', 'f2', '--path', followers, '--leader', `/ip4/127.0.0.1/tcp/9096/p2p/${JSON.parse(await readFile(join(peer0, 'identity.json'), 'utf8')).id}`, '--secret', SECRET])
    expect(f.code, f.stderr).to.equal(0)
    const svc = JSON.parse(await readFile(join(broken, 'service.json'), 'utf8'))
    svc.cluster.replication_factor_min = 5
    svc.cluster.replication_factor_max = 2
    await writeFile(join(broken, 'service.json'), JSON.stringify(svc, null, 2))
    const r = await srv.req('GET', '/api/peers')
    const p = r.json.peers.find((x: any) => x.name === 'f2')
    expect(p.validation.valid).to.equal(false)
    expect(p.validation.errors.map((e: any) => e.key).join()).to.contain('replication_factor')
  })

  it('GET /api/peers/<key>/config: the config redacted, with its version; show_secrets=true reveals', async () => {
    const {peers} = (await srv.req('GET', '/api/peers')).json
    const key = peers[0].key
    const r = await srv.req('GET', `/api/peers/${key}/config`)
    expect(r.status).to.equal(200)
    expect(r.json.config.cluster.secret).to.equal(REDACTED)
    expect(r.json.redacted).to.include('cluster.secret')
    expect(r.json.version).to.equal(peers[0].version)
    const shown = await srv.req('GET', `/api/peers/${key}/config?show_secrets=true`)
    expect(shown.json.config.cluster.secret).to.equal(SECRET)
    expectError(await srv.req('GET', '/api/peers/000000000000/config'), 404)
  })

  it('an edit based on a stale version is refused (409, exit 5) and writes nothing; on the current version it is written', async () => {
    const key = (await srv.req('GET', '/api/peers')).json.peers[0].key
    const read = (await srv.req('GET', `/api/peers/${key}/config`)).json.version
    const outside = await runCli(['service', 'config', 'set', 'cluster.peername', 'renamed-outside', '--path', peer0])
    expect(outside.code, outside.stderr).to.equal(0)
    const before = await readFile(join(peer0, 'service.json'), 'utf8')
    const stale = await srv.call('cluster_service_config_set', {cluster_path: peer0, config_updates: {'cluster.peername': 'from-the-page'}, if_version: read})
    expectError(stale, 409, 5)
    expect(stale.json.error.message).to.contain('changed since')
    expect(await readFile(join(peer0, 'service.json'), 'utf8')).to.equal(before)
    const current = (await srv.req('GET', `/api/peers/${key}/config`)).json.version
    expect(current).to.not.equal(read)
    const fresh = await srv.call('cluster_service_config_set', {cluster_path: peer0, config_updates: {'cluster.peername': 'from-the-page'}, if_version: current})
    expect(fresh.status, fresh.text).to.equal(200)
    expect(JSON.parse(await readFile(join(peer0, 'service.json'), 'utf8')).cluster.peername).to.equal('from-the-page')
  })

  it('POST /api/cli/<tool>: the equivalent command line, never with a secret in it', async () => {
    const r = await srv.req('POST', '/api/cli/cluster_service_config_set', {body: {cluster_path: peer0, config_updates: {'cluster.replication_factor_max': 3, 'cluster.secret': SECRET}}})
    expect(r.status).to.equal(200)
    expect(r.json.command).to.equal(`ipfs-cluster-config service config set cluster.replication_factor_max 3 cluster.secret - --path ${peer0}`)
    expect(r.json.note).to.contain('stdin')
    const f = await srv.req('POST', '/api/cli/cluster_follow_config_set', {body: {cluster_name: 'f1', cluster_path: followers, config_updates: {cluster: {peername: 'my follower'}}}})
    expect(f.json.command).to.equal(`ipfs-cluster-config follow config set f1 cluster.peername 'my follower' --path ${followers}`)
    expectError(await srv.req('POST', '/api/cli/nope', {body: {}}), 404)
  })

  it('a peer created through the API is managed from then on', async () => {
    const peer9 = join(root, 'peer9')
    const r = await srv.call('cluster_service_config_create', {cluster_path: peer9, peername: 'peer9', random_ports: true})
    expect(r.status, r.text).to.equal(200)
    const {peers} = (await srv.req('GET', '/api/peers')).json
    expect(peers.map((p: any) => p.folder)).to.include(peer9)
  })

  it('the dashboard is served from the package, small and self-contained', async () => {
    const page = await srv.req('GET', '/')
    expect(page.status).to.equal(200)
    expect(page.headers['content-type']).to.contain('text/html')
    expect(page.headers['content-security-policy']).to.contain("default-src 'self'")
    let weight = page.text.length
    for (const asset of [...page.text.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1])) {
      const a = await srv.req('GET', asset)
      expect(a.status, asset).to.equal(200)
      weight += Buffer.byteLength(a.text)
    }
    expect(weight).to.be.below(150 * 1024)
    expect(page.text).to.not.match(/https?:\/\//)
  })
})
