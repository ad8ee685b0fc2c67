// Runs the real `ipfs-cluster-follow` for e2e tests: `run` as a long-running process registered in
// process.ts (like the daemons), and one-shot commands (`info`, `list`, `init`) to completion.
// The follower's REST API is only on the unix socket BASE/NAME/api-socket; api() talks to it.
import {spawn} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import {request} from 'node:http'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {binPath, clusterEnv} from './binaries.js'
import {type ManagedProcess, spawnManaged} from './process.js'

export interface StartFollowerOptions {
  /** The --config folder; the peer folder is BASE/NAME. */
  base: string
  name: string
  /** Added to the sanitized environment (see clusterEnv); undefined values remove a variable. */
  env?: Record<string, string | undefined>
  /**
   * Kubo's RPC API multiaddr (KuboHandle.apiMultiaddr), passed as CLUSTER_IPFSHTTP_NODEMULTIADDRESS. Pass it
   * whenever the follower should use a test Kubo: `run` first waits (up to 2 min) for IPFS at the ipfshttp
   * *default* (127.0.0.1:5001) plus env, NOT at the node_multiaddress of the service.json.
   */
  ipfsApi?: string
  /** Arguments after `run` (e.g. ['--init', url]). */
  args?: string[]
  /** Wait for GET /version over the socket this long (default 60 s). */
  readyTimeoutMs?: number
  /** Like daemon.ts: set for followers started in a `before` hook and shared by several tests. */
  keepAcrossTests?: boolean
}

export interface ApiResponse {
  status: number
  body: string
  headers: Record<string, string | string[] | undefined>
}

export interface FollowerHandle extends ManagedProcess {
  base: string
  name: string
  /** BASE/NAME/api-socket */
  socketPath: string
  /** A request to the follower's REST API over its unix socket (default GET). */
  api(path: string, init?: {method?: string; body?: string; timeoutMs?: number}): Promise<ApiResponse>
}

export class FollowerStartError extends Error {
  constructor(
    message: string,
    readonly followerLog: string,
  ) {
    super(message)
  }
}

/** One HTTP request over a unix socket (the follower's REST API). Rejects on connection errors/timeouts. */
export function socketRequest(
  socketPath: string,
  path: string,
  init: {method?: string; body?: string; timeoutMs?: number} = {},
): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {socketPath, path, method: init.method ?? 'GET', headers: init.body === undefined ? {} : {'content-type': 'application/json'}},
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (body += c))
        res.on('end', () => resolve({status: res.statusCode ?? 0, body, headers: res.headers}))
        res.on('error', reject)
      },
    )
    req.setTimeout(init.timeoutMs ?? 10_000, () => req.destroy(new Error(`timeout: ${init.method ?? 'GET'} ${path} on ${socketPath}`)))
    req.on('error', reject)
    req.end(init.body)
  })
}

/** Parses a streaming REST answer (/pins, /peers, /allocations: one JSON object per line; 204 → []). */
export function parseNdjson<T = any>(body: string): T[] {
  return body
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T)
}

function followerEnv(opts: {env?: Record<string, string | undefined>; ipfsApi?: string}): NodeJS.ProcessEnv {
  return clusterEnv({...(opts.ipfsApi ? {CLUSTER_IPFSHTTP_NODEMULTIADDRESS: opts.ipfsApi} : {}), ...opts.env})
}

/** Spawns `ipfs-cluster-follow --config BASE NAME run [args]` and returns at once. Prefer startFollower. */
export function launchFollower(opts: StartFollowerOptions): FollowerHandle {
  const proc = spawnManaged(binPath('ipfs-cluster-follow'), ['--config', opts.base, opts.name, 'run', ...(opts.args ?? [])], {
    env: followerEnv(opts),
    keepAcrossTests: opts.keepAcrossTests,
  })
  const socketPath = join(opts.base, opts.name, 'api-socket')
  return {...proc, base: opts.base, name: opts.name, socketPath, api: (path, init) => socketRequest(socketPath, path, init)}
}

/**
 * Starts the follower and waits until GET /version answers 200 over BASE/NAME/api-socket. Throws
 * FollowerStartError (with the log) and stops the process when it exits first or is not ready in time.
 */
export async function startFollower(opts: StartFollowerOptions): Promise<FollowerHandle> {
  const handle = launchFollower(opts)
  const t0 = Date.now()
  const deadline = t0 + (opts.readyTimeoutMs ?? 60_000)
  for (;;) {
    if (handle.exitStatus()) {
      await handle.stop()
      throw new FollowerStartError(
        `ipfs-cluster-follow ${opts.name} run (config ${opts.base}) exited (${JSON.stringify(handle.exitStatus())})\n--- follower log ---\n${handle.log()}`,
        handle.log(),
      )
    }
    try {
      const res = await handle.api('/version', {timeoutMs: 1000})
      if (res.status === 200 && res.body.includes('"version"')) return handle
    } catch {
      // socket not there yet
    }
    if (Date.now() >= deadline) {
      await handle.stop()
      throw new FollowerStartError(
        `ipfs-cluster-follow ${opts.name} run (config ${opts.base}) not ready after ${Date.now() - t0} ms\n--- follower log ---\n${handle.log()}`,
        handle.log(),
      )
    }
    await Promise.race([sleep(100), handle.exited])
  }
}

export interface FollowCliResult {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * Runs `ipfs-cluster-follow <args>` to completion (e.g. ['--config', base, name, 'list']). The args MUST contain
 * `--config`, so a test can never fall back to ~/.ipfs-cluster-follow. `env` is added to the sanitized
 * environment; pass CLUSTER_IPFSHTTP_NODEMULTIADDRESS for `info` to look at a test Kubo. Killed after
 * timeoutMs (default 60 s; code is then null).
 */
export function followCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  opts: {timeoutMs?: number} = {},
): Promise<FollowCliResult> {
  if (!args.includes('--config')) throw new Error('followCli: pass --config <base> (never use ~/.ipfs-cluster-follow)')
  return new Promise((resolve, reject) => {
    const child = spawn(binPath('ipfs-cluster-follow'), args, {env: clusterEnv(env), stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000)
    child.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({code, stdout, stderr})
    })
  })
}

/**
 * Polls `ipfs-cluster-follow --config BASE NAME list` until the CID's line matches `status` (e.g. /^pinned\b/);
 * returns the line, or throws with the last output after `timeoutMs`.
 */
export async function waitForFollowList(base: string, name: string, cid: string, status: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const r = await followCli(['--config', base, name, 'list'])
    const line = r.stdout.split('\n').find((l) => l.includes(cid))
    if (r.code === 0 && line && status.test(line)) return line
    if (Date.now() > deadline) throw new Error(`${cid} not ${status} in "${name} list" after ${timeoutMs} ms (exit ${r.code}):\n${r.stdout}${r.stderr}`)
    await sleep(250)
  }
}

export interface FollowerTemplateOptions {
  peername?: string
  /** Swarm port for /tcp/N and /udp/N/quic-v1 on 127.0.0.1. Default 0: a new random port at every start, so one template serves many followers. */
  listenPort?: number
  /** Kubo RPC multiaddr for ipfshttp.node_multiaddress (remember: `run` itself only looks at CLUSTER_IPFSHTTP_NODEMULTIADDRESS). */
  ipfsApi?: string
  /**
   * ipfshttp.connect_swarms_delay: after this delay the follower connects its Kubo to the other peers' Kubos,
   * which is how its Kubo finds the content. Default '3s' (the cluster default is 30s; '0s' runs too early,
   * before the follower has met the leader, and never connects). Or call kuboConnect yourself.
   */
  connectSwarmsDelay?: string
}

/**
 * A complete follower service.json derived from a running leader's config folder: same secret and crdt
 * cluster_name (both required), follower_mode true, peer_addresses = [leader's TCP swarm addr /p2p/<leader id>],
 * trusted_peers = [leader id], mDNS off, loopback listen addresses. The api section is dropped (`run` ignores
 * it and serves only the unix-socket REST API).
 */
export function followerTemplateFromLeader(leaderDir: string, opts: FollowerTemplateOptions = {}): any {
  const svc = JSON.parse(readFileSync(join(leaderDir, 'service.json'), 'utf8'))
  const leaderId: string = JSON.parse(readFileSync(join(leaderDir, 'identity.json'), 'utf8')).id
  const listen: unknown = svc.cluster?.listen_multiaddress
  const leaderTcp = (Array.isArray(listen) ? listen : [listen]).find((m): m is string => typeof m === 'string' && m.includes('/tcp/'))
  if (!leaderTcp) throw new Error(`no TCP cluster.listen_multiaddress in ${leaderDir}/service.json`)
  const port = opts.listenPort ?? 0
  svc.cluster.peername = opts.peername ?? 'e2e-follower'
  svc.cluster.listen_multiaddress = [`/ip4/127.0.0.1/tcp/${port}`, `/ip4/127.0.0.1/udp/${port}/quic-v1`]
  svc.cluster.follower_mode = true
  svc.cluster.peer_addresses = [`${leaderTcp.replace('/ip4/0.0.0.0/', '/ip4/127.0.0.1/')}/p2p/${leaderId}`]
  svc.cluster.mdns_interval = '0s'
  svc.consensus.crdt.trusted_peers = [leaderId]
  delete svc.api
  svc.ipfs_connector ??= {}
  svc.ipfs_connector.ipfshttp ??= {}
  if (opts.ipfsApi) svc.ipfs_connector.ipfshttp.node_multiaddress = opts.ipfsApi
  svc.ipfs_connector.ipfshttp.connect_swarms_delay = opts.connectSwarmsDelay ?? '3s'
  return svc
}

/**
 * Creates BASE/NAME with the real `ipfs-cluster-follow --config BASE NAME init <url>` (fresh identity.json and
 * {"source": url}). With `service`, service.json is then replaced by that full config (a local, non-source
 * follower); with `source`, it stays a source-mode folder. Returns the folder and the follower's peer id.
 */
export async function initFollowerFolder(opts: {
  base: string
  name: string
  source?: string
  service?: unknown
  env?: Record<string, string | undefined>
}): Promise<{dir: string; id: string}> {
  if ((opts.source === undefined) === (opts.service === undefined)) throw new Error('initFollowerFolder: pass exactly one of source, service')
  const r = await followCli(['--config', opts.base, opts.name, 'init', opts.source ?? 'http://127.0.0.1:1/replaced'], opts.env)
  if (r.code !== 0) throw new Error(`ipfs-cluster-follow init failed (${r.code}): ${r.stdout}${r.stderr}`)
  const dir = join(opts.base, opts.name)
  if (opts.service !== undefined) writeFileSync(join(dir, 'service.json'), JSON.stringify(opts.service, null, 2), {mode: 0o600})
  return {dir, id: JSON.parse(readFileSync(join(dir, 'identity.json'), 'utf8')).id}
}
