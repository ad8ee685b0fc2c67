// Long-running real programs the e2e tests start (cluster daemons, followers, Kubo nodes): one registry for all
// of them, so a failing test never leaks one. Root mocha hooks stop per-test processes after each test and the
// rest at the end (before the temp folders they write into are removed); process exit / SIGINT kill whatever
// is still alive.
import {type ChildProcess, spawn} from 'node:child_process'
import {appendFileSync} from 'node:fs'
import {setTimeout as sleep} from 'node:timers/promises'

import {onBeforeTempCleanup} from './tmp.js'

export type ExitStatus = {code: number | null; signal: NodeJS.Signals | null}

export interface ManagedProcess {
  proc: ChildProcess
  /** Its stdout and stderr, interleaved as they came (the start and the latest part of a long output). */
  log(): string
  /** Exit code/signal once the process has exited (its pipes drained), else undefined. */
  exitStatus(): ExitStatus | undefined
  exited: Promise<ExitStatus>
  /** SIGTERM, then SIGKILL after 5 s; resolves once it has exited. Safe to call more than once. */
  stop(): Promise<void>
}

export interface SpawnManagedOptions {
  env: NodeJS.ProcessEnv
  /** Also append the output to this file. */
  logFile?: string
  /**
   * By default a root `afterEach` stops the process after the current test. Set for processes started in a
   * `before` hook and shared by several tests; they are then stopped by the root `after` hook (or stop()).
   */
  keepAcrossTests?: boolean
}

interface Registered {
  handle: ManagedProcess
  keepAcrossTests: boolean
}

const registry = new Set<Registered>()

// Keep the first part (startup) and the latest part of a long-running process's output.
const HEAD_MAX = 256 * 1024
const TAIL_MAX = 2 * 1024 * 1024

function logBuffer(logFile?: string) {
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

/** Spawns `binary args` with its output captured, registered for cleanup; returns at once. */
export function spawnManaged(binary: string, args: string[], opts: SpawnManagedOptions): ManagedProcess {
  const log = logBuffer(opts.logFile)
  const proc = spawn(binary, args, {env: opts.env, stdio: ['ignore', 'pipe', 'pipe']})
  proc.stdout!.setEncoding('utf8').on('data', log.push)
  proc.stderr!.setEncoding('utf8').on('data', log.push)
  let status: ExitStatus | undefined
  const exited = new Promise<ExitStatus>((resolve) => {
    // 'close' (not 'exit') so the output pipes are drained before we report the exit.
    proc.once('close', (code, signal) => {
      status = {code, signal}
      resolve(status)
    })
    proc.once('error', (err) => {
      log.push(`\n[spawn error: ${err.message}]\n`)
      status = {code: null, signal: null}
      resolve(status)
    })
  })
  let stopping: Promise<void> | undefined
  const entry: Registered = {
    keepAcrossTests: Boolean(opts.keepAcrossTests),
    handle: {
      proc,
      log: log.text,
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
    },
  }
  registry.add(entry)
  void exited.then(() => registry.delete(entry))
  return entry.handle
}

/** Stops every registered process (all, or only those scoped to the current test). */
export async function stopAllProcesses(opts: {includeKeptAcrossTests?: boolean} = {}): Promise<void> {
  const all = opts.includeKeptAcrossTests ?? true
  await Promise.all([...registry].filter((e) => all || !e.keepAcrossTests).map((e) => e.handle.stop()))
}

/** Synchronous last resort for process exit / SIGINT: no time to wait for a clean shutdown. */
function killAllNow(): void {
  for (const {handle} of registry) if (!handle.exitStatus()) handle.proc.kill('SIGKILL')
}

if (typeof afterEach === 'function') afterEach(() => stopAllProcesses({includeKeptAcrossTests: false}))
if (typeof after === 'function') after(() => stopAllProcesses())
onBeforeTempCleanup(() => stopAllProcesses())
process.once('exit', killAllNow)
process.on('SIGINT', () => {
  killAllNow()
  // Keep Node's default (exit) behaviour when nobody else (e.g. mocha) handles SIGINT.
  if (process.listenerCount('SIGINT') === 1) process.exit(130)
})
