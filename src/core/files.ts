// File I/O with the guarantees the tool promises: atomic replace (temp file in the same folder,
// fsync, rename) under the folder's lock, 0600 files that keep their owner, 0700 folders, no
// writing through symbolic links, and JSON input refused when it is too deep or names a prototype.
import {randomBytes} from 'node:crypto'
import {constants} from 'node:fs'
import {copyFile, link, lstat, open, readFile, rename, rm, stat} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'

import {ExitCode, type ExitCodeValue, UserError} from './errors.js'
import {ensureDir, exists, fsError} from './fs-errors.js'
import {MAX_JSON_DEPTH, checkInputTree} from './input-tree.js'
import {jsonErrorAt, lineColumn} from './jsonpos.js'
import type {Problem} from './validate.js'
import {holdsLock, withFolderLock, withFolderLocks} from './lock.js'

export {ensureDir, exists, fsError, withFolderLock}

/**
 * The symbolic link rule, the same for every write: the folder named by --path (or a followers'
 * base) may be a link, that is the user's choice; the files and follower folders written inside it
 * may not. A write to one is refused before anything is written (reads follow links, as the daemon does).
 */
export async function refuseSymlink(path: string): Promise<void> {
  let st
  try {
    st = await lstat(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw fsError(error, path, 'read')
  }
  if (st.isSymbolicLink())
    throw new UserError(`${path} is a symbolic link: ipfs-cluster-config does not write through links inside a config folder`, ExitCode.fileAccess, {
      nextSteps: ['replace the link with the file or folder it points to, or point --path at the real folder'],
    })
}

/**
 * Folder modes: a folder this tool creates is 0700; an existing one is left as it is (a volume's
 * mode may be what lets the daemon's group in), with a warning when others may enter or write it.
 */
export async function folderModeWarning(dir: string): Promise<Problem | undefined> {
  const st = await stat(dir).catch(() => undefined)
  if (!st || (st.mode & 0o077) === 0) return undefined
  const mode = (st.mode & 0o777).toString(8).padStart(4, '0')
  const risk = st.mode & 0o022 ? 'other users can replace its files' : 'other users can list it'
  return {severity: 'warning', file: dir, key: '', message: `is mode ${mode}: ${risk} (the files stay 0600; chmod 700 ${dir} to close it)`}
}

/** The owner a written file gets: an existing file keeps its own; as root, a new one gets the folder's. */
async function ownerFor(path: string, dir: string): Promise<{uid: number; gid: number} | undefined> {
  const st = await stat(path).catch(() => undefined)
  if (st) return {uid: st.uid, gid: st.gid}
  if (process.getuid?.() !== 0) return undefined
  const d = await stat(dir).catch(() => undefined)
  return d && (d.uid !== 0 || d.gid !== 0) ? {uid: d.uid, gid: d.gid} : undefined
}

/** Files staged, synced or backed up at once: the syncs overlap on disk, within the open-files limit. */
const IO_PARALLEL = 16

/** Runs fn on every item, at most `limit` at a time; after a failure starts no more, and rejects once nothing runs. */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  let failure: {error: unknown} | undefined
  const worker = async (): Promise<void> => {
    while (next < items.length && !failure) {
      const item = items[next++]
      try {
        await fn(item)
      } catch (error) {
        failure ??= {error}
      }
    }
  }
  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker))
  if (failure) throw failure.error
}

/**
 * The one write helper. Writes all files or none: every temp file is written and synced first; if
 * a rename fails, the files already replaced are put back from hard-linked backups. Each folder is
 * written under its lock (taken here unless the caller holds it: withFolderLocks), which also removes
 * what earlier killed writes left there. Files are staged and synced several at a time; the renames,
 * which make the result visible, go one by one so that a failure can put back exactly what was done.
 */
export async function writeFilesAtomic(files: {path: string; content: string; mode?: number}[]): Promise<void> {
  const dirs = [...new Set(files.map((f) => dirname(f.path)))]
  if (dirs.some((d) => !holdsLock(d))) return withFolderLocks(dirs, () => writeFilesAtomic(files))
  await eachLimited(files, IO_PARALLEL, async (f) => {
    await refuseSymlink(f.path)
    const st = await stat(f.path).catch(() => undefined)
    if (st?.isDirectory()) throw new UserError(`${f.path} is a folder, not a file`, ExitCode.fileAccess, {nextSteps: [`remove or rename the folder ${f.path}`]})
  })
  const staged: {tmp: string; path: string; backup?: string}[] = []
  const tag = randomBytes(6).toString('hex')
  try {
    await eachLimited(files, IO_PARALLEL, async (f) => {
      const dir = dirname(f.path)
      const tmp = join(dir, `.${basename(f.path)}.${tag}.tmp`)
      const owner = await ownerFor(f.path, dir)
      const handle = await open(tmp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, f.mode ?? 0o600)
      staged.push({tmp, path: f.path})
      try {
        await handle.writeFile(f.content)
        if (owner) await handle.chown(owner.uid, owner.gid).catch(() => {}) // not root: the file stays ours
        await handle.sync()
      } finally {
        await handle.close()
      }
    })
    const order = new Map(files.map((f, i) => [f.path, i]))
    staged.sort((a, b) => order.get(a.path)! - order.get(b.path)!) // renamed in the order given
    await eachLimited(staged, IO_PARALLEL, async (s) => {
      if (await exists(s.path)) {
        const backup = join(dirname(s.path), `.${basename(s.path)}.${tag}.bak`)
        await link(s.path, backup).catch(() => copyFile(s.path, backup))
        s.backup = backup
      }
    })
  } catch (error) {
    await Promise.all(staged.flatMap((s) => [rm(s.tmp, {force: true}), s.backup ? rm(s.backup, {force: true}) : Promise.resolve()]))
    throw fsError(error, dirname(files[0].path), 'write in')
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
    throw fsError(error, dirname(files[0].path), 'write in')
  }
  await Promise.all(staged.map((s) => (s.backup ? rm(s.backup, {force: true}) : Promise.resolve())))
  await eachLimited(dirs, IO_PARALLEL, syncDir)
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
    throw fsError(error, path, 'read')
  }
  return {text, value: parseJsonText(text, path)}
}

/** Parses a JSON file's text (or a flag's); bad JSON, too deep a nesting or a prototype key is exit 4 (or `exit`) naming it. */
export function parseJsonText(text: string, path: string, exit: ExitCodeValue = ExitCode.invalid): unknown {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    // Our own scanner gives the position; V8's message may quote the file (and a secret in it).
    let at: ReturnType<typeof jsonErrorAt>
    try {
      at = jsonErrorAt(text)
    } catch {
      // The scanner recurses: input nested this deep is refused anyway.
      throw new UserError(`${path} is not valid JSON and is nested deeper than ${MAX_JSON_DEPTH} levels`, exit)
    }
    if (!at) throw new UserError(`${path} is not valid JSON`, exit)
    const {line, column} = lineColumn(text, at.offset)
    const found = at.offset >= text.length ? 'the end of the file' : 'something else'
    throw new UserError(`${path} is not valid JSON at line ${line} column ${column}: expected ${at.expected}, found ${found}`, exit)
  }
  checkInputTree(value, path, exit)
  return value
}
