import {homedir} from 'node:os'
import {join, resolve} from 'node:path'

import {ENV_IPFS_CLUSTER_PATH} from './env-names.js'

export const SERVICE_JSON = 'service.json'
export const IDENTITY_JSON = 'identity.json'
export const PEERSTORE = 'peerstore'

/** flag > IPFS_CLUSTER_PATH > ~/.ipfs-cluster, made absolute like the daemon does. */
export function servicePath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag ?? env[ENV_IPFS_CLUSTER_PATH] ?? join(env.HOME ?? homedir(), '.ipfs-cluster'))
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
