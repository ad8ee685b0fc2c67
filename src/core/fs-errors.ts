// File system failures as one line naming the path and what is wrong (exit 10), never Node's raw
// errno object: a path that is a file where a folder is needed, a folder where a file is, no
// permission, a read-only or full disk.
import {statSync} from 'node:fs'
import {chmod, mkdir, stat} from 'node:fs/promises'
import {dirname} from 'node:path'

import {ExitCode, UserError} from './errors.js'

/** The deepest existing ancestor of `path` that is not a folder (what ENOTDIR is about). */
function fileInTheWay(path: string): string | undefined {
  for (let p = path; p !== dirname(p); p = dirname(p)) {
    try {
      if (!statSync(p).isDirectory()) return p
      return undefined
    } catch {
      // missing: look further up
    }
  }
  return undefined
}

function uidNote(): string {
  return typeof process.getuid === 'function' ? ` (running as uid ${process.getuid()})` : ''
}

export function notAFolder(file: string): UserError {
  return new UserError(`${file} is a file, not a folder`, ExitCode.fileAccess, {nextSteps: [`point --path at a folder (or move ${file} away)`]})
}

/** A UserError for a failed file operation on `path`; other errors pass through unchanged. */
export function fsError(error: unknown, path: string, doing: string): unknown {
  if (error instanceof UserError) return error
  const code = (error as NodeJS.ErrnoException)?.code
  switch (code) {
    case 'ENOTDIR':
      return notAFolder(fileInTheWay(dirname(path)) ?? fileInTheWay(path) ?? path)
    case 'EISDIR':
      return new UserError(`${path} is a folder, not a file`, ExitCode.fileAccess)
    case 'EACCES':
    case 'EPERM':
      return new UserError(`permission denied: cannot ${doing} ${path}${uidNote()}`, ExitCode.fileAccess, {
        nextSteps: ['run as the user that owns the folder, or fix its permissions'],
      })
    case 'EROFS':
      return new UserError(`cannot ${doing} ${path}: the file system is read-only`, ExitCode.fileAccess)
    case 'ENOSPC':
    case 'EDQUOT':
      return new UserError(`cannot ${doing} ${path}: no space left on the device`, ExitCode.fileAccess)
    case 'ELOOP':
      return new UserError(`cannot ${doing} ${path}: too many levels of symbolic links`, ExitCode.fileAccess)
    case 'ENAMETOOLONG':
      return new UserError(`cannot ${doing} ${path}: the name is too long`, ExitCode.fileAccess)
    default:
      return error
  }
}

/** true if the path exists; false only when it does not. A file in the way or no permission is exit 10. */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw fsError(error, path, 'read')
  }
}

/** Creates the folder (and parents) 0700; returns the topmost folder it created, if any. */
export async function ensureDir(dir: string): Promise<string | undefined> {
  try {
    const st = await stat(dir)
    if (!st.isDirectory()) throw notAFolder(dir)
    return undefined
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fsError(error, dir, 'use')
  }
  try {
    const first = await mkdir(dir, {recursive: true, mode: 0o700})
    await chmod(dir, 0o700)
    return first
  } catch (error) {
    throw fsError(error, dir, 'create')
  }
}
