// Runs the real `ipfs-cluster-service daemon` for e2e tests and judges whether a config makes it start.
// Every daemon is registered in process.ts, so a failing test never leaks one.
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {binPath, clusterEnv} from './binaries.js'
import {type ManagedProcess, spawnManaged} from './process.js'

/** Logged once the peer is fully up; needs a reachable IPFS daemon, so tests without Kubo never see it. */
export const READY_MARKER = '** IPFS Cluster is READY **'
/** Logged once consensus is ready, right before waiting for IPFS: the config was accepted and every component started. */
export const CONSENSUS_READY_MARKER = 'Waiting for IPFS to be ready...'

export interface StartDaemonOptions {
  configDir: string
  /** Added to the sanitized environment (see clusterEnv); undefined values remove a variable. */
  env?: Record<string, string | undefined>
  /** Arguments after `daemon` (e.g. ['--bootstrap', ma]). */
  args?: string[]
  /** Global flags before `daemon` (e.g. ['-l', 'debug']). */
  globalArgs?: string[]
  readyTimeoutMs?: number
  /** What "ready" means; see ReadyCondition. Default 'api'. */
  waitFor?: ReadyCondition
  /** Also append the daemon's output to this file. */
  logFile?: string
  /**
   * By default a root `afterEach` stops the daemon after the current test. Set for daemons started in a
   * `before` hook and shared by several tests; they are then stopped by the root `after` hook (or your own).
   */
  keepAcrossTests?: boolean
}

export interface DaemonHandle extends ManagedProcess {
  configDir: string
  /** http://host:port of the REST API, or undefined when the API is disabled or not reachable over TCP. */
  apiUrl: string | undefined
  /** Headers needed by the REST API (Basic auth when basic_auth_credentials is set). */
  apiHeaders: Record<string, string>
}

/**
 * 'api': GET /id answers 200 (or, with no TCP REST API, the consensus marker is logged). Fast, but with raft the
 * API answers ~2 s before the leader election finishes.
 * 'consensus': the consensus-ready marker (or READY) is logged: the config was accepted, every component was
 * created and consensus is up. Works with the REST API disabled.
 */
export type ReadyCondition = 'api' | 'consensus'

export interface ReadyOutcome {
  ready: boolean
  /** api: GET /id answered 200; log: a ready marker was logged; exited: the process ended; timeout: neither in time. */
  how: 'api' | 'log' | 'exited' | 'timeout'
  ms: number
}

export class DaemonStartError extends Error {
  constructor(
    message: string,
    readonly daemonLog: string,
  ) {
    super(message)
  }
}

/** A multiaddr (string or first of an array) like /ip4/H/tcp/P → http://H:P; undefined for unix sockets, port 0, etc. */
export function multiaddrToHttpUrl(ma: unknown, https = false): string | undefined {
  const first = Array.isArray(ma) ? ma.find((m) => typeof m === 'string' && m.includes('/tcp/')) : ma
  if (typeof first !== 'string') return undefined
  const m = /^\/(ip4|ip6|dns|dns4|dns6)\/([^/]+)\/tcp\/(\d+)/.exec(first)
  if (!m || m[3] === '0') return undefined
  let host = m[2]
  if (host === '0.0.0.0') host = '127.0.0.1'
  if (host === '::') host = '::1'
  if (m[1] === 'ip6') host = `[${host}]`
  return `${https ? 'https' : 'http'}://${host}:${m[3]}`
}

/** The REST API address and auth headers from <configDir>/service.json; undefined when restapi is absent or unreadable. */
export function restApiEndpoint(configDir: string): {url: string; headers: Record<string, string>} | undefined {
  let svc: any
  try {
    svc = JSON.parse(readFileSync(join(configDir, 'service.json'), 'utf8'))
  } catch {
    return undefined
  }
  const rest = svc?.api?.restapi
  if (!rest || typeof rest !== 'object') return undefined
  const url = multiaddrToHttpUrl(rest.http_listen_multiaddress, Boolean(rest.ssl_cert_file))
  if (!url) return undefined
  const headers: Record<string, string> = {}
  const creds = rest.basic_auth_credentials
  if (creds && typeof creds === 'object') {
    const [user, pass] = Object.entries(creds)[0] ?? []
    if (user !== undefined) headers.authorization = 'Basic ' + Buffer.from(`${user}:${String(pass)}`).toString('base64')
  }
  return {url, headers}
}

/** Spawns the daemon and returns at once (no waiting). Prefer startServiceDaemon or daemonVerdict. */
export function launchServiceDaemon(opts: StartDaemonOptions): DaemonHandle {
  const proc = spawnManaged(binPath('ipfs-cluster-service'), [...(opts.globalArgs ?? []), '--config', opts.configDir, 'daemon', ...(opts.args ?? [])], {
    env: clusterEnv(opts.env),
    logFile: opts.logFile,
    keepAcrossTests: opts.keepAcrossTests,
  })
  const endpoint = restApiEndpoint(opts.configDir)
  return {...proc, configDir: opts.configDir, apiUrl: endpoint?.url, apiHeaders: endpoint?.headers ?? {}}
}

/** Polls until the condition holds (REST API answers GET /id / a ready marker is logged), the process exits, or the timeout passes. */
export async function waitUntilReady(
  handle: DaemonHandle,
  timeoutMs = 20_000,
  waitFor: ReadyCondition = 'api',
): Promise<ReadyOutcome> {
  const t0 = Date.now()
  const deadline = t0 + timeoutMs
  for (;;) {
    if (handle.exitStatus()) return {ready: false, how: 'exited', ms: Date.now() - t0}
    const log = handle.log()
    if (log.includes(READY_MARKER) || log.includes(CONSENSUS_READY_MARKER)) return {ready: true, how: 'log', ms: Date.now() - t0}
    if (waitFor === 'api' && handle.apiUrl) {
      try {
        const res = await fetch(handle.apiUrl + '/id', {headers: handle.apiHeaders, signal: AbortSignal.timeout(1000)})
        const body = await res.text()
        if (res.status === 200 && body.includes('"id"')) return {ready: true, how: 'api', ms: Date.now() - t0}
      } catch {
        // not listening yet
      }
    }
    if (Date.now() >= deadline) return {ready: false, how: 'timeout', ms: Date.now() - t0}
    await Promise.race([sleep(100), handle.exited])
  }
}

/**
 * Starts `ipfs-cluster-service --config <dir> daemon [args]` and waits until it is up (REST API answers /id,
 * or, with the REST API disabled, the consensus-ready log line). Throws DaemonStartError (with the log) and
 * stops the process when it exits or does not become ready in time.
 */
export async function startServiceDaemon(opts: StartDaemonOptions): Promise<DaemonHandle> {
  const handle = launchServiceDaemon(opts)
  const outcome = await waitUntilReady(handle, opts.readyTimeoutMs ?? 20_000, opts.waitFor ?? 'api')
  if (!outcome.ready) {
    await handle.stop()
    const why = outcome.how === 'exited' ? `exited (${JSON.stringify(handle.exitStatus())})` : `not ready after ${outcome.ms} ms`
    throw new DaemonStartError(
      `ipfs-cluster-service daemon in ${opts.configDir} ${why}: ${firstErrorLine(handle.log()) ?? '(no error line)'}\n--- daemon log ---\n${handle.log()}`,
      handle.log(),
    )
  }
  return handle
}

export interface DaemonVerdict {
  /** The daemon came up (by default: consensus-ready marker logged) and was still running shortly after. */
  started: boolean
  how: ReadyOutcome['how']
  exitCode: number | null | undefined
  /** The most telling error line of the log (see firstErrorLine), if any. */
  errorLine: string | undefined
  log: string
  ms: number
}

/**
 * Runs the daemon on configDir and reports whether the real daemon accepts that config. A started daemon is
 * stopped again before returning. By default it waits for the consensus-ready log line (not just the REST API),
 * so every component has been created; pass waitFor: 'api' for the faster, weaker check. `settleMs`: how long
 * it must stay alive after looking ready.
 */
export async function daemonVerdict(
  configDir: string,
  timeoutMs = 20_000,
  opts: Omit<StartDaemonOptions, 'configDir' | 'readyTimeoutMs'> & {settleMs?: number} = {},
): Promise<DaemonVerdict> {
  const handle = launchServiceDaemon({...opts, configDir})
  const outcome = await waitUntilReady(handle, timeoutMs, opts.waitFor ?? 'consensus')
  let started = outcome.ready
  if (started) {
    await Promise.race([sleep(opts.settleMs ?? 300), handle.exited])
    if (handle.exitStatus()) started = false
  }
  await handle.stop()
  const log = handle.log()
  return {
    started,
    how: started ? outcome.how : handle.exitStatus() && outcome.how !== 'timeout' ? 'exited' : outcome.how,
    exitCode: started ? undefined : handle.exitStatus()?.code,
    errorLine: firstErrorLine(log),
    log,
    ms: outcome.ms,
  }
}

/**
 * The line explaining a failed start: the service CLI's fatal `error <doing>: <err>` line if present, else the
 * first ERROR/FATAL/panic log line that is not shutdown noise or about the (expected) missing IPFS daemon.
 */
export function firstErrorLine(log: string): string | undefined {
  const lines = log.split('\n').map((l) => l.trimEnd())
  const fatal = lines.find((l) => /^error [a-z]/.test(l))
  if (fatal) return fatal
  return lines.find(
    (l) =>
      /\t(ERROR|FATAL|DPANIC|PANIC)\t|^panic:|^fatal error:/.test(l) &&
      !/error posting to IPFS|could not get pinset from IPFS|context canceled|nothing new to snapshot|5001/.test(l),
  )
}
