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
