// A small client for the IPFS Cluster REST API: finds the endpoint in the peer's own config
// (TCP, DNS or a unix socket; https when TLS files are set; basic auth from the config, a flag or
// CLUSTER_CREDENTIALS), and reads the NDJSON streams (/peers) the API answers with.
import {request as httpRequest} from 'node:http'
import {request as httpsRequest} from 'node:https'

import {ENV_CLUSTER_CREDENTIALS, ENV_CLUSTER_RESTAPI_LISTEN} from '../core/env-names.js'

export interface Endpoint {
  /** http(s)://host:port, or undefined for a unix socket. */
  url?: string
  socketPath?: string
  https: boolean
  /** user:password for Basic auth. */
  credentials?: string
  /** The multiaddress the endpoint came from. */
  multiaddr: string
}

/** The endpoint for a listen multiaddress; a wildcard listen address is reached on loopback. */
export function endpointFromMultiaddr(ma: string, options: {https?: boolean; credentials?: string} = {}): Endpoint | undefined {
  const https = options.https ?? false
  const unix = /^\/unix(\/.+)$/.exec(ma)
  if (unix) return {socketPath: unix[1], https: false, credentials: options.credentials, multiaddr: ma}
  const m = /^\/(ip4|ip6|dns|dns4|dns6)\/([^/]+)\/tcp\/(\d+)(?:\/(https|tls\/http|http))?/.exec(ma)
  if (!m) return undefined
  let host = m[2]
  if (host === '0.0.0.0') host = '127.0.0.1'
  if (host === '::') host = '::1'
  if (m[1] === 'ip6') host = `[${host}]`
  const secure = https || m[4] === 'https' || m[4] === 'tls/http'
  return {url: `${secure ? 'https' : 'http'}://${host}:${m[3]}`, https: secure, credentials: options.credentials, multiaddr: ma}
}

type Obj = Record<string, unknown>

/**
 * The REST API of a peer as its config says (and as the daemon would apply
 * CLUSTER_RESTAPI_HTTPLISTENMULTIADDRESS at start). undefined: the API is disabled.
 */
export function endpointFromConfig(config: Obj, env: NodeJS.ProcessEnv, credentialsFlag?: string): Endpoint | undefined {
  const api = ((config.api ?? {}) as Obj).restapi as Obj | undefined
  const fromEnv = env[ENV_CLUSTER_RESTAPI_LISTEN]
  if (!api && fromEnv === undefined) return undefined
  const listen = fromEnv !== undefined ? fromEnv.split(',') : typeof api?.http_listen_multiaddress === 'string' ? [api.http_listen_multiaddress] : ((api?.http_listen_multiaddress as string[]) ?? ['/ip4/127.0.0.1/tcp/9094'])
  const creds = api?.basic_auth_credentials as Record<string, string> | null | undefined
  const [user, pass] = creds ? Object.entries(creds)[0] ?? [] : []
  const credentials = credentialsFlag ?? env[ENV_CLUSTER_CREDENTIALS] ?? (user !== undefined ? `${user}:${pass}` : undefined)
  const https = !!(api?.ssl_cert_file && api?.ssl_key_file)
  for (const ma of listen) {
    const e = endpointFromMultiaddr(ma.trim(), {https, credentials})
    if (e) return e
  }
  return undefined
}

export interface ApiResponse {
  status: number
  body: string
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message)
  }
}

/** One request with a hard timeout: a stopped or firewalled peer answers within `timeoutMs`. */
export function apiRequest(endpoint: Endpoint, method: string, path: string, timeoutMs = 3000, body?: string): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {}
    if (endpoint.credentials) headers.authorization = 'Basic ' + Buffer.from(endpoint.credentials).toString('base64')
    if (body !== undefined) headers['content-type'] = 'application/json'
    const options = endpoint.socketPath
      ? {socketPath: endpoint.socketPath, path, method, headers}
      : {...urlParts(endpoint.url!), path, method, headers, rejectUnauthorized: false}
    const req = (endpoint.https ? httpsRequest : httpRequest)(options, (res) => {
      let data = ''
      res.setEncoding('utf8')
      res.on('data', (c) => (data += c))
      res.on('end', () => resolve({status: res.statusCode ?? 0, body: data}))
      res.on('error', (e) => reject(new ApiError(e.message, 'ERESPONSE')))
    })
    req.setTimeout(timeoutMs, () => req.destroy(new ApiError(`no answer within ${timeoutMs} ms`, 'ETIMEDOUT')))
    req.on('error', (e: NodeJS.ErrnoException) => reject(e instanceof ApiError ? e : new ApiError(e.message, e.code ?? 'EREQUEST')))
    req.end(body)
  })
}

function urlParts(url: string) {
  const u = new URL(url)
  return {protocol: u.protocol, hostname: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port)}
}

/** A JSON body, or the NDJSON stream the API answers for /peers and /pins (204: empty). */
export function parseStream<T>(res: ApiResponse): T[] {
  if (res.status === 204 || res.body.trim() === '') return []
  return res.body
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T)
}

export function describe(endpoint: Endpoint): string {
  return endpoint.socketPath ? `unix socket ${endpoint.socketPath}` : endpoint.url!
}
