// File I/O with the guarantees the tool promises: atomic replace (temp file in the same folder,
// fsync, rename), 0600 files, 0700 folders, a lock so concurrent writers lose no update, and
// parse errors reported with the file's path and the JSON position.
import {randomBytes} from 'node:crypto'
import {constants} from 'node:fs'
import {chmod, link, mkdir, open, readFile, rename, rm, stat} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {ExitCode, UserError} from './errors.js'
import {jsonErrorAt, lineColumn} from './jsonpos.js'

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch {
    return false
  }
}

/** Creates the folder (and parents) 0700; returns the topmost folder it created, if any. */
export async function ensureDir(dir: string): Promise<string | undefined> {
  if (await exists(dir)) return undefined
  const first = await mkdir(dir, {recursive: true, mode: 0o700})
  await chmod(dir, 0o700)
  return first
}

/**
 * Writes all files or none: every temp file is written and synced first; if a rename fails, the
 * files already replaced are put back from hard-linked backups.
 */
export async function writeFilesAtomic(files: {path: string; content: string; mode?: number}[]): Promise<void> {
  const staged: {tmp: string; path: string; backup?: string}[] = []
  const tag = randomBytes(6).toString('hex')
  try {
    for (const f of files) {
      await ensureDir(dirname(f.path))
      const tmp = join(dirname(f.path), `.${basename(f.path)}.${tag}.tmp`)
      const handle = await open(tmp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, f.mode ?? 0o600)
      try {
        await handle.writeFile(f.content)
        await handle.sync()
      } finally {
        await handle.close()
      }
      staged.push({tmp, path: f.path})
    }
    for (const s of staged) {
      if (await exists(s.path)) {
        s.backup = join(dirname(s.path), `.${basename(s.path)}.${tag}.bak`)
        await link(s.path, s.backup)
      }
    }
  } catch (error) {
    await Promise.all(staged.flatMap((s) => [rm(s.tmp, {force: true}), s.backup ? rm(s.backup, {force: true}) : Promise.resolve()]))
    throw error
  }
  const renamed: typeof staged = []
  try {
    for (const s of staged) {
      await rename(s.tmp, s.path)
      renamed.push(s)
    }
  } catch (error) {
    for (const s of renamed.reverse()) {
      if (s.backup) await rename(s.backup, s.path)
      else await rm(s.path, {force: true})
    }
    await Promise.all(staged.map((s) => rm(s.tmp, {force: true})))
    await Promise.all(staged.map((s) => (s.backup ? rm(s.backup, {force: true}) : Promise.resolve())))
    throw error
  }
  await Promise.all(staged.map((s) => (s.backup ? rm(s.backup, {force: true}) : Promise.resolve())))
  for (const dir of new Set(staged.map((s) => dirname(s.path)))) await syncDir(dir)
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY)
  try {
    await handle.sync()
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is still atomic.
  } finally {
    await handle.close()
  }
}

/** Reads a JSON file; a syntax error becomes exit 4 naming the file, line and column. */
export async function readJsonFile(path: string): Promise<{text: string; value: unknown}> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UserError(`${path} does not exist`, ExitCode.notFound)
    throw new UserError(`cannot read ${path}: ${(error as Error).message}`, ExitCode.unexpected)
  }
  return {text, value: parseJsonText(text, path)}
}

export function parseJsonText(text: string, path: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    // Our own scanner gives the position; V8's message may quote the file (and a secret in it).
    const at = jsonErrorAt(text)
    if (!at) throw new UserError(`${path} is not valid JSON`, ExitCode.invalid)
    const {line, column} = lineColumn(text, at.offset)
    const found = at.offset >= text.length ? 'the end of the file' : 'something else'
    throw new UserError(`${path} is not valid JSON at line ${line} column ${column}: expected ${at.expected}, found ${found}`, ExitCode.invalid)
  }
}

const LOCK_NAME = '.ipfs-cluster-config.lock'

/**
 * Runs `fn` holding an exclusive lock on the folder (a lock file created with O_EXCL holding our
 * pid). A lock left by a dead process is taken over. Read-modify-write cycles go inside.
 */
export async function withFolderLock<T>(dir: string, fn: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  let created = await ensureDir(dir)
  const lock = join(dir, LOCK_NAME)
  const deadline = Date.now() + timeoutMs
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lock, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600)
      await handle.writeFile(String(process.pid))
      await handle.close()
      break
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT') {
        // The holder failed and removed the folder it had created: start over in a new one.
        created = (await ensureDir(dir)) ?? created
        continue
      }
      if (code !== 'EEXIST') throw error
      if (await lockIsStale(lock)) {
        await rm(lock, {force: true})
        continue
      }
      if (Date.now() > deadline)
        throw new UserError(`${dir} is locked by another ipfs-cluster-config process (remove ${lock} if none is running)`, ExitCode.unexpected)
      await sleep(Math.min(5 + attempt * 5, 50))
    }
  }
  try {
    return await fn()
  } catch (error) {
    await rm(lock, {force: true})
    // A failed operation leaves no trace: not even the folder the lock needed.
    if (created) await rm(created, {recursive: true, force: true})
    throw error
  } finally {
    await rm(lock, {force: true})
  }
}

async function lockIsStale(lock: string): Promise<boolean> {
  let pid: number
  try {
    pid = Number((await readFile(lock, 'utf8')).trim())
  } catch {
    return false // being written or just removed: try again
  }
  if (!Number.isInteger(pid) || pid <= 0) {
    // An empty lock file is being written right now, unless it is old.
    try {
      return Date.now() - (await stat(lock)).mtimeMs > 5_000
    } catch {
      return false
    }
  }
  try {
    process.kill(pid, 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

