// Runs the built CLI as a user's script would: a separate process, CI=true, stdin closed (or fed
// from `input`), no colour.
import {spawn} from 'node:child_process'
import {fileURLToPath} from 'node:url'

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
export const cliBin = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Environment with every CLUSTER_* / IPFS_CLUSTER_* variable of the developer's shell removed. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!/^(CLUSTER_|IPFS_CLUSTER_)/.test(k)) env[k] = v
  Object.assign(env, {CI: 'true', NO_COLOR: '1', NODE_ENV: 'production'}, extra)
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k]
  return env
}

export function runCli(
  args: string[],
  options: {env?: Record<string, string | undefined>; input?: string; cwd?: string; timeoutMs?: number; /** run as this uid and gid (needs root) */ asUid?: number} = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const uid = options.asUid === undefined ? [] : ['setpriv', `--reuid=${options.asUid}`, `--regid=${options.asUid}`, '--clear-groups']
    const [command, ...prefix] = [...uid, process.execPath]
    const child = spawn(command, [...prefix, cliBin, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: cleanEnv(options.env),
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (d) => (stdout += d))
    child.stderr!.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({code, stdout, stderr})
    })
    if (options.input !== undefined) child.stdin!.end(options.input)
  })
}

/** Parses stdout as exactly one JSON document (what --json promises). */
export function jsonOut<T = any>(r: CliResult): T {
  return JSON.parse(r.stdout) as T
}
