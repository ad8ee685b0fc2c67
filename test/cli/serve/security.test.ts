// `serve` is secure by default: the token on every route (the page, the API, /mcp and the WebSocket
// upgrade), only loopback Host names (DNS rebinding), no foreign Origin (cross-site requests), no
// wildcard CORS, static paths that never leave the asset folder, and no non-loopback listen by accident.
import {expect} from 'chai'
import {writeFileSync} from 'node:fs'
import {request} from 'node:https'
import {join} from 'node:path'

import {SECRET, tempDir} from '../helpers.js'
import {repoRoot, runCli} from '../../support/cli.js'
import {type Served, expectError, httpRequest, openSocket, rawStatus, startServe} from '../../support/serve.js'

const MCP_INIT = {jsonrpc: '2.0', id: 1, method: 'initialize', params: {protocolVersion: '2025-06-18', capabilities: {}, clientInfo: {name: 't', version: '0'}}}
const MCP_HEADERS = {'Content-Type': 'application/json', Accept: 'application/json, text/event-stream'}

describe('serve: security', function () {
  let root: string
  let srv: Served

  before(async function () {
    root = tempDir('icc-serve-sec-')
    const made = await runCli(['service', 'config', 'create', '--path', join(root, 'peer0'), '--secret', SECRET, '--random-ports'])
    expect(made.code, made.stderr).to.equal(0)
    srv = await startServe(join(root, 'home'), ['--path', join(root, 'peer0'), '--allowed-host', 'cluster-ui.internal'])
  })

  after(async () => {
    await srv?.proc.stop()
  })

  const noAuth = {Authorization: ''}

  it('prints a URL with a random token of at least 24 bytes, different on every start', async () => {
    expect(Buffer.from(srv.token, 'base64url').length).to.be.at.least(24)
    const other = await startServe(join(root, 'home'), ['--path', join(root, 'peer0')])
    expect(other.token).to.not.equal(srv.token)
    await other.proc.stop()
  })

  it('no token or a wrong token is 401 on the page, the API and /mcp', async () => {
    for (const headers of [noAuth, {Authorization: 'Bearer wrong-token-wrong-token-wrong'}, {Authorization: `Bearer ${srv.token}x`}, {Authorization: '', Cookie: 'ipfs_cluster_config_token=nope'}]) {
      expectError(await srv.req('GET', '/', {headers}), 401)
      expectError(await srv.req('GET', '/api/tools', {headers}), 401)
      expectError(await srv.req('GET', '/app.js', {headers}), 401)
      expectError(await srv.req('POST', '/api/mcp/cluster_service_config_get', {body: {}, headers}), 401)
      expectError(await srv.req('POST', '/mcp', {body: MCP_INIT, headers: {...MCP_HEADERS, ...headers}}), 401)
    }
    expectError(await srv.req('GET', '/?token=wrong', {headers: noAuth}), 401)
  })

  it('no token or a wrong token is 401 on the WebSocket upgrade', async () => {
    for (const headers of [noAuth, {Authorization: 'Bearer wrong'}]) {
      const err = await openSocket(`ws://127.0.0.1:${srv.port}/ws`, headers).then(
        () => undefined,
        (e) => e,
      )
      expect(err?.status, String(err)).to.equal(401)
    }
  })

  it('the token URL is exchanged once for an HttpOnly SameSite=Strict cookie, and the address bar loses the token', async () => {
    const r = await srv.req('GET', `/?token=${encodeURIComponent(srv.token)}`, {headers: noAuth})
    expect(r.status).to.equal(303)
    expect(r.headers.location).to.equal('/')
    const cookie = String(r.headers['set-cookie'])
    expect(cookie).to.match(/^ipfs_cluster_config_token=[^;]+; HttpOnly; SameSite=Strict; Path=\/$/)
    const withCookie = {Authorization: '', Cookie: cookie.split(';')[0]}
    expect((await srv.req('GET', '/', {headers: withCookie})).status).to.equal(200)
    expect((await srv.req('GET', '/api/peers', {headers: withCookie})).status).to.equal(200)
    // The token is only taken from the URL of the page itself, never from an API URL.
    expectError(await srv.req('GET', `/api/peers?token=${encodeURIComponent(srv.token)}`, {headers: noAuth}), 401)
  })

  it('Host evil.example, 127.0.0.1.nip.io, localhost6, 0177.0.0.1 and the like are 403 even with the token', async () => {
    for (const host of ['evil.example', '127.0.0.1.nip.io', 'localhost6', '0177.0.0.1', '0x7f.0.0.1', '127.1', '2130706433', 'localhost.', '[::2]', `evil.example:${srv.port}`, `0177.0.0.1:${srv.port}`, 'user@127.0.0.1']) {
      const r = await srv.req('GET', '/api/tools', {headers: {Host: host}})
      expect(r.status, host).to.equal(403)
      expect(r.json.error.message).to.contain('Host')
      expect((await srv.req('POST', '/mcp', {body: MCP_INIT, headers: {...MCP_HEADERS, Host: host}})).status, host).to.equal(403)
      const ws = await openSocket(`ws://127.0.0.1:${srv.port}/ws`, {Authorization: `Bearer ${srv.token}`, Host: host}).then(
        (s) => (s.close(), undefined),
        (e) => e,
      )
      expect(ws?.status, host).to.equal(403)
    }
  })

  it('a request without any Host header is 403', async () => {
    const status = await rawStatus(srv.port, `GET /api/tools HTTP/1.1\r\nAuthorization: Bearer ${srv.token}\r\nConnection: close\r\n\r\n`)
    expect(status).to.equal(403)
  })

  it('exact loopback names and literals, and an --allowed-host, are accepted', async () => {
    for (const host of [`127.0.0.1:${srv.port}`, `localhost:${srv.port}`, `[::1]:${srv.port}`, `127.0.0.2:${srv.port}`, 'LOCALHOST', `cluster-ui.internal:${srv.port}`])
      expect((await srv.req('GET', '/api/tools', {headers: {Host: host}})).status, host).to.equal(200)
  })

  it("a foreign Origin is 403 on the API, on /mcp and on the WebSocket upgrade; the server's own Origin is fine", async () => {
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${srv.port + 1}`, `https://127.0.0.1:${srv.port}`]) {
      const api = await srv.req('POST', '/api/mcp/cluster_service_config_get', {body: {cluster_path: join(root, 'peer0')}, headers: {Origin: origin}})
      expectError(api, 403)
      expect(api.json.error.message).to.contain('Origin')
      expect((await srv.req('POST', '/mcp', {body: MCP_INIT, headers: {...MCP_HEADERS, Origin: origin}})).status, origin).to.equal(403)
      const ws = await openSocket(`ws://127.0.0.1:${srv.port}/ws`, {Authorization: `Bearer ${srv.token}`, Origin: origin}).then(
        (s) => (s.close(), undefined),
        (e) => e,
      )
      expect(ws?.status, origin).to.equal(403)
    }
    const own = await srv.req('POST', '/api/mcp/cluster_service_config_get', {body: {cluster_path: join(root, 'peer0')}, headers: {Origin: `http://127.0.0.1:${srv.port}`}})
    expect(own.status, own.text).to.equal(200)
    const ws = await srv.ws({Origin: `http://127.0.0.1:${srv.port}`})
    ws.close()
  })

  it('never answers with CORS headers, not even to a preflight', async () => {
    for (const [method, headers] of [
      ['OPTIONS', {Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST'}],
      ['OPTIONS', {Origin: `http://127.0.0.1:${srv.port}`, 'Access-Control-Request-Method': 'POST'}],
      ['GET', {}],
    ] as const) {
      const r = await srv.req(method, '/api/tools', {headers})
      expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-')), `${method} ${JSON.stringify(headers)}`).to.deep.equal([])
    }
  })

  it('static paths with .., %2e%2e or encoded slashes never leave the asset folder', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/%2e%2e%2fpackage.json', '/app.js/..%2f..%2fpackage.json', '/..%5cpackage.json', '/%2E%2E/%2E%2E/package.json', '/./app.js', '/%00', '/.%2e/dist/cli/fast.js', '/package.json', '/../../../../etc/passwd']) {
      const r = await srv.req('GET', path)
      expect([400, 404], path).to.include(r.status)
      expect(r.text, path).to.not.contain('"name": "ipfs-cluster-config"')
      expect(r.text, path).to.not.contain('root:')
    }
  })

  it('SIGTERM closes it cleanly (exit 0)', async () => {
    const other = await startServe(join(root, 'home'), ['--path', join(root, 'peer0')])
    const ws = await other.ws()
    other.proc.proc.kill('SIGTERM')
    const status = await other.proc.exited
    expect(status).to.deep.equal({code: 0, signal: null})
    expect(ws.socket.readyState).to.be.oneOf([ws.socket.CLOSING, ws.socket.CLOSED])
  })

  describe('refusing to start', () => {
    const serve = (args: string[]) => runCli(['serve', ...args], {env: {HOME: join(root, 'home')}, timeoutMs: 20_000})

    it('a non-loopback --listen without --allow-remote and a token file: exit 2 with a clear message', async () => {
      const tokenFile = join(root, 'token')
      writeFileSync(tokenFile, 'k'.repeat(32))
      for (const args of [['--listen', '0.0.0.0:0'], ['--listen', '0.0.0.0:0', '--allow-remote'], ['--listen', ':0', '--token-file', tokenFile], ['--listen', '10.1.2.3:0']]) {
        const r = await serve(args)
        expect(r.code, args.join(' ')).to.equal(2)
        expect(r.stderr).to.match(/^Error: --listen \S+ is not a loopback address: serving other hosts needs --allow-remote and a fixed --token-file/)
        expect(r.stdout).to.equal('')
      }
      const json = await serve(['--listen', '0.0.0.0:0', '--json'])
      expect(json.code).to.equal(2)
      expect(JSON.parse(json.stdout).error).to.include({exit: 2})
    })

    it('a token file with a short token, a missing TLS key or a bad --listen: exit 2 naming the flag', async () => {
      const short = join(root, 'short-token')
      writeFileSync(short, 'abc\n')
      const cases: [string[], RegExp][] = [
        [['--token-file', short], /--token-file .*at least 24 bytes/],
        [['--token-file', join(root, 'missing')], /--token-file: cannot read .*ENOENT/],
        [['--tls-cert', join(repoRoot, 'test/fixtures/tls/cert.pem')], /--tls-cert and --tls-key go together/],
        [['--listen', 'localhost'], /--listen "localhost": expected HOST:PORT/],
        [['--poll', 'soon'], /--poll "soon"/],
      ]
      for (const [args, message] of cases) {
        const r = await serve(args.includes('--listen') ? args : ['--listen', '127.0.0.1:0', ...args])
        expect(r.code, args.join(' ')).to.equal(2)
        expect(r.stderr, args.join(' ')).to.match(message)
      }
    })
  })

  it('with --tls-cert/--tls-key it serves https, and the cookie is Secure', async () => {
    const tokenFile = join(root, 'fixed-token')
    writeFileSync(tokenFile, 'fixed-token-of-thirty-two-bytes!\n')
    const tls = await startServe(join(root, 'home'), ['--path', join(root, 'peer0'), '--token-file', tokenFile, '--tls-cert', join(repoRoot, 'test/fixtures/tls/cert.pem'), '--tls-key', join(repoRoot, 'test/fixtures/tls/key.pem')])
    expect(tls.url).to.match(/^https:\/\/127\.0\.0\.1:\d+\/\?token=fixed-token-of-thirty-two-bytes!$/)
    const answer = await new Promise<{status: number; cookie: string}>((resolve, reject) => {
      const r = request({host: '127.0.0.1', port: tls.port, path: `/?token=${encodeURIComponent('fixed-token-of-thirty-two-bytes!')}`, rejectUnauthorized: false}, (res) => {
        res.resume()
        resolve({status: res.statusCode!, cookie: String(res.headers['set-cookie'])})
      })
      r.on('error', reject)
      r.end()
    })
    expect(answer.status).to.equal(303)
    expect(answer.cookie).to.match(/; Secure$/)
    // plain http on the https port is not served
    await httpRequest(tls.port, 'GET', '/api/tools', {Authorization: 'Bearer fixed-token-of-thirty-two-bytes!'}).then(
      (r) => expect(r.status).to.not.equal(200),
      () => undefined,
    )
    await tls.proc.stop()
  })
})
