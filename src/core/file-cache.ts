// Reading the same unchanged JSON file again and again (a server answering `get`, the secret guard
// of every call): the parsed value is kept per file and reused while a stat of the file says it is
// the same version, so a read costs one stat instead of open/stat/read/close and a parse.
//
// "The same version": device, inode, size, mtime and ctime (nanoseconds) all equal. An atomic
// write (rename) gives a new inode; an in-place write changes ctime, which no tool can set back.
// A write in the same timestamp tick as our read could still leave every field equal (timestamps
// are taken from a coarse clock), so, as git does for its index ("racy git"), a version whose
// ctime is not clearly older than the read that cached it is never reused: it is read again.
import type {BigIntStats} from 'node:fs'
import {stat} from 'node:fs/promises'

import {readJsonFile} from './files.js'

/** How much older than our read a file's ctime must be to be trusted: above any file system's timestamp granularity (FAT's is 2 s). */
export const RACY_MS = 2500

interface Entry {
  version: string
  /** Date.now() when the cached read began (before its stat). */
  readAt: number
  ctimeMs: number
  text: string
  value: unknown
}

const cache = new Map<string, Entry>()
/** Bounded: a server manages a handful of peers; a long-running process reading many files keeps the latest ones. */
const MAX_ENTRIES = 256

const versionOf = (s: BigIntStats) => `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}

/**
 * readJsonFile, but the answer may be the one of an earlier call when the file has not changed.
 * The value is frozen and shared: for readers only (a caller that edits must use readJsonFile).
 * Errors are readJsonFile's (a missing file is exit 3, bad JSON exit 4), never cached.
 */
export async function readJsonFileCached(path: string): Promise<{text: string; value: unknown}> {
  const readAt = Date.now()
  let st: BigIntStats
  try {
    st = await stat(path, {bigint: true})
  } catch {
    cache.delete(path)
    return readJsonFile(path) // says what is wrong, in readJsonFile's words
  }
  const version = versionOf(st)
  const hit = cache.get(path)
  if (hit && hit.version === version && hit.ctimeMs < hit.readAt - RACY_MS) return hit
  // Read after the stat: if the file changes in between, the entry carries the older version and
  // the next stat differs, so the newer text is read then.
  const {text, value} = await readJsonFile(path)
  const entry = {version, readAt, ctimeMs: Number(st.ctimeNs / 1_000_000n), text, value: deepFreeze(value)}
  cache.delete(path)
  cache.set(path, entry)
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!)
  return entry
}

/** Keeps a derived value (e.g. the secrets of a config) per cached value: computed once per file version. */
export function derived<T>(memo: WeakMap<object, T>, value: unknown, compute: () => T): T {
  if (value === null || typeof value !== 'object' || !Object.isFrozen(value)) return compute()
  let v = memo.get(value)
  if (v === undefined) memo.set(value, (v = compute()))
  return v
}
