// MCP over Streamable HTTP with the SDK's own client, and the WebSocket's events: a change made on disk by
// another process arrives as config.changed (keys listed, secrets redacted), each call as tool.called.
import {Client} from '@modelcontextprotocol/sdk/client/index.js'
import {StreamableHTTPClientTransport} from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import {expect} from 'chai'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

import {SECRET, snapshot, tempDir} from '../helpers.js'
import {jsonOut, runCli} from '../../support/cli.js'
import {type Served, startServe} from '../../support/serve.js'

const REDACTED = '<redacted: use --show-secrets>'

describe('serve: MCP over HTTP and the WebSocket', function () {
  let root: string
  let peer0: string
  let srv: Served
  let client: Client

  before(async function () {
    root = tempDir('icc-serve-mcp-')
    peer0 = join(root, 'peer0')
    const made = await runCli(['service', 'config', 'create', '--path', peer0, '--peername', 'peer0', '--secret', SECRET, '--random-ports'])
    expect(made.code, made.stderr).to.equal(0)
    srv = await startServe(join(root, 'home'), ['--path', peer0, '--poll', '1s'])
    client = new Client({name: 'icc-test', version: '0.0.0'})
    await client.connect(new StreamableHTTPClientTransport(new URL(`${srv.base}/mcp`), {requestInit: {headers: {Authorization: `Bearer ${srv.token}`}}}))
  })

  after(async () => {
    await client?.close()
    await srv?.proc.stop()
  })

  it('the SDK client lists the same tools as GET /api/tools', async () => {
    const {tools} = await client.listTools()
    const api = (await srv.req('GET', '/api/tools')).json.tools
    expect(tools.map((t) => t.name)).to.deep.equal(api.map((t: any) => t.name))
    expect(tools.find((t) => t.name === 'cluster_service_config_set')?.inputSchema.required).to.deep.equal(['config_updates'])
  })

  it('a get: structuredContent is what `service config get --json` prints, the secret redacted', async () => {
    const r: any = await client.callTool({name: 'cluster_service_config_get', arguments: {cluster_path: peer0, key: 'cluster'}})
    expect(r.isError).to.equal(false)
    expect(r.structuredContent).to.deep.equal(jsonOut(await runCli(['service', 'config', 'get', 'cluster', '--path', peer0, '--json'])))
    expect(r.structuredContent.value.secret).to.equal(REDACTED)
    expect(JSON.stringify(r)).to.not.contain(SECRET)
  })

  it('a set with a bad value: isError with exit 4, the file unchanged', async () => {
    const before = await snapshot(peer0)
    const r: any = await client.callTool({name: 'cluster_service_config_set', arguments: {cluster_path: peer0, config_updates: {'cluster.replication_factor_min': 'two'}}})
    expect(r.isError).to.equal(true)
    expect(r.structuredContent.error).to.include({exit: 4})
    expect(r.structuredContent.error.message).to.contain('cluster.replication_factor_min')
    expect(await snapshot(peer0)).to.deep.equal(before)
  })

  it('each request is served on its own (stateless): no session id, many clients at once', async () => {
    const res = await srv.req('POST', '/mcp', {
      body: {jsonrpc: '2.0', id: 1, method: 'initialize', params: {protocolVersion: '2025-06-18', capabilities: {}, clientInfo: {name: 't', version: '0'}}},
      headers: {Accept: 'application/json, text/event-stream'},
    })
    expect(res.status, res.text).to.equal(200)
    expect(res.headers['mcp-session-id']).to.equal(undefined)
    const clients = await Promise.all(
      [1, 2, 3, 4].map(async () => {
        const c = new Client({name: 'many', version: '0'})
        await c.connect(new StreamableHTTPClientTransport(new URL(`${srv.base}/mcp`), {requestInit: {headers: {Authorization: `Bearer ${srv.token}`}}}))
        return c
      }),
    )
    const answers: any[] = await Promise.all(clients.map((c) => c.callTool({name: 'cluster_service_config_get', arguments: {cluster_path: peer0, key: 'cluster.peername'}})))
    for (const a of answers) expect(a.structuredContent.value).to.equal('peer0')
    await Promise.all(clients.map((c) => c.close()))
  })

  it('a `service config set` from another process arrives as config.changed within 2 s, keys listed, secrets redacted', async () => {
    const ws = await srv.ws()
    try {
      await ws.next((e) => e.type === 'hello')
      const NEW_SECRET = 'bb'.repeat(32)
      const started = Date.now()
      const set = await runCli(['service', 'config', 'set', 'cluster.replication_factor_min', '2', 'cluster.replication_factor_max', '3', 'cluster.secret', NEW_SECRET, '--path', peer0])
      expect(set.code, set.stderr).to.equal(0)
      const written = Date.now()
      const e = await ws.next((x) => x.type === 'config.changed', 2000)
      expect(Date.now() - written).to.be.below(2000)
      expect(e).to.include({name: 'peer0', kind: 'service', folder: peer0})
      expect(e.changes).to.deep.equal([
        {key: 'cluster.replication_factor_max', before: -1, after: 3},
        {key: 'cluster.replication_factor_min', before: -1, after: 2},
        {key: 'cluster.secret', before: REDACTED, after: REDACTED},
      ])
      expect(JSON.stringify(ws.events)).to.not.contain(NEW_SECRET)
      expect(JSON.stringify(ws.events)).to.not.contain(SECRET)
      const peers = (await srv.req('GET', '/api/peers')).json.peers
      expect(e.version).to.equal(peers[0].version)
      expect(Date.now() - started).to.be.below(60_000)
    } finally {
      ws.close()
    }
  })

  it('an edit in an editor (the file rewritten in place) also arrives as config.changed', async () => {
    const ws = await srv.ws()
    try {
      const file = join(peer0, 'service.json')
      const svc = JSON.parse(await readFile(file, 'utf8'))
      svc.cluster.peername = 'edited-by-hand'
      const {writeFile} = await import('node:fs/promises')
      await writeFile(file, JSON.stringify(svc, null, 2))
      const e = await ws.next((x) => x.type === 'config.changed', 2000)
      expect(e.changes).to.deep.equal([{key: 'cluster.peername', before: 'peer0', after: 'edited-by-hand'}])
    } finally {
      ws.close()
    }
  })

  it('tool.called for each call, through the API and through /mcp; status.changed from the poller', async () => {
    const ws = await srv.ws()
    try {
      await srv.call('cluster_service_config_get', {cluster_path: join(root, 'nowhere')})
      const api = await ws.next((e) => e.type === 'tool.called' && e.via === 'api')
      expect(api).to.include({tool: 'cluster_service_config_get', isError: true, exit: 3})
      await client.callTool({name: 'cluster_service_config_get', arguments: {cluster_path: peer0, key: 'cluster.peername'}})
      const mcp = await ws.next((e) => e.type === 'tool.called' && e.via === 'mcp')
      expect(mcp).to.include({tool: 'cluster_service_config_get', readOnly: true, isError: false, exit: 0})
      // A dry run (what the page sends for every edit, valid or not) is no event; the real set is, once.
      const sets = () => ws.events.filter((e) => e.type === 'tool.called' && e.tool === 'cluster_service_config_set')
      for (const value of [2, 'many']) expect((await srv.call('cluster_service_config_set', {cluster_path: peer0, config_updates: {'cluster.replication_factor_max': value}, dry_run: true})).status).to.be.oneOf([200, 422])
      await srv.call('cluster_service_config_set', {cluster_path: peer0, config_updates: {'cluster.replication_factor_max': 3}})
      const set = await ws.next((e) => e.type === 'tool.called' && e.tool === 'cluster_service_config_set')
      expect(set).to.include({via: 'api', readOnly: false, isError: false, exit: 0})
      expect(sets()).to.have.length(1)
      // The peer is not running: the poller reports it down once (an earlier client saw that event; this one
      // gets the last known status in its hello), and GET /api/peers carries it from then on.
      const key = (await srv.req('GET', '/api/peers')).json.peers[0].key
      const first = ws.events.find((e) => e.type === 'hello').statuses[key] ?? (await ws.next((e) => e.type === 'status.changed', 5000)).status
      expect(first).to.include({healthy: false, reachable: false})
      expect((await srv.req('GET', '/api/peers')).json.peers[0].status).to.include({healthy: false, reachable: false})
    } finally {
      ws.close()
    }
  })
})
