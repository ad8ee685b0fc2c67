// A cluster bundle: the folder `cluster create` writes. DIR/cluster.json is its manifest (which peers,
// which ids, where they are reached, which targets were written); it never holds a secret or a key.
// Every command that works on a bundle (cluster add/remove/check) reads it through readBundle().
import {isIPv4, isIPv6} from 'node:net'
import {join} from 'node:path'

import {ExitCode, UserError} from './errors.js'
import {exists, readJsonFile} from './files.js'
import {isPeerId} from './identity.js'
import {CONSENSUS, type Consensus, DATASTORES, type Datastore} from './schema/service.js'

export const BUNDLE_FILE = 'cluster.json'
export const BUNDLE_FORMAT = 1
export const TARGETS = ['folders', 'compose', 'kubernetes'] as const
export type Target = (typeof TARGETS)[number]

/** The ports of the peer with index 0; peer i listens on port + step * i (step 0: every peer on its own host). */
export interface PortLayout {
  restapi: number
  ipfsproxy: number
  swarm: number
  pinsvcapi: number
  step: number
}

export interface BundlePeer {
  name: string
  /** The number in its name: Kubernetes ordinal, port offset. Never reused after a remove, except by a StatefulSet (its ordinals have no gaps). */
  index: number
  id: string
  /** Its folder, relative to the bundle folder. */
  folder: string
  /** IP address or DNS name the other peers dial. */
  host: string
  /** Full /ip4|ip6|dns4/<host>/tcp/<port>/p2p/<id> swarm addresses. */
  addresses: string[]
  /** Its REST API listen multiaddress. */
  api: string
  /** Added by `cluster add` to a cluster already made: a raft peer then joins through --bootstrap at its first start. */
  joined?: true
}

export interface KubernetesSettings {
  namespace: string
  /** StatefulSet and headless Service name; pods are <name>-<ordinal>. */
  name: string
  image: string
  kuboImage: string
  storage: string
}

export interface ClusterBundle {
  format: typeof BUNDLE_FORMAT
  consensus: Consensus
  datastore: Datastore | null
  targets: Target[]
  namePrefix: string
  /** How new peers get their host: one per peer on 127.0.0.1 (local), from a template, or given (list). */
  hosts: {mode: 'local'} | {mode: 'template'; template: string} | {mode: 'list'}
  ports: PortLayout
  peers: BundlePeer[]
  /** The index the next added peer gets (absent in bundles written before it: one more than the highest). */
  nextIndex?: number
  compose?: {image: string; kuboImage: string}
  kubernetes?: KubernetesSettings
}

/** The bundle's manifest as written: 2-space JSON and a final newline. */
export function serializeBundle(bundle: ClusterBundle): string {
  return JSON.stringify(bundle, null, 2) + '\n'
}

export function bundleFile(dir: string): string {
  return join(dir, BUNDLE_FILE)
}

/** The absolute folder of one peer of a bundle. */
export function peerFolder(dir: string, peer: Pick<BundlePeer, 'folder'>): string {
  return join(dir, peer.folder)
}

/** Reads and checks DIR/cluster.json: exit 3 when there is none, exit 4 naming the key when it is malformed. */
export async function readBundle(dir: string): Promise<{file: string; bundle: ClusterBundle}> {
  const file = bundleFile(dir)
  if (!(await exists(file)))
    throw new UserError(`no ${BUNDLE_FILE} in ${dir}: not a cluster bundle`, ExitCode.notFound, {nextSteps: ['create one with: ipfs-cluster-config cluster create --peers N --out DIR']})
  const {value} = await readJsonFile(file)
  const problem = bundleProblem(value)
  if (problem) throw new UserError(`${file}: ${problem}`, ExitCode.invalid)
  return {file, bundle: value as ClusterBundle}
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)
const isPort = (v: unknown) => Number.isInteger(v) && (v as number) > 0 && (v as number) <= 65535

/** The first structural problem of a manifest, as "key: what is wrong"; undefined when it is sound. */
export function bundleProblem(value: unknown): string | undefined {
  if (!isObj(value)) return 'must be a JSON object'
  if (value.format !== BUNDLE_FORMAT) return `format: must be ${BUNDLE_FORMAT} (this tool reads format ${BUNDLE_FORMAT} bundles)`
  if (!CONSENSUS.includes(value.consensus as Consensus)) return `consensus: must be one of ${CONSENSUS.join(', ')}`
  if (value.datastore !== null && !DATASTORES.includes(value.datastore as Datastore)) return `datastore: must be null or one of ${DATASTORES.join(', ')}`
  if (!Array.isArray(value.targets) || !value.targets.every((t) => TARGETS.includes(t))) return `targets: must be a list of ${TARGETS.join(', ')}`
  if (typeof value.namePrefix !== 'string' || !isDnsLabel(value.namePrefix)) return 'namePrefix: must be a DNS label'
  const hosts = value.hosts
  if (!isObj(hosts) || !['local', 'template', 'list'].includes(hosts.mode as string)) return 'hosts.mode: must be local, template or list'
  if (hosts.mode === 'template' && (typeof hosts.template !== 'string' || !hosts.template.includes('{i}'))) return 'hosts.template: must contain {i}'
  const ports = value.ports
  if (!isObj(ports)) return 'ports: must be an object'
  for (const k of ['restapi', 'ipfsproxy', 'swarm', 'pinsvcapi']) if (!isPort(ports[k])) return `ports.${k}: must be a port number`
  if (!Number.isInteger(ports.step) || (ports.step as number) < 0) return 'ports.step: must be a whole number'
  if (!Array.isArray(value.peers) || value.peers.length === 0) return 'peers: must be a non-empty list'
  const names = new Set<string>()
  const ids = new Set<string>()
  for (const [i, p] of value.peers.entries()) {
    const at = `peers[${i}]`
    if (!isObj(p)) return `${at}: must be an object`
    if (typeof p.name !== 'string' || p.name === '') return `${at}.name: must be a non-empty string`
    if (!Number.isInteger(p.index) || (p.index as number) < 0) return `${at}.index: must be a whole number`
    if (typeof p.id !== 'string' || !isPeerId(p.id)) return `${at}.id: must be a peer id`
    if (typeof p.folder !== 'string' || p.folder === '' || p.folder.startsWith('/') || p.folder.split('/').includes('..')) return `${at}.folder: must be a folder inside the bundle`
    if (typeof p.host !== 'string' || !isHost(p.host)) return `${at}.host: must be an IP address or a DNS name`
    if (!Array.isArray(p.addresses) || !p.addresses.every((a) => typeof a === 'string' && a.endsWith(`/p2p/${p.id}`))) return `${at}.addresses: must be multiaddresses ending in /p2p/${p.id}`
    if (typeof p.api !== 'string' || !p.api.startsWith('/')) return `${at}.api: must be a multiaddress`
    if (p.joined !== undefined && p.joined !== true) return `${at}.joined: must be true or absent`
    if (names.has(p.name)) return `${at}.name: "${p.name}" appears twice`
    if (ids.has(p.id)) return `${at}.id: ${p.id} appears twice`
    names.add(p.name)
    ids.add(p.id)
  }
  const highest = Math.max(...value.peers.map((p) => (p as BundlePeer).index))
  if (value.nextIndex !== undefined && (!Number.isInteger(value.nextIndex) || (value.nextIndex as number) <= highest)) return `nextIndex: must be a whole number above every peer's index (${highest})`
  return undefined
}

/** RFC 1123 label: what Kubernetes and Compose accept as a name. */
export function isDnsLabel(text: string): boolean {
  return /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(text)
}

export function isDnsName(text: string): boolean {
  return text.length <= 253 && text.split('.').every((l) => /^[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/.test(l))
}

export function isHost(text: string): boolean {
  return isIPv4(text) || isIPv6(text) || isDnsName(text)
}

/** The multiaddress prefix that reaches a host: /ip4/H, /ip6/H or /dns4/H. */
export function hostProtocol(host: string): string {
  if (isIPv4(host)) return `/ip4/${host}`
  if (isIPv6(host)) return `/ip6/${host.toLowerCase()}`
  return `/dns4/${host}`
}

/** A peer's swarm address as the others dial it. */
export function swarmAddress(host: string, port: number, id: string): string {
  return `${hostProtocol(host)}/tcp/${port}/p2p/${id}`
}

/** The peer folder's file that lists the addresses a raft joiner bootstraps through (the start script reads it). */
export const BOOTSTRAP_FILE = 'bootstrap'

/**
 * What a raft peer added to a running cluster passes to --bootstrap at its first start: the other
 * peers' swarm addresses, lowest index first (the founders), comma-separated as the flag takes them.
 * The daemon tries each in turn. Undefined for every other peer (a founder forms the cluster from init_peerset).
 */
export function bootstrapAddresses(
  bundle: Pick<ClusterBundle, 'consensus' | 'peers'>,
  peer: Pick<BundlePeer, 'name' | 'joined'>,
  addressOf: (p: BundlePeer) => string = (p) => p.addresses[0],
): string | undefined {
  if (bundle.consensus !== 'raft' || !peer.joined) return undefined
  return [...bundle.peers].sort((a, b) => a.index - b.index).filter((p) => p.name !== peer.name).map(addressOf).join(',')
}

/** The index `cluster add` gives its next peer: a StatefulSet's next ordinal, else one never used in this bundle. */
export function nextPeerIndex(bundle: ClusterBundle): number {
  const highest = Math.max(...bundle.peers.map((p) => p.index)) + 1
  return bundle.targets.includes('kubernetes') ? highest : Math.max(highest, bundle.nextIndex ?? 0)
}
