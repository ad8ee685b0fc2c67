// `serve`: the operations over HTTP (/api), MCP over Streamable HTTP (/mcp), live updates over a
// WebSocket (/ws) and the dashboard (/). Every route, the upgrade included, passes checkAccess
// (Host, Origin, token) first; nothing sends CORS headers, so no other site can read an answer.
import {readdir, readFile} from 'node:fs/promises'
import {type IncomingMessage, type ServerResponse, createServer as createHttpServer} from 'node:http'
import {createServer as createHttpsServer} from 'node:https'
import type {AddressInfo} from 'node:net'
import type {Duplex} from 'node:stream'
import {fileURLToPath} from 'node:url'

import {WebSocketServer} from 'ws'

import {type ErrorDocument, ExitCode, UserError, errorDocument} from '../core/errors.js'
import {serviceSchema} from '../core/schema/service.js'
import {handleMcpRequest} from '../mcp/http.js'
import {equivalentCommand} from '../ops/commands.js'
import {type OperationOutcome, invokeOperation} from '../ops/invoke.js'
import {OPERATIONS, OPERATION_NAMES, type Operation} from '../ops/operations.js'
import {LiveHub} from './events.js'
import {PeerRegistry, type PeerSources, peerConfig} from './peers.js'
import {type AccessRules, checkAccess, sessionCookie} from './security.js'

export const BODY_LIMIT = 1024 * 1024
/** How much of a too-large body is read and dropped so that its sender gets the 413 (see readBody). */
const DRAIN_LIMIT = 16 * BODY_LIMIT

export interface ServeOptions {
  host: string
  port: number
  token: string
  allowedHosts: string[]
  tls?: {cert: Buffer; key: Buffer}
  sources: PeerSources
  pollMs: number
  env: NodeJS.ProcessEnv
  info: {name: string; version: string}
}

export interface RunningServer {
  url: string
  listen: string
  close(): Promise<void>
}

/** An exit code as an HTTP status (usage 400, not found 404, exists 409, invalid 422, unreachable or locked 503). */
export function httpStatusOf(exit: number): number {
  switch (exit) {
    case ExitCode.usage:
    case ExitCode.inputRequired:
      return 400
    case ExitCode.notFound:
    case ExitCode.unknownKey:
      return 404
    case ExitCode.exists:
      return 409
    case ExitCode.invalid:
      return 422
    case ExitCode.unreachable:
    case ExitCode.locked:
      return 503
    default:
      return 500
  }
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'Cache-Control': 'no-store',
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body, null, 2) + '\n'
  res.writeHead(status, {...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers})
  res.end(text)
}

function errorBody(status: number, message: string): ErrorDocument {
  return {error: {name: 'HttpError', message, exit: status >= 500 ? ExitCode.unexpected : ExitCode.usage, nextSteps: [], details: {status}}}
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
  if (type !== 'application/json') throw new HttpError(415, 'send the arguments as JSON (Content-Type: application/json)')
  const tooLarge = new HttpError(413, `the body is larger than ${BODY_LIMIT} bytes`)
  // A body over the limit is still read to its end (and dropped) before the 413 goes out, up to
  // DRAIN_LIMIT: a server that closes while the client is still sending resets the connection, and
  // the client sees EPIPE instead of the answer.
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > DRAIN_LIMIT) throw tooLarge
  const chunks: Buffer[] = []
  let size = 0
  await new Promise<void>((resolve, reject) => {
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= BODY_LIMIT) chunks.push(chunk)
      else if (size > DRAIN_LIMIT) reject(tooLarge)
    })
    req.once('end', resolve)
    req.once('error', reject)
  })
  if (size > BODY_LIMIT) throw tooLarge
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.trim() === '') return {}
  try {
    return JSON.parse(text)
  } catch {
    throw new HttpError(400, 'the body is not valid JSON')
  }
}

/** The built dashboard, read once at start: only these files are ever served. */
async function loadAssets(): Promise<Map<string, {body: Buffer; type: string}>> {
  const dir = fileURLToPath(new URL('../dashboard/', import.meta.url))
  const types: Record<string, string> = {html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', svg: 'image/svg+xml'}
  const assets = new Map<string, {body: Buffer; type: string}>()
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const type = types[name.split('.').pop() ?? '']
    if (type) assets.set(`/${name}`, {body: await readFile(dir + name), type})
  }
  return assets
}

const toolInfo = (o: Operation) => ({name: o.name, title: o.title, description: o.description, inputSchema: o.inputSchema, annotations: o.annotations})

export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const rules: AccessRules = {token: o.token, allowedHosts: o.allowedHosts.map((h) => h.toLowerCase()), scheme: o.tls ? 'https' : 'http'}
  const peers = new PeerRegistry(o.sources)
  const hub = new LiveHub(peers, {pollMs: o.pollMs, env: o.env})
  const assets = await loadAssets()
  const wss = new WebSocketServer({noServer: true, maxPayload: 64 * 1024})

  const called = (name: string, outcome: OperationOutcome, via: string, ms: number) => {
    // A dry run changed nothing: the page makes one for every edit to check it, and an event per keystroke
    // would bury the calls that did something. Its answer goes to its caller only.
    if (outcome.dryRun) return
    const readOnly = OPERATIONS.find((x) => x.name === name)?.annotations.readOnlyHint ?? false
    const error = outcome.isError ? (outcome.result as Partial<ErrorDocument>).error : undefined
    hub.broadcast({type: 'tool.called', tool: name, via, readOnly, isError: outcome.isError, exit: error?.exit ?? (outcome.result.exitCode as number | undefined) ?? 0, ms})
  }

  /** Calls an operation; `inBody` (the page's /api/call) answers 200 with the status inside, so a browser does not log an expected refusal as an error. */
  async function callOperation(name: string, req: IncomingMessage, res: ServerResponse, inBody: boolean): Promise<void> {
    const op = OPERATIONS.find((x) => x.name === name)
    if (!op) throw new HttpError(404, `unknown operation "${name}"; the operations are ${OPERATION_NAMES.join(', ')}`)
    const args = await readBody(req)
    const callId = typeof req.headers['x-call-id'] === 'string' ? req.headers['x-call-id'].slice(0, 64) : undefined
    const started = Date.now()
    const outcome = await invokeOperation(op, args, {env: o.env, progress: (message) => hub.broadcast({type: 'tool.progress', tool: name, callId, message})})
    called(name, outcome, 'api', Date.now() - started)
    if (!outcome.isError && /_config_create$/.test(name) && !(args as {dry_run?: boolean}).dry_run) {
      const folders = ([] as string[]).concat(op.folder(args as Record<string, unknown>, o.env) ?? [])
      if (folders.length > 0) {
        for (const folder of folders) peers.add(name.startsWith('cluster_follow') ? 'follow' : 'service', folder)
        await hub.watchPeers()
        hub.broadcast({type: 'peers.changed'})
      }
    }
    const error = (outcome.result as Partial<ErrorDocument>).error
    const status = !outcome.isError ? 200 : error ? httpStatusOf(error.exit) : httpStatusOf(ExitCode.unreachable)
    if (inBody) send(res, 200, {status, result: outcome.result})
    else send(res, status, outcome.result)
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname
    const method = req.method ?? 'GET'
    if (path === '/mcp') {
      if (method !== 'POST') throw new HttpError(405, 'MCP here is stateless: POST JSON-RPC messages to /mcp')
      const body = await readBody(req)
      const started = Date.now()
      await handleMcpRequest(req, res, body, {info: o.info, env: o.env, onOutcome: (name, outcome) => called(name, outcome, 'mcp', Date.now() - started)})
      return
    }
    if (path.startsWith('/api/')) {
      const [, , what, name, sub] = path.split('/')
      if (method === 'GET' && path === '/api/tools') return send(res, 200, {tools: OPERATIONS.map(toolInfo)})
      if (method === 'GET' && path === '/api/schema') return send(res, 200, serviceSchema)
      if (method === 'GET' && path === '/api/peers') return send(res, 200, {peers: await peers.summaries()})
      if (method === 'GET' && what === 'peers' && sub === 'config') {
        const peer = await peers.find(name)
        if (!peer) throw new HttpError(404, `no managed peer "${name}"`)
        return send(res, 200, await peerConfig(peer, url.searchParams.get('show_secrets') === 'true'))
      }
      if ((what === 'mcp' || what === 'call') && name && !sub) {
        if (method !== 'POST') throw new HttpError(405, `POST the arguments of ${name} as a JSON object`)
        return callOperation(name, req, res, what === 'call')
      }
      if (what === 'cli' && name && !sub) {
        if (method !== 'POST') throw new HttpError(405, `POST the arguments of ${name} as a JSON object`)
        const cli = equivalentCommand(name, (await readBody(req)) as Record<string, unknown>)
        if (!cli) throw new HttpError(404, `unknown operation "${name}"`)
        return send(res, 200, cli)
      }
      throw new HttpError(404, `no route ${method} ${path}`)
    }
    if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, `${method} is not allowed on ${path}`)
    const asset = assets.get(path === '/' ? '/index.html' : path)
    if (!asset) throw new HttpError(404, `no such file: ${path}`)
    res.writeHead(200, {...SECURITY_HEADERS, 'Content-Type': asset.type, 'Content-Length': asset.body.length})
    res.end(method === 'HEAD' ? undefined : asset.body)
  }

  /** The request's URL; a path with `.`/`..` segments (however encoded), encoded slashes or backslashes is refused. */
  function requestUrl(req: IncomingMessage): URL {
    const raw = req.url ?? '/'
    const path = raw.split('?')[0]
    let segments: string[]
    try {
      segments = path.split('/').map((s) => decodeURIComponent(s))
    } catch {
      throw new HttpError(400, 'malformed path')
    }
    if (!raw.startsWith('/') || segments.some((s) => s === '.' || s === '..' || /[/\\\0]/.test(s)) || path.includes('\\')) throw new HttpError(400, 'malformed path')
    return new URL(raw, 'http://serve.invalid')
  }

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const url = requestUrl(req)
      const urlToken = req.method === 'GET' && url.pathname === '/' ? (url.searchParams.get('token') ?? undefined) : undefined
      const verdict = checkAccess(req, rules, urlToken)
      if (!verdict.ok) return send(res, verdict.status, errorBody(verdict.status, verdict.message))
      if (urlToken !== undefined) {
        // The token leaves the address bar (and the history) at once; the cookie carries it.
        res.writeHead(303, {...SECURITY_HEADERS, Location: '/', 'Set-Cookie': sessionCookie(o.token, !!o.tls), 'Content-Length': 0})
        return res.end()
      }
      await route(req, res, url)
    } catch (error) {
      if (res.headersSent) return void res.destroy()
      if (error instanceof HttpError) {
        if (error.status === 413) res.setHeader('Connection', 'close')
        return send(res, error.status, errorBody(error.status, error.message))
      }
      if (error instanceof UserError) return send(res, httpStatusOf(error.exitCode), errorDocument(error))
      process.stderr.write(`serve: ${(error as Error).message}\n`)
      send(res, 500, errorBody(500, 'internal error (see the server log)'))
    }
  }

  const serverOptions = {requireHostHeader: false}
  const server = o.tls ? createHttpsServer({...serverOptions, cert: o.tls.cert, key: o.tls.key}, handler) : createHttpServer(serverOptions, handler)

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: number, message: string) => {
      socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Not Found'}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${message}\n`)
    }
    let url: URL
    try {
      url = requestUrl(req)
    } catch {
      return refuse(404, 'malformed path')
    }
    const verdict = checkAccess(req, rules)
    if (!verdict.ok) return refuse(verdict.status, verdict.message)
    if (url.pathname !== '/ws') return refuse(404, 'the WebSocket is at /ws')
    wss.handleUpgrade(req, socket, head, (ws) => hub.add(ws))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(o.port, o.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  await hub.watchPeers()
  const port = (server.address() as AddressInfo).port
  const hostInUrl = o.host.includes(':') ? `[${o.host}]` : o.host
  const listen = `${hostInUrl}:${port}`
  return {
    url: `${rules.scheme}://${listen}/?token=${encodeURIComponent(o.token)}`,
    listen,
    async close() {
      hub.close()
      wss.close()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}
