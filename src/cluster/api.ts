// A small client for the IPFS Cluster REST API: finds the endpoint in the peer's own config
// (TCP, DNS or a unix socket; https when TLS files are set; basic auth from the config, a flag or
// CLUSTER_CREDENTIALS), and reads the NDJSON streams (/peers) the API answers with.
// https is verified: against the system's roots, plus the peer's own certificate (ssl_cert_file) or
// --cacert, whose certificates are also accepted on any host name they are reached at (a self-signed
// cluster certificate names a host, not 127.0.0.1). --no-check-certificate skips it, as in ipfs-cluster-ctl.
import {X509Certificate} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {request as httpRequest} from 'node:http'
import {request as httpsRequest} from 'node:https'
import {type PeerCertificate, checkServerIdentity, rootCertificates} from 'node:tls'

import {ENV_CLUSTER_CREDENTIALS, ENV_CLUSTER_RESTAPI_LISTEN} from '../core/env-names.js'
import {ExitCode, UserError} from '../core/errors.js'
import {fsError} from '../core/fs-errors.js'
import {networkProblem} from '../core/net-errors.js'
import {apiTlsFiles} from '../core/paths.js'

export interface Endpoint {
  /** http(s)://host:port, or undefined for a unix socket. */
  url?: string
  socketPath?: string
  https: boolean
  /** user:password for Basic auth. */
  credentials?: string
  /** The multiaddress the endpoint came from. */
  multiaddr: string
  /** How an https endpoint's certificate is checked. */
  tls?: TlsTrust
}

export interface TlsTrust {
  /** PEM certificates trusted besides the system roots (the peer's ssl_cert_file, --cacert). */
  caPem?: string[]
  /** Accept any certificate (--no-check-certificate). */
  insecure?: boolean
}

/** Where a TLS verification failure can be fixed, for error messages. */
const TLS_HINT = "trust it with --cacert FILE (MCP: ca_cert), the peer's certificate or its CA, or skip the check with --no-check-certificate (no_check_certificate)"

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

/** A running peer's REST API as a user names it (`--api`): an http(s)://host:port URL or an API multiaddress. */
export function endpointFromApiFlag(text: string, credentials: string | undefined, tls: TlsTrust | undefined, flag = '--api'): Endpoint {
  const url = text.replace(/\/+$/, '')
  const u = /^(https?):\/\/[^/]+$/.exec(url)
  const endpoint = u ? {url, https: u[1] === 'https', credentials, multiaddr: text} : endpointFromMultiaddr(text, {credentials})
  if (!endpoint) throw new UserError(`${flag} "${text}" must be an http(s)://host:port URL or an API multiaddress`, ExitCode.usage)
  return {...endpoint, tls}
}

type Obj = Record<string, unknown>

/**
 * The REST API of a peer as its config says (and as the daemon would apply
 * CLUSTER_RESTAPI_HTTPLISTENMULTIADDRESS at start). undefined: the API is disabled. With TLS files set, the
 * certificate the peer serves (ssl_cert_file, relative to `configDir`) is trusted besides `tls`.
 */
export function endpointFromConfig(config: Obj, env: NodeJS.ProcessEnv, credentialsFlag?: string, o: {configDir?: string; tls?: TlsTrust} = {}): Endpoint | undefined {
  const api = ((config.api ?? {}) as Obj).restapi as Obj | undefined
  const fromEnv = env[ENV_CLUSTER_RESTAPI_LISTEN]
  if (!api && fromEnv === undefined) return undefined
  const listen = fromEnv !== undefined ? fromEnv.split(',') : typeof api?.http_listen_multiaddress === 'string' ? [api.http_listen_multiaddress] : ((api?.http_listen_multiaddress as string[]) ?? ['/ip4/127.0.0.1/tcp/9094'])
  const creds = api?.basic_auth_credentials as Record<string, string> | null | undefined
  const [user, pass] = creds ? Object.entries(creds)[0] ?? [] : []
  const credentials = credentialsFlag ?? env[ENV_CLUSTER_CREDENTIALS] ?? (user !== undefined ? `${user}:${pass}` : undefined)
  const tlsFiles = api ? apiTlsFiles(api, o.configDir ?? '.') : undefined
  const https = tlsFiles !== undefined
  let tls = o.tls
  if (tlsFiles?.cert) {
    try {
      tls = {...o.tls, caPem: [...(o.tls?.caPem ?? []), readFileSync(tlsFiles.cert, 'utf8')]}
    } catch {
      // Unreadable: the daemon cannot have started with it either; verification then fails with the hint.
    }
  }
  for (const ma of listen) {
    const e = endpointFromMultiaddr(ma.trim(), {https, credentials})
    if (e) return {...e, tls}
  }
  return undefined
}

/** The trust a user asked for: a PEM file of certificates (`what` names its flag or parameter) and/or no check. */
export function tlsTrust(o: {caFile?: string; insecure?: boolean}, what = '--cacert'): TlsTrust | undefined {
  if (o.caFile === undefined) return o.insecure ? {insecure: true} : undefined
  let pem: string
  try {
    pem = readFileSync(o.caFile, 'utf8')
  } catch (error) {
    // In words, as every file error: a missing file is a wrong flag value; others say what is wrong with it.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UserError(`${what} ${o.caFile}: no such file`, ExitCode.usage)
    const inWords = fsError(error, o.caFile, 'read')
    throw inWords instanceof UserError ? inWords : new UserError(`${what} ${o.caFile}: cannot read it`, ExitCode.usage)
  }
  let certificates: X509Certificate[]
  try {
    certificates = pemCertificates(pem)
  } catch {
    certificates = []
  }
  if (certificates.length === 0) throw new UserError(`${what} ${o.caFile}: no PEM certificate in the file`, ExitCode.usage)
  return {caPem: [pem], insecure: o.insecure}
}

/** The certificates in a PEM text (a bundle or a single one). */
function pemCertificates(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []
  return blocks.map((b) => new X509Certificate(b))
}

/** Node's TLS options for an https endpoint. */
function tlsOptions(trust: TlsTrust | undefined) {
  if (trust?.insecure) return {rejectUnauthorized: false}
  const extra = (trust?.caPem ?? []).flatMap(pemCertificates)
  if (extra.length === 0) return {rejectUnauthorized: true}
  const pinned = new Set(extra.map((c) => c.fingerprint256))
  return {
    rejectUnauthorized: true,
    ca: [...rootCertificates, ...extra.map((c) => c.toString())],
    // A certificate given to us by file is the one we expect, whatever name it was reached at.
    checkServerIdentity: (host: string, cert: PeerCertificate) => (pinned.has(cert.fingerprint256) ? undefined : checkServerIdentity(host, cert)),
  }
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME/

export interface ApiResponse {
  status: number
  body: string
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    /** The message names the address it failed at (a network failure), so a caller need not repeat it. */
    readonly namesTarget = false,
  ) {
    super(message)
  }
}

/** One request with a hard timeout: a stopped or firewalled peer answers within `timeoutMs`. */
export function apiRequest(endpoint: Endpoint, method: string, path: string, timeoutMs = 3000, body?: string): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const target = endpoint.socketPath ?? new URL(endpoint.url!).host
    const headers: Record<string, string> = {}
    if (endpoint.credentials) headers.authorization = 'Basic ' + Buffer.from(endpoint.credentials).toString('base64')
    if (body !== undefined) headers['content-type'] = 'application/json'
    const options = endpoint.socketPath
      ? {socketPath: endpoint.socketPath, path, method, headers}
      : {...urlParts(endpoint.url!), path, method, headers, ...(endpoint.https ? tlsOptions(endpoint.tls) : {})}
    const req = (endpoint.https ? httpsRequest : httpRequest)(options, (res) => {
      let data = ''
      res.setEncoding('utf8')
      res.on('data', (c) => (data += c))
      res.on('end', () => resolve({status: res.statusCode ?? 0, body: data}))
      res.on('error', (e) => reject(new ApiError(networkProblem(e, {target}), 'ERESPONSE', true)))
    })
    req.setTimeout(timeoutMs, () => req.destroy(new ApiError(networkProblem({code: 'ETIMEDOUT'}, {target, timeoutMs}), 'ETIMEDOUT', true)))
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (e instanceof ApiError) return reject(e)
      const code = e.code ?? 'EREQUEST'
      reject(TLS_CODES.test(code) ? new ApiError(`TLS certificate not trusted (${e.message}): ${TLS_HINT}`, code) : new ApiError(networkProblem(e, {target}), code, true))
    })
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
