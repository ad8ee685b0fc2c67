// Finding and running the real binaries (ipfs-cluster-service, ipfs-cluster-follow). execa is
// imported only here, and only when a binary is really run.
import {access, constants} from 'node:fs/promises'
import {delimiter, join} from 'node:path'

export type ClusterBinary = 'ipfs-cluster-service' | 'ipfs-cluster-follow'

/** IPFS_CLUSTER_CONFIG_BIN_DIR first (a folder holding the binaries), then PATH. */
export const ENV_BIN_DIR = 'IPFS_CLUSTER_CONFIG_BIN_DIR'

export async function findBinary(name: ClusterBinary, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const dirs = [env[ENV_BIN_DIR], ...(env.PATH ?? '').split(delimiter)].filter((d): d is string => !!d)
  for (const dir of dirs) {
    const p = join(dir, name)
    try {
      await access(p, constants.X_OK)
      return p
    } catch {
      // not here
    }
  }
  return undefined
}

export interface BinaryInfo {
  name: ClusterBinary
  path: string | null
  version: string | null
  /** Why there is no version: not installed, or it failed. */
  error: string | null
}

/** `<binary> --version`, or a clear line when the binary is not installed. */
export async function binaryInfo(name: ClusterBinary, env: NodeJS.ProcessEnv = process.env): Promise<BinaryInfo> {
  const path = await findBinary(name, env)
  if (!path) return {name, path: null, version: null, error: `${name} is not installed (not in ${ENV_BIN_DIR} or PATH)`}
  const {execa} = await import('execa')
  const r = await execa(path, ['--version'], {reject: false, timeout: 10_000, env: {...env}})
  if (r.failed) return {name, path, version: null, error: r.shortMessage ?? 'failed'}
  // "ipfs-cluster-service version 1.1.6+git…" (service) / "ipfs-cluster-follow version 1.1.6" (follow)
  const m = /version\s+(\S+)/.exec(String(r.stdout))
  return {name, path, version: m ? m[1] : String(r.stdout).trim(), error: null}
}
