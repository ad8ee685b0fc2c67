// Daemons this tool starts (`connect --start`) run detached, with a pid file and a log file in the
// peer's folder, so `stop` can find and end exactly them.
import {closeSync, fstatSync, openSync} from 'node:fs'
import {readFile, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {ExitCode, UserError} from '../core/errors.js'
import {PID_FILE, alive, runningPid} from '../core/running.js'
import {type ClusterBinary, ENV_BIN_DIR, findBinary} from './binary.js'

export const LOG_FILE = 'ipfs-cluster-config.log'

export interface Started {
  pid: number
  pidFile: string
  logFile: string
  /** Size of the log file when this daemon started: its own output begins there (the file is appended to). */
  logOffset: number
  command: string[]
}

/**
 * What must hold before a daemon is started: its binary is installed (else exit 6: the daemon cannot run) and no
 * daemon of ours runs in the folder. Callers check it before their first write, so a failed start changes nothing.
 */
export async function checkCanStart(binary: ClusterBinary, folder: string, env: NodeJS.ProcessEnv): Promise<string> {
  const path = await findBinary(binary, env)
  if (!path) throw new UserError(`${binary} is not installed, so it cannot be started (put it on PATH or set ${ENV_BIN_DIR})`, ExitCode.unreachable)
  const pidFile = join(folder, PID_FILE)
  const running = await runningPid(pidFile)
  if (running) throw new UserError(`a daemon started by this tool is already running (pid ${running}, ${pidFile})`, ExitCode.exists, {nextSteps: ['ipfs-cluster-config stop']})
  return path
}

export async function startDetached(binary: ClusterBinary, args: string[], folder: string, env: NodeJS.ProcessEnv): Promise<Started> {
  const path = await checkCanStart(binary, folder, env)
  const pidFile = join(folder, PID_FILE)
  const logFile = join(folder, LOG_FILE)
  const {execa} = await import('execa')
  // A file descriptor the daemon inherits: its log keeps going after this process exits (execa's
  // {file} target is written by the parent, which would cut the daemon's output when we exit).
  const fd = openSync(logFile, 'a', 0o600)
  const logOffset = fstatSync(fd).size
  try {
    // execa's types only allow fds 0-2 here; any fd works at run time (Node's spawn takes it).
    const options = {detached: true, stdio: ['ignore', fd, fd], env: {...env}, cleanup: false, reject: false} as const
    const child = execa(path, args, options as unknown as {detached: true; cleanup: false; reject: false})
    child.unref()
    child.catch(() => {}) // settles when the daemon exits; nothing waits for it here
    if (!child.pid) throw new UserError(`could not start ${binary}`, ExitCode.unexpected)
    await writeFile(pidFile, `${child.pid}\n`, {mode: 0o600})
    return {pid: child.pid, pidFile, logFile, logOffset, command: [path, ...args]}
  } finally {
    closeSync(fd)
  }
}

export interface StopResult {
  folder: string
  pid: number | null
  stopped: boolean
  signal: 'SIGTERM' | 'SIGKILL' | null
  message: string
}

/** SIGTERM, wait up to `graceMs`, then SIGKILL; removes the pid file. */
export async function stopDetached(folder: string, graceMs = 15_000): Promise<StopResult> {
  const pidFile = join(folder, PID_FILE)
  const pid = await runningPid(pidFile)
  if (!pid) {
    await rm(pidFile, {force: true})
    return {folder, pid: null, stopped: false, signal: null, message: `no daemon started by this tool is running in ${folder}`}
  }
  // The daemon leads its own process group (detached): signal the group.
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-pid, s)
    } catch {
      try {
        process.kill(pid, s)
      } catch {
        // already gone
      }
    }
  }
  signal('SIGTERM')
  const deadline = Date.now() + graceMs
  while (alive(pid) && Date.now() < deadline) await sleep(100)
  let used: StopResult['signal'] = 'SIGTERM'
  if (alive(pid)) {
    signal('SIGKILL')
    used = 'SIGKILL'
    while (alive(pid)) await sleep(50)
  }
  await rm(pidFile, {force: true})
  return {folder, pid, stopped: true, signal: used, message: `stopped pid ${pid} with ${used}`}
}

/**
 * The last lines of the daemon's log, for a diagnosis: from byte `from` on (one run's output), without blank
 * lines and the REST API's access log (a client polling the API, as `connect --start` does, would otherwise
 * push every line that explains a failure out of the tail within seconds).
 */
export async function logTail(folder: string, lines = 20, from = 0): Promise<string[]> {
  try {
    const text = (await readFile(join(folder, LOG_FILE))).subarray(from).toString('utf8')
    return text
      .split('\n')
      .filter((l) => l.trim() !== '' && !/\trestapilog\t/.test(l))
      .slice(-lines)
  } catch {
    return []
  }
}
