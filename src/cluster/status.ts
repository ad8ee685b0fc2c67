// `status`: is the peer configured, up, the peer its identity says, and who are its peers.
// Reads the API address from the peer's own config; every request has a short timeout, so a
// stopped peer is reported in seconds.
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {ENV_CLUSTER_CREDENTIALS, ENV_CLUSTER_RESTAPI_LISTEN} from '../core/env-names.js'
import {ExitCode} from '../core/errors.js'
import {exists, readJsonFile} from '../core/files.js'
import {serviceFiles} from '../core/paths.js'
import {ApiError, type ApiResponse, type Endpoint, type TlsTrust, apiRequest, describe, endpointFromConfig, endpointFromMultiaddr, parseStream} from './api.js'
import {type BinaryInfo, binaryInfo} from './binary.js'

export interface PeerTarget {
  kind: 'service' | 'follow'
  /** The peer's folder (service: the config folder; follow: <base>/<name>). */
  folder: string
  /** For a follower: the base folder and name, as ipfs-cluster-follow takes them. */
  base?: string
  name?: string
}

export interface PeerSummary {
  id: string
  peername: string
  error: string
}

/** The documented `status --json` shape. */
export interface StatusResult {
  kind: 'service' | 'follow'
  folder: string
  configured: boolean
  /** Where the REST API was looked for, or null when the config disables it. */
  api: string | null
  reachable: boolean
  healthy: boolean
  /** Why the peer is not healthy, in one line. */
  error: string | null
  id: string | null
  peername: string | null
  version: string | null
  /** The id in identity.json, and whether the running peer is that identity. */
  identityId: string | null
  idMatchesIdentity: boolean | null
  peers: PeerSummary[]
  ipfs: {id: string | null; error: string | null} | null
  binary: BinaryInfo
  exitCode: number
}

type Obj = Record<string, unknown>

/** The REST endpoint of a peer: the follower's unix socket, or what service.json says. */
export async function peerEndpoint(t: PeerTarget, env: NodeJS.ProcessEnv, credentials?: string, tls?: TlsTrust): Promise<{configured: boolean; endpoint?: Endpoint; config?: Obj}> {
  const files = serviceFiles(t.folder)
  if (!(await exists(files.service))) return {configured: false}
  const config = (await readJsonFile(files.service)).value as Obj
  if (t.kind === 'follow') {
    // ipfs-cluster-follow discards the config's api section and serves on <folder>/api-socket.
    const override = env[ENV_CLUSTER_RESTAPI_LISTEN]
    const ma = override ?? `/unix${join(t.folder, 'api-socket')}`
    return {configured: true, config, endpoint: endpointFromMultiaddr(ma.split(',')[0], {credentials: credentials ?? env[ENV_CLUSTER_CREDENTIALS]})}
  }
  return {configured: true, config, endpoint: endpointFromConfig(config, env, credentials, {configDir: t.folder, tls})}
}

export async function peerStatus(t: PeerTarget, o: {env: NodeJS.ProcessEnv; credentials?: string; timeoutMs?: number; tls?: TlsTrust}): Promise<StatusResult> {
  const timeout = o.timeoutMs ?? 3000
  const binaryP = binaryInfo(t.kind === 'follow' ? 'ipfs-cluster-follow' : 'ipfs-cluster-service', o.env)
  const base: StatusResult = {
    kind: t.kind,
    folder: t.folder,
    configured: false,
    api: null,
    reachable: false,
    healthy: false,
    error: null,
    id: null,
    peername: null,
    version: null,
    identityId: null,
    idMatchesIdentity: null,
    peers: [],
    ipfs: null,
    binary: {name: 'ipfs-cluster-service', path: null, version: null, error: null},
    exitCode: ExitCode.ok,
  }
  const {configured, endpoint} = await peerEndpoint(t, o.env, o.credentials, o.tls)
  const done = async (r: Partial<StatusResult>, exitCode: number): Promise<StatusResult> => ({...base, ...r, binary: await binaryP, exitCode})
  if (!configured) return done({error: `not configured: no ${serviceFiles(t.folder).service}`}, ExitCode.notFound)
  const identityFile = serviceFiles(t.folder).identity
  const identityId = (await exists(identityFile)) ? (((await readJsonFile(identityFile)).value as Obj)?.id as string) ?? null : null
  if (!endpoint) return done({configured, identityId, error: 'the REST API is disabled in this config (no api.restapi section)'}, ExitCode.unreachable)
  const api = describe(endpoint)
  const get = (path: string) => apiRequest(endpoint, 'GET', path, timeout)
  let health: ApiResponse
  try {
    health = await get('/health')
  } catch (error) {
    // A network failure names the address itself ("nothing is listening at 127.0.0.1:9094 ..."); others get the API's.
    const named = error instanceof ApiError && error.namesTarget
    return done({configured, identityId, api, error: `unreachable: ${named ? '' : `${api}: `}${(error as Error).message}`}, ExitCode.unreachable)
  }
  if (health.status !== 204 && health.status !== 200)
    return done({configured, identityId, api, reachable: true, error: `unhealthy: GET /health answered ${health.status}`}, ExitCode.unreachable)
  let idRes: ApiResponse
  let versionRes: ApiResponse
  let peersRes: ApiResponse
  try {
    ;[idRes, versionRes, peersRes] = await Promise.all([get('/id'), get('/version'), get('/peers')])
  } catch (error) {
    return done({configured, identityId, api, reachable: true, error: `unhealthy: ${(error as Error).message}`}, ExitCode.unreachable)
  }
  if (idRes.status === 401)
    return done({configured, identityId, api, reachable: true, error: 'unauthorized: wrong or missing credentials (use --basic-auth or CLUSTER_CREDENTIALS)'}, ExitCode.unreachable)
  if (idRes.status !== 200) return done({configured, identityId, api, reachable: true, error: `unhealthy: GET /id answered ${idRes.status}`}, ExitCode.unreachable)
  const id = JSON.parse(idRes.body) as {id: string; peername: string; version: string; error?: string; ipfs?: {id?: string; error?: string}}
  const version = versionRes.status === 200 ? ((JSON.parse(versionRes.body) as {version: string}).version ?? id.version) : id.version
  const peers = peersRes.status === 200 || peersRes.status === 204 ? parseStream<PeerSummary>(peersRes).map((p) => ({id: p.id, peername: p.peername, error: p.error ?? ''})) : []
  const matches = identityId ? identityId === id.id : null
  const error = id.error ? `peer error: ${id.error}` : matches === false ? `the running peer is ${id.id}, but identity.json says ${identityId}` : null
  return done(
    {
      configured,
      api,
      reachable: true,
      healthy: !error,
      error,
      id: id.id,
      peername: id.peername,
      version,
      identityId,
      idMatchesIdentity: matches,
      peers,
      ipfs: id.ipfs ? {id: id.ipfs.id || null, error: id.ipfs.error || null} : null,
    },
    error ? ExitCode.unreachable : ExitCode.ok,
  )
}

/** Polls until healthy or the timeout; `onWait` is told each failed attempt (for progress). */
export async function waitHealthy(
  t: PeerTarget,
  o: {env: NodeJS.ProcessEnv; credentials?: string; tls?: TlsTrust; timeoutMs: number; intervalMs?: number; onWait?: (s: StatusResult, elapsedMs: number) => void},
): Promise<StatusResult> {
  const start = Date.now()
  for (;;) {
    const s = await peerStatus(t, {env: o.env, credentials: o.credentials, tls: o.tls, timeoutMs: Math.min(3000, o.timeoutMs)})
    if (s.healthy || s.exitCode === ExitCode.notFound) return s
    const elapsed = Date.now() - start
    if (elapsed >= o.timeoutMs) return {...s, error: `${s.error} (still not healthy after ${Math.round(elapsed / 1000)}s)`}
    o.onWait?.(s, elapsed)
    await sleep(Math.min(o.intervalMs ?? 500, Math.max(0, o.timeoutMs - elapsed)))
  }
}
