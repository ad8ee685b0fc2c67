// Fresh, isolated service configs made by the REAL `ipfs-cluster-service init`, with every port the daemon
// would bind rewritten to free random ports so several daemons (and a developer's own cluster) never clash.
import {execFile} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {promisify} from 'node:util'

import {binPath, clusterEnv} from './binaries.js'
import {freePort, freeTcpUdpPort} from './ports.js'
import {tempDir} from './tmp.js'

const execFileP = promisify(execFile)

export interface ServicePorts {
  /** cluster swarm: /tcp/N and /udp/N/quic */
  swarm: number
  restapi: number
  pinsvcapi: number
  ipfsproxy: number
  /** Where ipfshttp/ipfsproxy look for Kubo. Nothing listens there unless a test starts Kubo on it. */
  ipfsApi: number
}

export async function allocateServicePorts(overrides: Partial<ServicePorts> = {}): Promise<ServicePorts> {
  return {
    swarm: overrides.swarm ?? (await freeTcpUdpPort()),
    restapi: overrides.restapi ?? (await freePort()),
    pinsvcapi: overrides.pinsvcapi ?? (await freePort()),
    ipfsproxy: overrides.ipfsproxy ?? (await freePort()),
    ipfsApi: overrides.ipfsApi ?? (await freePort()),
  }
}

/**
 * Rewrites the listen/target addresses of a parsed service.json in place. Only sections that exist are
 * touched (a variant may have removed one). Also turns mDNS off so test peers on one host never discover
 * each other. Metrics/tracing stay as they are (disabled by default; metrics would bind 8888).
 */
export function isolateServiceJson(svc: any, ports: ServicePorts): void {
  if (svc.cluster) {
    svc.cluster.listen_multiaddress = [`/ip4/127.0.0.1/tcp/${ports.swarm}`, `/ip4/127.0.0.1/udp/${ports.swarm}/quic`]
    svc.cluster.mdns_interval = '0s'
  }
  const api = svc.api ?? {}
  if (api.restapi) api.restapi.http_listen_multiaddress = `/ip4/127.0.0.1/tcp/${ports.restapi}`
  if (api.pinsvcapi) api.pinsvcapi.http_listen_multiaddress = `/ip4/127.0.0.1/tcp/${ports.pinsvcapi}`
  if (api.ipfsproxy) {
    api.ipfsproxy.listen_multiaddress = `/ip4/127.0.0.1/tcp/${ports.ipfsproxy}`
    api.ipfsproxy.node_multiaddress = `/ip4/127.0.0.1/tcp/${ports.ipfsApi}`
  }
  if (svc.ipfs_connector?.ipfshttp) svc.ipfs_connector.ipfshttp.node_multiaddress = `/ip4/127.0.0.1/tcp/${ports.ipfsApi}`
}

/** Go-style JSON as the cluster writes it: 2-space indent, no trailing newline. */
export function writeServiceJson(dir: string, svc: unknown): void {
  writeFileSync(join(dir, 'service.json'), JSON.stringify(svc, null, 2), {mode: 0o600})
}

export function readServiceJson(dir: string): any {
  return JSON.parse(readFileSync(join(dir, 'service.json'), 'utf8'))
}

export function readIdentityJson(dir: string): {id: string; private_key: string} {
  return JSON.parse(readFileSync(join(dir, 'identity.json'), 'utf8'))
}

export interface InitServiceOptions {
  /** Existing empty folder; default: a new tempDir(). */
  dir?: string
  consensus?: 'crdt' | 'raft'
  datastore?: 'pebble' | 'badger3' | 'badger' | 'leveldb'
  /** default: 32 random bytes, hex */
  secret?: string
  peername?: string
  /** Extra env for init (CLUSTER_* values end up in the written file). */
  env?: Record<string, string | undefined>
  /** Rewrite ports (default true). */
  isolate?: boolean
  ports?: Partial<ServicePorts>
}

export interface InitializedService {
  dir: string
  ports: ServicePorts
  secret: string
  peername: string
  initStderr: string
}

/** Runs the real `ipfs-cluster-service --config <dir> init` and makes the result safe to run side by side. */
export async function initServiceConfig(opts: InitServiceOptions = {}): Promise<InitializedService> {
  const dir = opts.dir ?? tempDir('icc-svc-')
  const secret = opts.secret ?? randomBytes(32).toString('hex')
  const peername = opts.peername ?? 'e2e-peer'
  const args = ['--config', dir, 'init', '--consensus', opts.consensus ?? 'crdt']
  if ((opts.consensus ?? 'crdt') === 'crdt') args.push('--datastore', opts.datastore ?? 'pebble')
  const {stderr} = await execFileP(binPath('ipfs-cluster-service'), args, {
    env: clusterEnv({CLUSTER_SECRET: secret, CLUSTER_PEERNAME: peername, ...opts.env}),
    timeout: 60_000,
  })
  const ports = await allocateServicePorts(opts.ports)
  if (opts.isolate ?? true) {
    const svc = readServiceJson(dir)
    isolateServiceJson(svc, ports)
    writeServiceJson(dir, svc)
  }
  return {dir, ports, secret, peername, initStderr: stderr}
}
