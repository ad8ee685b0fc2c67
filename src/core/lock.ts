// The folder lock: one writer at a time per peer folder, so concurrent read-modify-write cycles
// lose no update, also between containers that share the volume.
//
// The lock file appears atomically with its whole content (written to a private file, then
// hard-linked into place), so a reader never sees a half-written lock: empty or foreign content
// is stale at once. Its content says who holds it: pid, host, boot id, PID namespace and the
// process's start time. A holder in the reader's own PID namespace is checked in /proc (gone, or
// its pid now another process: stale at once, so a killed writer never makes the next one wait).
// A holder the reader cannot see (another PID namespace, another machine on a shared volume)
// refreshes the lock's mtime while it works; such a lock is stale once the refresh stops for
// STALE_MS. Breaking a stale lock happens under a second, short-lived lock, and only if the lock
// is still the one judged stale, so two waiters never both take over.
//
// Waiters take their turns in the order they came: a waiter's candidate file is named by the time it
// began to wait, and it tries to take the lock only when no live waiter came before it (so under 20
// writers none waits for more than the others ahead of it, where a free-for-all let one lose every
// race until its wait ran out). A waiter shows it is alive by touching its candidate on every turn.
import {randomBytes} from 'node:crypto'
import {readFileSync, readlinkSync} from 'node:fs'
import {link, open, readFile, readdir, rm, rmdir, stat, utimes} from 'node:fs/promises'
import {AsyncLocalStorage} from 'node:async_hooks'
import {hostname} from 'node:os'
import {dirname, join, sep} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {parseDuration} from './duration.js'
import {ENV_LOCK_TIMEOUT} from './env-names.js'
import {ExitCode, UserError} from './errors.js'
import {ensureDir, fsError} from './fs-errors.js'

export const LOCK_NAME = '.ipfs-cluster-config.lock'
/** A holder the reader cannot check is given up on when its mtime is this old (it refreshes every REFRESH_MS). */
export const STALE_MS = 10_000
const REFRESH_MS = 2_000
/** The breaker is held for a few file operations; one older than this was left by a killed process. */
const BREAKER_STALE_MS = 2_000
export const DEFAULT_LOCK_TIMEOUT_MS = 30_000

interface Owner {
  pid: number
  host: string
  boot: string | null
  pidns: string | null
  /** process.pid is the pid /proc shows (false when /proc belongs to another PID namespace). */
  procMatches: boolean
  start: string | null
  token: string
  since: number
}

let selfOwner: Omit<Owner, 'token' | 'since'> | undefined
function self(): Omit<Owner, 'token' | 'since'> {
  if (selfOwner) return selfOwner
  const tryRead = (f: () => string | null): string | null => {
    try {
      return f()
    } catch {
      return null
    }
  }
  selfOwner = {
    pid: process.pid,
    host: hostname(),
    boot: tryRead(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()),
    pidns: tryRead(() => readlinkSync('/proc/self/ns/pid')),
    procMatches: tryRead(() => readlinkSync('/proc/self')) === String(process.pid),
    start: tryRead(() => startTime(readFileSync('/proc/self/stat', 'utf8'))),
  }
  return selfOwner
}

/** Field 22 of /proc/PID/stat (start time in clock ticks since boot); the name before it may hold spaces. */
function startTime(stat: string): string | null {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return fields[19] ?? null
}

function parseOwner(text: string): Owner | undefined {
  try {
    const o = JSON.parse(text) as Owner
    return typeof o === 'object' && o !== null && Number.isInteger(o.pid) && typeof o.token === 'string' ? o : undefined
  } catch {
    return undefined
  }
}

type Liveness = 'alive' | 'dead' | 'unknown'

/** Whether the holder still runs, where this process can know it; 'unknown' falls back to the mtime. */
function liveness(owner: Owner): Liveness {
  const me = self()
  const sameNamespace = owner.boot !== null && owner.boot === me.boot && owner.pidns !== null && owner.pidns === me.pidns
  if (sameNamespace && owner.procMatches && me.procMatches && owner.start !== null) {
    let stat: string
    try {
      stat = readFileSync(`/proc/${owner.pid}/stat`, 'utf8')
    } catch {
      return 'dead'
    }
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
    return startTime(stat) === owner.start && state !== 'Z' ? 'alive' : 'dead'
  }
  // No /proc (macOS): same host, no namespaces, so the pid is ours to test.
  if (owner.pidns === null && me.pidns === null && owner.host === me.host) {
    try {
      process.kill(owner.pid, 0)
      return 'alive'
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ESRCH' ? 'dead' : 'alive'
    }
  }
  return 'unknown'
}

interface Seen {
  text: string
  owner: Owner | undefined
  mtimeMs: number
}

async function look(lock: string): Promise<Seen | undefined> {
  try {
    const [text, st] = await Promise.all([readFile(lock, 'utf8'), stat(lock)])
    return {text, owner: parseOwner(text), mtimeMs: st.mtimeMs}
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw fsError(error, lock, 'read')
  }
}

function isStale(seen: Seen): boolean {
  // Content not in our format was not written by a live holder of this version (ours appears whole).
  if (!seen.owner) return true
  const l = liveness(seen.owner)
  return l === 'dead' || (l === 'unknown' && Date.now() - seen.mtimeMs > STALE_MS)
}

/** Removes the lock if it is still exactly the one judged stale; one breaker at a time. */
async function breakStale(lock: string, judged: Seen): Promise<void> {
  const breaker = `${lock}.break`
  let handle
  try {
    handle = await open(breaker, 'wx', 0o600)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw fsError(error, breaker, 'create')
    try {
      if (Date.now() - (await stat(breaker)).mtimeMs > BREAKER_STALE_MS) await rm(breaker, {force: true})
    } catch {
      // gone meanwhile
    }
    return
  }
  try {
    const now = await look(lock)
    if (now && now.text === judged.text) await rm(lock, {force: true})
  } finally {
    await handle.close()
    await rm(breaker, {force: true})
  }
}

function describeOwner(seen: Seen | undefined): string {
  const o = seen?.owner
  if (!o) return 'another process'
  const me = self()
  const where = o.host !== me.host ? ` on host ${o.host}` : o.pidns !== me.pidns ? ' in another PID namespace (another container?)' : ''
  const age = Math.round((Date.now() - o.since) / 1000)
  return `ipfs-cluster-config pid ${o.pid}${where}, holding it for ${age}s`
}

// ---------------------------------------------------------------------------------------------

let timeoutOverride: number | undefined

/** The wait for a busy folder: --lock-timeout (set here by the CLI) > IPFS_CLUSTER_CONFIG_LOCK_TIMEOUT > 30s. */
export function setLockTimeout(ms: number | undefined): void {
  timeoutOverride = ms
}

export function lockTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  if (timeoutOverride !== undefined) return timeoutOverride
  const text = env[ENV_LOCK_TIMEOUT]
  return text === undefined || text === '' ? DEFAULT_LOCK_TIMEOUT_MS : parseLockTimeout(text, ENV_LOCK_TIMEOUT)
}

export function parseLockTimeout(text: string, what: string): number {
  const ns = parseDuration(text.trim())
  if (ns === undefined || ns < 0n) throw new UserError(`${what}: "${text}" is not a duration (examples: 30s, 2m, 0s to fail at once)`, ExitCode.usage)
  return Number(ns / 1_000_000n)
}

/** The folders this async context holds the lock of (a nested withFolderLock on one of them just runs). */
const held = new AsyncLocalStorage<Set<string>>()

export function holdsLock(dir: string): boolean {
  return held.getStore()?.has(dir) ?? false
}

/**
 * Runs `fn` holding the folder's lock (see the top of this file). A folder the lock had to create
 * is removed again when `fn` fails, so a failed operation leaves no trace; but only while it is
 * empty: another writer racing on the same new folder may have written its files or its lock
 * candidate there, and those are not ours to remove.
 */
export async function withFolderLock<T>(dir: string, fn: () => Promise<T>, timeoutMs = lockTimeoutMs()): Promise<T> {
  if (holdsLock(dir)) return fn()
  let created = await ensureDir(dir)
  const lock = join(dir, LOCK_NAME)
  const token = queueToken()
  const candidate = `${lock}.${token}.tmp`
  const writeCandidate = async (): Promise<void> => {
    const owner: Owner = {...self(), token, since: Date.now()}
    let handle
    try {
      handle = await open(candidate, 'wx', 0o600)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fsError(error, dir, 'write in')
      // The folder was removed meanwhile by a racing writer that had created it and failed: make it again.
      created = (await ensureDir(dir)) ?? created
      return writeCandidate()
    }
    try {
      await handle.writeFile(JSON.stringify(owner))
    } finally {
      await handle.close()
    }
  }
  await writeCandidate()
  const deadline = Date.now() + timeoutMs
  let last: Seen | undefined
  try {
    for (let attempt = 0; ; attempt++) {
      let ahead = 0
      try {
        // The lock's mtime says when it was taken (the candidate was written before the wait, which may
        // outlast STALE_MS); touching the candidate also tells the waiters behind us that we are alive.
        const now = new Date()
        await utimes(candidate, now, now)
        ahead = await waitersAhead(dir, token)
        if (ahead === 0) {
          await link(candidate, lock)
          break
        }
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        if (code === 'ENOENT') {
          // The folder (or our candidate) was removed by a racing writer that failed: start over.
          await rm(candidate, {force: true})
          await writeCandidate()
          continue
        }
        if (code !== 'EEXIST') throw fsError(error, lock, 'create')
      }
      last = await look(lock)
      if (!last && ahead === 0) continue
      if (last && ahead === 0 && isStale(last)) {
        await breakStale(lock, last)
        continue
      }
      if (Date.now() >= deadline) {
        if (ahead > 0) ahead = await waitersAhead(dir, token, Infinity).catch(() => ahead)
        const queue = ahead > 0 ? `; ${ahead} other waiter${ahead === 1 ? '' : 's'} came before this one` : ''
        throw new UserError(`${dir} is busy: ${describeOwner(last)}${queue}; gave up after ${Math.round(timeoutMs / 100) / 10}s`, ExitCode.locked, {
          nextSteps: ['retry when that command has finished, or wait longer with --lock-timeout (e.g. --lock-timeout 2m)'],
          details: {lock, holder: last?.owner ?? null, waitersAhead: ahead},
        })
      }
      // The next in turn polls often (the lock stays free while it sleeps); those behind it back off.
      await sleep(ahead === 0 ? 2 + Math.random() * 4 : Math.min(2 + attempt * 3, 40) + Math.random() * 10)
    }
  } finally {
    await rm(candidate, {force: true})
  }

  const refresh = setInterval(() => {
    const now = new Date()
    utimes(lock, now, now).catch(() => {})
  }, REFRESH_MS)
  refresh.unref()
  const release = async () => {
    clearInterval(refresh)
    // Only our own lock: a lock taken over meanwhile (we were judged stale) is left to its holder.
    const now = await look(lock).catch(() => undefined)
    if (now?.owner?.token === token) await rm(lock, {force: true})
  }
  const inner = new Set(held.getStore() ?? [])
  inner.add(dir)
  // A folder we created and found holding nothing but lock files when we took the lock is ours: what
  // a failed fn wrote in it goes. Once another writer has written there first, it is not ours any more.
  const ours = created !== undefined && (await onlyLockFiles(dir))
  try {
    await cleanLeftovers(dir)
    const result = await held.run(inner, fn)
    await release()
    return result
  } catch (error) {
    if (ours) await removeAllButLockFiles(dir)
    await release()
    if (created) await removeEmptyFolders(dir, created)
    throw error
  }
}

/**
 * A candidate's token: the time its wait began (11 hex digits of ms, so names sort by it) and 5
 * random hex digits; 16 hex digits in all, the form LOCK_LEFTOVER knows.
 */
function queueToken(): string {
  return Date.now().toString(16).padStart(11, '0').slice(-11) + randomBytes(3).toString('hex').slice(0, 5)
}

/** A waiter that stopped touching its candidate this long ago (and that we cannot check in /proc) has lost its turn. */
const WAITER_STALE_MS = 5_000

/**
 * How many live waiters came before the one with `token` (0: it is its turn), counting at most
 * `upTo`. Dead ones are skipped, not removed (the next holder's cleanup does that).
 */
async function waitersAhead(dir: string, token: string, upTo = 1): Promise<number> {
  const mine = `${LOCK_NAME}.${token}.tmp`
  const names = (await readdir(dir)).filter((n) => LOCK_LEFTOVER.test(n) && n < mine).sort()
  let ahead = 0
  for (const name of names) {
    const seen = await look(join(dir, name)).catch(() => undefined)
    if (!seen?.owner) continue
    const l = liveness(seen.owner)
    if (l === 'alive' || (l === 'unknown' && Date.now() - seen.mtimeMs < WAITER_STALE_MS)) ahead++
    if (ahead >= upTo) break
  }
  return ahead
}

const isLockFile = (name: string) => name === LOCK_NAME || (name.startsWith(`${LOCK_NAME}.`) && name.endsWith('.tmp'))

async function onlyLockFiles(dir: string): Promise<boolean> {
  const names = await readdir(dir).catch(() => [] as string[])
  return names.every(isLockFile)
}

/** Removes what a failed fn wrote, keeping lock files (ours is released next; a waiter's keeps the folder). */
async function removeAllButLockFiles(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[])
  await Promise.all(names.filter((name) => !isLockFile(name)).map((name) => rm(join(dir, name), {recursive: true, force: true})))
}

/** Removes `dir` and its parents up to `top` (the folders this process created) while they are empty. */
async function removeEmptyFolders(dir: string, top: string): Promise<void> {
  for (let d = dir; ; d = dirname(d)) {
    try {
      await rmdir(d)
    } catch {
      return // not empty (another writer's files), or gone
    }
    if (d === top || dirname(d) === d) return
  }
}

/** What a killed atomic write leaves: `.<file>.<12 hex>.tmp` (the new content) and `.bak` (a link to the old). */
export const WRITE_LEFTOVER = /^\..+\.[0-9a-f]{12}\.(tmp|bak)$/
/** Lock candidates a killed waiter left behind (a live waiter's is younger than LOCK_LEFTOVER_AGE_MS). */
const LOCK_LEFTOVER = /^\.ipfs-cluster-config\.lock\.[0-9a-f]{16}\.tmp$/
const LOCK_LEFTOVER_AGE_MS = 60_000

/** Removes what killed writers left in the folder. Only under its lock: no live write has files there then. */
async function cleanLeftovers(dir: string): Promise<void> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return
  }
  for (const name of names) {
    const path = join(dir, name)
    if (WRITE_LEFTOVER.test(name)) await rm(path, {force: true})
    else if (LOCK_LEFTOVER.test(name)) {
      // A candidate names its waiter: gone (killed between linking it and removing it), or too old to be alive.
      const seen = await look(path).catch(() => undefined)
      if (seen && ((seen.owner && liveness(seen.owner) === 'dead') || Date.now() - seen.mtimeMs > LOCK_LEFTOVER_AGE_MS)) await rm(path, {force: true})
    }
  }
}

/**
 * Runs `fn` holding the locks of all `dirs`. They are taken one after another in name order, so two
 * writers that want overlapping folders never each hold one the other waits for; or all at once when
 * the caller holds the lock of a folder that contains them all (a cluster bundle's peers under its
 * DIR): every writer of several of them holds that lock too, so none can be waiting for ours.
 */
export async function withFolderLocks<T>(dirs: string[], fn: () => Promise<T>): Promise<T> {
  const wanted = [...new Set(dirs)].filter((d) => !holdsLock(d)).sort()
  if (wanted.length === 0) return fn()
  const mine = held.getStore() ?? new Set<string>()
  const underHeldParent = wanted.length > 1 && [...mine].some((p) => wanted.every((d) => d.startsWith(p.endsWith(sep) ? p : p + sep)))
  if (!underHeldParent) return wanted.reduceRight<() => Promise<T>>((inner, dir) => () => withFolderLock(dir, inner), fn)()
  // Each lock is taken in its own withFolderLock, whose body waits until all are held and fn is done.
  let arrived = 0
  let allHeld!: () => void
  let oneFailed!: (e: unknown) => void
  const ready = new Promise<void>((resolve, reject) => ((allHeld = resolve), (oneFailed = reject)))
  let finish!: (outcome: {error?: unknown}) => void
  const finished = new Promise<{error?: unknown}>((resolve) => (finish = resolve))
  const locks = wanted.map((dir) =>
    withFolderLock(dir, async () => {
      if (++arrived === wanted.length) allHeld()
      await ready
      const {error} = await finished
      if (error !== undefined) throw error
    }).catch((error) => {
      oneFailed(error)
      throw error
    }),
  )
  for (const lock of locks) lock.catch(() => {}) // seen by allSettled below; not an unhandled rejection meanwhile
  let outcome: {error?: unknown} = {}
  let result: T | undefined
  try {
    await ready
    result = await held.run(new Set([...mine, ...wanted]), fn)
  } catch (error) {
    outcome = {error}
  }
  finish(outcome)
  const settled = await Promise.allSettled(locks)
  if (outcome.error !== undefined) throw outcome.error
  const failed = settled.find((s) => s.status === 'rejected')
  if (failed) throw (failed as PromiseRejectedResult).reason
  return result as T
}
