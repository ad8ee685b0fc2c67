// Temp folders for tests, removed after the run (root mocha `after` hook, plus process exit as a fallback
// for scripts that run outside mocha). Set KEEP_TEST_TMP=1 to keep them for debugging.
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

const dirs = new Set<string>()
const beforeCleanup: Array<() => Promise<void>> = []

/** Runs `fn` (e.g. stop daemons writing into the folders) before the root `after` hook removes the folders. */
export function onBeforeTempCleanup(fn: () => Promise<void>): void {
  beforeCleanup.push(fn)
}

/** Creates a fresh folder under os.tmpdir() and registers it for removal. */
export function tempDir(prefix = 'icc-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  dirs.add(dir)
  return dir
}

/** Removes one folder now (e.g. inside a long loop) and forgets it. */
export function removeTempDir(dir: string): void {
  dirs.delete(dir)
  if (!process.env.KEEP_TEST_TMP) rmSync(dir, {recursive: true, force: true})
}

/** Removes every folder made by tempDir() so far. */
export function cleanupTempDirs(): void {
  for (const dir of [...dirs]) removeTempDir(dir)
}

// When loaded by a spec file, mocha's globals exist and a top-level hook lands on the root suite.
if (typeof after === 'function') {
  after(async () => {
    for (const fn of beforeCleanup) await fn()
    cleanupTempDirs()
  })
}
process.once('exit', cleanupTempDirs)
