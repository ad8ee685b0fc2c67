// Runs the real `ipfs-cluster-service daemon` for e2e tests and judges whether a config makes it start.
// Every daemon is registered so a failing test never leaks one: root mocha hooks stop them, and process
// exit / SIGINT kill whatever is still alive.
import {type ChildProcess, spawn} from 'node:child_process'
import {appendFileSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {binPath, clusterEnv} from './binaries.js'
import {onBeforeTempCleanup} from './tmp.js'

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

export interface DaemonHandle {
  proc: ChildProcess
  configDir: string
  /** http://host:port of the REST API, or undefined when the API is disabled or not reachable over TCP. */
  apiUrl: string | undefined
  /** Headers needed by the REST API (Basic auth when basic_auth_credentials is set). */
  apiHeaders: Record<string, string>
  log(): string
  /** Exit code/signal once the process has exited, else undefined. */
  exitStatus(): {code: number | null; signal: NodeJS.Signals | null} | undefined
  exited: Promise<{code: number | null; signal: NodeJS.Signals | null}>
  stop(): Promise<void>
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

interface Registered {
  handle: DaemonHandle
  keepAcrossTests: boolean
}

const registry = new Set<Registered>()

// Keep the first part (startup) and the latest part of a long-running daemon's output.
const HEAD_MAX = 256 * 1024
const TAIL_MAX = 2 * 1024 * 1024

function makeLogBuffer(logFile?: string) {
  let head = ''
  let tail = ''
  let dropped = false
  return {
    push(chunk: string) {
      if (logFile) appendFileSync(logFile, chunk)
      if (head.length < HEAD_MAX) {
        const room = HEAD_MAX - head.length
        head += chunk.slice(0, room)
        chunk = chunk.slice(room)
      }
      if (!chunk) return
      tail += chunk
      if (tail.length > TAIL_MAX) {
        tail = tail.slice(tail.length - TAIL_MAX)
        dropped = true
      }
    },
    text: () => head + (dropped ? '\n[... log truncated ...]\n' : '') + tail,
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
  const logBuf = makeLogBuffer(opts.logFile)
  const proc = spawn(
    binPath('ipfs-cluster-service'),
    [...(opts.globalArgs ?? []), '--config', opts.configDir, 'daemon', ...(opts.args ?? [])],
    {env: clusterEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe']},
  )
  proc.stdout!.setEncoding('utf8').on('data', (c: string) => logBuf.push(c))
  proc.stderr!.setEncoding('utf8').on('data', (c: string) => logBuf.push(c))

  let status: {code: number | null; signal: NodeJS.Signals | null} | undefined
  const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>((resolve) => {
    // 'close' (not 'exit') so the output pipes are drained before we report the exit.
    proc.once('close', (code, signal) => {
      status = {code, signal}
      resolve(status)
    })
    proc.once('error', (err) => {
      logBuf.push(`\n[spawn error: ${err.message}]\n`)
      status = {code: null, signal: null}
      resolve(status)
    })
  })

  const endpoint = restApiEndpoint(opts.configDir)
  const entry: Registered = {handle: undefined as unknown as DaemonHandle, keepAcrossTests: Boolean(opts.keepAcrossTests)}
  let stopping: Promise<void> | undefined
  const handle: DaemonHandle = {
    proc,
    configDir: opts.configDir,
    apiUrl: endpoint?.url,
    apiHeaders: endpoint?.headers ?? {},
    log: logBuf.text,
    exitStatus: () => status,
    exited,
    stop() {
      stopping ??= (async () => {
        if (!status) {
          proc.kill('SIGTERM')
          const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)])
          if (!done) {
            proc.kill('SIGKILL')
            await exited
          }
        }
        registry.delete(entry)
      })()
      return stopping
    },
  }
  entry.handle = handle
  registry.add(entry)
  void exited.then(() => registry.delete(entry))
  return handle
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

/** Stops every daemon still registered (all, or only those scoped to the current test). */
export async function stopAllDaemons(opts: {includeKeptAcrossTests?: boolean} = {}): Promise<void> {
  const all = opts.includeKeptAcrossTests ?? true
  await Promise.all([...registry].filter((e) => all || !e.keepAcrossTests).map((e) => e.handle.stop()))
}

/** Synchronous last resort for process exit / SIGINT: no time to wait for a clean shutdown. */
function killAllNow(): void {
  for (const {handle} of registry) if (!handle.exitStatus()) handle.proc.kill('SIGKILL')
}

// Root-level hooks (when loaded by a spec file): per-test daemons die after each test, the rest at the end,
// and all of them before the temp folders they write into are removed.
if (typeof afterEach === 'function') afterEach(() => stopAllDaemons({includeKeptAcrossTests: false}))
if (typeof after === 'function') after(() => stopAllDaemons())
onBeforeTempCleanup(() => stopAllDaemons())
process.once('exit', killAllNow)
process.on('SIGINT', () => {
  killAllNow()
  // Keep Node's default (exit) behaviour when nobody else (e.g. mocha) handles SIGINT.
  if (process.listenerCount('SIGINT') === 1) process.exit(130)
})
