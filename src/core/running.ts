// Whether a peer's daemon is running on its folder, so a write can say that it applies only at the
// daemon's next start: upstream's `cluster.lock` is held (the kernel lists the lock on that file's
// inode in /proc/locks; the file itself stays after a crash), or the pid file of a daemon this
// tool started names a live cluster binary.
import {readFile, stat} from 'node:fs/promises'
import {join} from 'node:path'

export const PID_FILE = 'ipfs-cluster-config.pid'
export const CLUSTER_LOCK = 'cluster.lock'

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** The pid in the file if that process is alive and still one of the cluster binaries. */
export async function runningPid(pidFile: string): Promise<number | undefined> {
  let pid: number
  try {
    pid = Number((await readFile(pidFile, 'utf8')).trim())
  } catch {
    return undefined
  }
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return undefined
  try {
    // A recycled pid must not be killed: check the command line where the OS shows it.
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8')
    if (!/ipfs-cluster-(service|follow)/.test(cmdline)) return undefined
  } catch {
    // No /proc (macOS): trust the pid file.
  }
  return pid
}

/** The pid holding a lock on the file, from /proc/locks (null: held, pid not known; undefined: not held or no /proc). */
async function lockHolder(file: string): Promise<number | null | undefined> {
  let st
  let locks: string
  try {
    st = await stat(file)
    locks = await readFile('/proc/locks', 'utf8')
  } catch {
    return undefined
  }
  // Linux's dev_t: major in bits 8-19 (and 32+), minor in bits 0-7 and 20+; /proc/locks prints them in hex.
  const dev = BigInt(st.dev)
  const major = Number(((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn))
  const minor = Number((dev & 0xffn) | ((dev >> 12n) & ~0xffn))
  for (const line of locks.split('\n')) {
    // "1: POSIX  ADVISORY  WRITE 2781 fe:00:9995937 0 EOF"; a waiter's line has "->" after the number.
    const m = /^\d+:\s+(?!->)\S+\s+\S+\s+\S+\s+(-?\d+)\s+([0-9a-f]+):([0-9a-f]+):(\d+)\s/.exec(line)
    if (m && Number(m[4]) === st.ino && parseInt(m[2], 16) === major && parseInt(m[3], 16) === minor) {
      const pid = Number(m[1])
      return pid > 0 ? pid : null
    }
  }
  return undefined
}

export interface RunningDaemon {
  /** The daemon's pid where known (an open-file-description lock does not tell it). */
  pid: number | null
  evidence: 'cluster.lock' | 'pid file'
}

export async function runningDaemon(folder: string): Promise<RunningDaemon | null> {
  const holder = await lockHolder(join(folder, CLUSTER_LOCK))
  if (holder !== undefined) return {pid: holder, evidence: 'cluster.lock'}
  const pid = await runningPid(join(folder, PID_FILE))
  return pid ? {pid, evidence: 'pid file'} : null
}
