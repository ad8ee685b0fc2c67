// Locates the real IPFS Cluster / Kubo binaries the e2e tests run against.
// The installer script owns the cache location; we only ask it (--check) so there is one source of truth.
import {execFileSync} from 'node:child_process'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

export type BinaryName = 'ipfs-cluster-service' | 'ipfs-cluster-follow' | 'ipfs-cluster-ctl' | 'ipfs'

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

// undefined = not looked up yet; null = looked up, not installed.
let cachedDir: string | null | undefined
let skipNoticePrinted = false

/** The folder holding the real binaries, or undefined when they are not installed. Cached per process. */
export function realBinaryDir(): string | undefined {
  if (cachedDir === undefined) {
    try {
      const out = execFileSync('bash', [join(repoRoot, 'scripts', 'install-real-binaries.sh'), '--check'], {
        cwd: repoRoot,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 30_000,
      })
      // The script prints the folder on the last line of stdout.
      const lines = out.trim().split('\n')
      cachedDir = lines.at(-1)?.trim() || null
    } catch {
      cachedDir = null
    }
  }
  return cachedDir ?? undefined
}

/** Absolute path of one real binary; throws when the binaries are not installed. */
export function binPath(name: BinaryName): string {
  const dir = realBinaryDir()
  if (!dir) throw new Error(`real binary ${name} not installed (run: npm run real-binaries)`)
  return join(dir, name)
}

/**
 * Use in a `before` hook (or test) of every e2e suite. Returns the binaries folder.
 * Missing binaries: on CI (process.env.CI set) this throws, because CI must run the e2e tests, never skip them;
 * locally it prints one notice and skips the suite via ctx.skip().
 */
export function requireRealBinaries(ctx: Mocha.Context | undefined): string {
  const dir = realBinaryDir()
  if (dir) return dir
  if (process.env.CI) {
    throw new Error(
      '\n\n*** E2E TESTS CANNOT RUN: real IPFS Cluster binaries are not installed. ***\n' +
        '*** CI must install them (npm run real-binaries) before running the tests; e2e tests are never skipped on CI. ***\n',
    )
  }
  if (!skipNoticePrinted) {
    skipNoticePrinted = true
    process.stderr.write('e2e tests skipped: real IPFS Cluster binaries not installed (run: npm run real-binaries)\n')
  }
  if (!ctx) throw new Error('real IPFS Cluster binaries not installed (run: npm run real-binaries)')
  return ctx.skip()
}

/**
 * The environment for a real cluster binary: the current one minus every variable the cluster binaries read
 * (CLUSTER_* config overrides, IPFS_CLUSTER_PATH/LOG_LEVEL, go-log settings), so a developer's shell can never
 * change what a test observes; then `extra` on top.
 */
export function clusterEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(CLUSTER_|IPFS_CLUSTER_|GOLOG_|IPFS_LOGGING)/.test(k)) continue
    env[k] = v
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k]
    else env[k] = v
  }
  return env
}
