import {homedir} from 'node:os'
import {join, resolve} from 'node:path'

import {ENV_IPFS_CLUSTER_PATH} from './env-names.js'
import {ExitCode, UserError} from './errors.js'

export const SERVICE_JSON = 'service.json'
export const IDENTITY_JSON = 'identity.json'
export const PEERSTORE = 'peerstore'

/**
 * The one resolver of --path / IPFS_CLUSTER_PATH: flag > variable > ~/<defaultName>, made absolute like the
 * daemon does. An empty flag is a usage error (it would silently mean the current folder); an empty variable
 * counts as unset, as upstream treats it. A leading `~/` is the home folder, in the flag (a quoted `'~/x'`
 * reaches us unexpanded) and in the variable.
 */
export function configPath(flag: string | undefined, defaultName: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag === '') throw new UserError('--path is empty: give a folder (or leave it out for the default)', ExitCode.usage)
  const home = env.HOME || homedir()
  const chosen = flag ?? (env[ENV_IPFS_CLUSTER_PATH] || join(home, defaultName))
  return resolve(chosen === '~' ? home : chosen.startsWith('~/') ? join(home, chosen.slice(2)) : chosen)
}

/** A service peer's folder: flag > IPFS_CLUSTER_PATH > ~/.ipfs-cluster. */
export function servicePath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return configPath(flag, '.ipfs-cluster', env)
}

export function serviceFiles(dir: string) {
  return {service: join(dir, SERVICE_JSON), identity: join(dir, IDENTITY_JSON), peerstore: join(dir, PEERSTORE)}
}

/**
 * An HTTP API section's TLS files as the daemon reads them: TLS is on as soon as either ssl_cert_file or
 * ssl_key_file is set (then both are loaded), each relative to the config folder. undefined: plain http.
 * A key that is empty while the other is set comes back as '' (the daemon then fails to load the pair).
 */
export function apiTlsFiles(section: Record<string, unknown>, configDir: string): {cert: string; key: string} | undefined {
  const file = (k: string) => (typeof section[k] === 'string' ? (section[k] as string) : '')
  const cert = file('ssl_cert_file')
  const key = file('ssl_key_file')
  if (cert + key === '') return undefined
  return {cert: cert && resolve(configDir, cert), key: key && resolve(configDir, key)}
}
