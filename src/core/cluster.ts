// `cluster create|add|remove`: N peers that already know and trust each other, written as one bundle
// (DIR/cluster.json + one folder per peer, plus Compose or Kubernetes files). Each peer's service.json
// comes from the same builder as `service config create`, is validated like `service config validate`,
// and the whole bundle is written at once (writeFilesAtomic) under one lock on DIR.
import {rm} from 'node:fs/promises'
import {isIP} from 'node:net'
import {join} from 'node:path'

import {
  BOOTSTRAP_FILE,
  BUNDLE_FORMAT,
  type BundlePeer,
  type ClusterBundle,
  type KubernetesSettings,
  type PortLayout,
  type Target,
  bootstrapAddresses,
  bundleFile,
  isDnsLabel,
  isHost,
  nextPeerIndex,
  peerFolder,
  readBundle,
  serializeBundle,
  swarmAddress,
} from './bundle.js'
import {ExitCode, UserError} from './errors.js'
import {exists, readJsonFile, withFolderLock, writeFilesAtomic} from './files.js'
import {type KeyType, createIdentity} from './identity.js'
import {serviceFiles} from './paths.js'
import type {IdentityJson} from './schema/identity.js'
import type {Consensus, Datastore} from './schema/service.js'
import {buildServiceConfig, checkConsensusDatastore, failOnErrors, serializeIdentity, serializeService, setPeerset} from './service-config.js'
import {COMPOSE_FILE, KUBERNETES_DIR, podHost, targetFiles} from './cluster-targets.js'
import type {Problem} from './validate.js'
import {validateConfig} from './validate.js'

type Obj = Record<string, unknown>

export const MAX_PEERS = 1000
/** Upstream's ports (REST API 9094, proxy 9095, swarm 9096, pinning service 9097), as offsets from the REST port. */
const PORT_OFFSETS = {restapi: 0, ipfsproxy: 1, swarm: 2, pinsvcapi: 3} as const
/** Peers on one machine (127.0.0.1) are 10 ports apart: peer 1's REST API is on 9104. */
export const LOCAL_PORT_STEP = 10
export const COMPOSE_IMAGES = {image: 'ipfs/ipfs-cluster:v1.1.6', kuboImage: 'ipfs/kubo:v0.42.0'}
export const KUBERNETES_DEFAULTS: Omit<KubernetesSettings, 'name'> = {namespace: 'default', ...COMPOSE_IMAGES, storage: '10Gi'}

export interface CreateClusterOptions {
  out: string
  peers: number
  namePrefix?: string
  consensus: Consensus
  /** crdt only (default pebble). */
  datastore?: Datastore
  secret?: string
  keyType?: KeyType
  /** One host (IP or DNS name) per peer. */
  hosts?: string[]
  /** A host name with {i} for the peer's index, e.g. cluster-{i}.example.net. */
  hostTemplate?: string
  /** The first peer's REST API port; the proxy, swarm and pinning service API follow it. */
  basePort?: number
  set?: [string, string][]
  custom?: Obj
  targets?: Target[]
  kubernetes?: Partial<KubernetesSettings>
  force?: boolean
  dryRun?: boolean
  env: NodeJS.ProcessEnv
}

export interface ClusterResult {
  status: 'created' | 'overwritten' | 'updated' | 'dry-run'
  out: string
  /** The manifest written (DIR/cluster.json); it holds no secret. */
  bundle: ClusterBundle
  /** Every file written (or that would be), relative to DIR. */
  files: string[]
  /** Peers this run made, kept or removed, by name. */
  added: string[]
  removed: string[]
  /** CLUSTER_* variables whose values went into every service.json. */
  persistedFromEnv: string[]
  warnings: Problem[]
  /** What the running cluster still needs (restart, peers rm, ...). */
  nextSteps: string[]
}

/** One peer while a bundle is being built: its manifest entry, config and identity. */
export interface PeerDraft {
  peer: BundlePeer
  config: Obj
  identity: IdentityJson
}

export async function createCluster(o: CreateClusterOptions): Promise<ClusterResult> {
  const count = o.peers
  if (!Number.isInteger(count) || count < 1 || count > MAX_PEERS) throw new UserError(`--peers: must be a whole number from 1 to ${MAX_PEERS}`, ExitCode.usage)
  const namePrefix = o.namePrefix ?? 'peer'
  if (!isDnsLabel(`${namePrefix}-0`)) throw new UserError(`--name-prefix: "${namePrefix}" must be lowercase letters, digits and "-" (a DNS label)`, ExitCode.usage)
  checkConsensusDatastore(o.consensus, o.datastore)
  const targets = normalizeTargets(o.targets)
  const kubernetes = targets.includes('kubernetes') ? kubernetesSettings(namePrefix, o.kubernetes) : undefined
  const hosts = hostMode(o, targets, namePrefix, kubernetes)
  if (targets.includes('compose') && o.hosts?.some((h) => isIP(h))) throw new UserError('--hosts: Compose reaches its services by name; give DNS names (they become network aliases)', ExitCode.usage)
  const ports = {step: hosts.mode === 'local' ? LOCAL_PORT_STEP : 0}
  checkBasePort(o.basePort, ports.step, count)
  const indexes = Array.from({length: count}, (_, i) => i)
  const hostOf = (i: number) => (hosts.mode === 'local' ? '127.0.0.1' : hosts.mode === 'template' ? hosts.template.replaceAll('{i}', String(i)) : o.hosts![i])
  for (const i of indexes) if (!isHost(hostOf(i))) throw new UserError(`--hosts: "${hostOf(i)}" is neither an IP address nor a DNS name`, ExitCode.usage)

  const run = async (): Promise<ClusterResult> => {
    const manifestExists = await exists(bundleFile(o.out))
    const names = indexes.map((i) => `${namePrefix}-${i}`)
    const existing = manifestExists ? bundleFile(o.out) : await firstExisting(names.map((n) => serviceFiles(join(o.out, n)).service))
    if (existing && !o.force)
      throw new UserError(`${existing} already exists`, ExitCode.exists, {nextSteps: ['pass --force to rewrite the bundle (identities already in its folders are kept)', 'or `cluster add` / `cluster remove` to change its peers']})

    const {config: base, fromEnv} = await buildServiceConfig({
      consensus: o.consensus,
      datastore: o.datastore,
      secret: o.secret,
      // The peers know each other's addresses: mDNS is off unless --set turns it back on.
      set: [['cluster.mdns_interval', '0s'], ...(o.basePort === undefined ? [] : basePortSettings(o.basePort)), ...(o.set ?? [])],
      custom: o.custom,
      env: o.env,
    })
    const raftFolder = ((base.consensus as Obj | undefined)?.raft as Obj | undefined)?.data_folder
    if (raftFolder && (targets.includes('compose') || targets.includes('kubernetes')))
      throw new UserError(`consensus.raft.data_folder: a Compose or Kubernetes raft bundle keeps its raft state in the peer's folder, where the start script looks for it; leave the key unset (it is "${raftFolder}")`, ExitCode.usage)
    if (hosts.mode === 'local') swarmOnLoopback(base)
    const basePorts = portsOf(base)
    const layout: PortLayout = {...basePorts, step: ports.step}
    const drafts: PeerDraft[] = []
    const kept: string[] = []
    for (const [i, name] of names.entries()) {
      const folder = join(o.out, name)
      let identity: IdentityJson
      if (o.force && (await exists(serviceFiles(folder).identity))) {
        identity = (await readJsonFile(serviceFiles(folder).identity)).value as IdentityJson
        failOnErrors(validateConfig({serviceFile: serviceFiles(folder).service, identityFile: serviceFiles(folder).identity, identity}), 'nothing written')
        kept.push(name)
      } else identity = await createIdentity(o.keyType ?? 'ed25519')
      const config = structuredClone(base)
      shiftPorts(config, ports.step * i)
      if (hosts.mode === 'list') placeOnHost(config, hostOf(i))
      drafts.push({config, identity, peer: peerEntry(name, i, hostOf(i), identity.id, config)})
    }
    const bundle: ClusterBundle = {
      format: BUNDLE_FORMAT,
      consensus: o.consensus,
      datastore: o.consensus === 'crdt' ? (o.datastore ?? 'pebble') : null,
      targets,
      namePrefix,
      hosts,
      ports: layout,
      peers: drafts.map((d) => d.peer),
      ...(kubernetes ? {} : {nextIndex: count}),
      ...(targets.includes('compose') ? {compose: {image: o.kubernetes?.image ?? COMPOSE_IMAGES.image, kuboImage: o.kubernetes?.kuboImage ?? COMPOSE_IMAGES.kuboImage}} : {}),
      ...(kubernetes ? {kubernetes} : {}),
    }
    const {writes, warnings} = await bundleWrites(o.out, bundle, drafts, drafts)
    // --force with fewer peers: the folders of the peers the old manifest named and the new one does not go
    // (nothing else: a folder the old cluster.json did not list is not ours to delete).
    const folders = new Set(drafts.map((d) => peerFolder(o.out, d.peer)))
    const dropped = manifestExists ? (await readBundle(o.out)).bundle.peers.filter((p) => !folders.has(peerFolder(o.out, p))) : []
    if (!o.dryRun) {
      await writeFilesAtomic(writes)
      for (const p of dropped) await rm(peerFolder(o.out, p), {recursive: true, force: true})
    }
    return {
      status: o.dryRun ? 'dry-run' : existing ? 'overwritten' : 'created',
      out: o.out,
      bundle,
      files: writes.map((w) => relative(o.out, w.path)),
      added: names.filter((n) => !kept.includes(n)),
      removed: dropped.map((p) => p.name),
      persistedFromEnv: fromEnv.map((a) => a.variable),
      warnings,
      nextSteps: startSteps(o.out, bundle, drafts.map((d) => d.peer), false),
    }
  }
  return o.dryRun ? run() : withFolderLock(o.out, run)
}

export interface AddPeersOptions {
  out: string
  peers: number
  hosts?: string[]
  keyType?: KeyType
  dryRun?: boolean
}

/** K more peers; every existing peer's trusted_peers/init_peerset, peer_addresses and peerstore learn them. */
export async function addClusterPeers(o: AddPeersOptions): Promise<ClusterResult> {
  if (!Number.isInteger(o.peers) || o.peers < 1 || o.peers > MAX_PEERS) throw new UserError(`--peers: must be a whole number from 1 to ${MAX_PEERS}`, ExitCode.usage)
  if (o.hosts && o.hosts.length !== o.peers) throw new UserError(`--hosts: ${o.hosts.length} host(s) given for ${o.peers} new peer(s); give one per peer`, ExitCode.usage)
  for (const h of o.hosts ?? []) if (!isHost(h)) throw new UserError(`--hosts: "${h}" is neither an IP address nor a DNS name`, ExitCode.usage)
  return changeBundle(o.out, o.dryRun, async (bundle, drafts) => {
    if (bundle.hosts.mode === 'list' && !o.hosts) throw new UserError('--hosts: this bundle was made with --hosts; give one host per new peer', ExitCode.usage)
    if (bundle.peers.length + o.peers > MAX_PEERS) throw new UserError(`--peers: a bundle holds at most ${MAX_PEERS} peers`, ExitCode.usage)
    const template = drafts[0]
    let next = nextPeerIndex(bundle)
    const added: PeerDraft[] = []
    for (let k = 0; k < o.peers; k++, next++) {
      const index = next
      const name = `${bundle.namePrefix}-${index}`
      if (await exists(join(drafts.out, name))) throw new UserError(`${join(drafts.out, name)} already exists and is not a peer of this bundle; move it away first`, ExitCode.exists)
      const host = o.hosts ? o.hosts[k] : bundle.hosts.mode === 'template' ? bundle.hosts.template.replaceAll('{i}', String(index)) : '127.0.0.1'
      if (!isHost(host)) throw new UserError(`host "${host}" of ${name} is neither an IP address nor a DNS name`, ExitCode.usage)
      const config = structuredClone(template.config)
      shiftPorts(config, bundle.ports.step * (index - template.peer.index))
      if (o.hosts) placeOnHost(config, host)
      const identity = await createIdentity(o.keyType ?? 'ed25519')
      added.push({config, identity, peer: {...peerEntry(name, index, host, identity.id, config), joined: true}})
    }
    return {drafts: [...drafts, ...added], changed: added, added: added.map((d) => d.peer.name), removed: []}
  })
}

/** Removes one peer: the others stop trusting and dialling it; its folder is deleted. */
export async function removeClusterPeer(o: {out: string; name: string; dryRun?: boolean}): Promise<ClusterResult> {
  return changeBundle(o.out, o.dryRun, async (bundle, drafts) => {
    const gone = drafts.find((d) => d.peer.name === o.name)
    if (!gone) throw new UserError(`${o.name} is not a peer of ${bundleFile(drafts.out)} (its peers: ${bundle.peers.map((p) => p.name).join(', ')})`, ExitCode.notFound)
    if (drafts.length === 1) throw new UserError(`${o.name} is the only peer of the bundle; a cluster needs at least one`, ExitCode.usage)
    const last = Math.max(...bundle.peers.map((p) => p.index))
    if (bundle.targets.includes('kubernetes') && gone.peer.index !== last) {
      const lastName = bundle.peers.find((p) => p.index === last)!.name
      throw new UserError(`${o.name}: a StatefulSet scales down from its highest ordinal; remove ${lastName} first`, ExitCode.usage)
    }
    return {drafts: drafts.filter((d) => d !== gone), changed: [], added: [], removed: [o.name], removedPeer: gone.peer}
  })
}

type Drafts = PeerDraft[] & {out: string}
interface Change {
  drafts: PeerDraft[]
  /** Peers whose every file is new. */
  changed: PeerDraft[]
  added: string[]
  removed: string[]
  removedPeer?: BundlePeer
}

/** Reads the bundle under its lock, applies `change`, rewrites what the membership touches, writes it all at once. */
async function changeBundle(out: string, dryRun: boolean | undefined, change: (bundle: ClusterBundle, drafts: Drafts) => Promise<Change>): Promise<ClusterResult> {
  const run = async (): Promise<ClusterResult> => {
    const {bundle} = await readBundle(out)
    const drafts = Object.assign(await readPeers(out, bundle), {out})
    const c = await change(bundle, drafts)
    const peers = c.drafts.map((d) => d.peer)
    // Folders and Compose never reuse a name (a StatefulSet must: its ordinals have no gaps).
    const nextIndex = Math.max(bundle.nextIndex ?? 0, ...[...bundle.peers, ...peers].map((p) => p.index + 1))
    const next: ClusterBundle = {...bundle, peers, ...(bundle.targets.includes('kubernetes') ? {} : {nextIndex})}
    const {writes, warnings} = await bundleWrites(out, next, c.drafts, c.changed)
    if (!dryRun) {
      await writeFilesAtomic(writes)
      if (c.removedPeer) await rm(peerFolder(out, c.removedPeer), {recursive: true, force: true})
    }
    const steps = c.removedPeer ? removeSteps(next, c.removedPeer) : startSteps(out, next, c.changed.map((d) => d.peer), true)
    return {status: dryRun ? 'dry-run' : 'updated', out, bundle: next, files: writes.map((w) => relative(out, w.path)), added: c.added, removed: c.removed, persistedFromEnv: [], warnings, nextSteps: steps}
  }
  return dryRun ? run() : withFolderLock(out, run)
}

/** Every peer's service.json and identity as they are on disk now. */
async function readPeers(out: string, bundle: ClusterBundle): Promise<PeerDraft[]> {
  const drafts: PeerDraft[] = []
  for (const peer of bundle.peers) {
    const files = serviceFiles(peerFolder(out, peer))
    const config = (await readJsonFile(files.service)).value as Obj
    const identity = (await readJsonFile(files.identity)).value as IdentityJson
    if (identity.id !== peer.id) throw new UserError(`${files.identity}: its id ${identity.id} is not ${peer.id}, the id ${bundleFile(out)} lists for ${peer.name}`, ExitCode.invalid)
    drafts.push({peer, config, identity})
  }
  return drafts
}

/** Two peers at one swarm address (`--hosts a,a`) would be one listener: refused, naming both. */
function checkDistinctAddresses(drafts: PeerDraft[]): void {
  const seen = new Map<string, BundlePeer>()
  for (const {peer, config} of drafts) {
    const port = portsOf(config).swarm
    const at = `${peer.host.toLowerCase()}:${port}`
    const other = seen.get(at)
    if (other)
      throw new UserError(`--hosts: ${other.name} and ${peer.name} are both on ${peer.host}, swarm port ${port}; give each peer its own host (without --hosts, the peers share 127.0.0.1 on ports ${LOCAL_PORT_STEP} apart)`, ExitCode.usage)
    seen.set(at, peer)
  }
}

/**
 * The files of a bundle: for every peer its membership keys (trusted_peers / init_peerset,
 * peer_addresses, peerstore), for `fresh` peers also their identity, then the targets and the manifest.
 * Every peer's config is validated first: one error writes nothing.
 */
async function bundleWrites(out: string, bundle: ClusterBundle, drafts: PeerDraft[], fresh: PeerDraft[]) {
  checkDistinctAddresses(drafts)
  const ids = drafts.map((d) => d.identity.id)
  const writes: {path: string; content: string}[] = []
  const warnings: Problem[] = []
  for (const d of drafts) {
    const others = drafts.filter((o) => o !== d).flatMap((o) => o.peer.addresses)
    setPeerset(d.config, bundle.consensus, ids)
    ;(d.config.cluster as Obj).peer_addresses = others
    ;(d.config.cluster as Obj).peername = d.peer.name
    const files = serviceFiles(peerFolder(out, d.peer))
    const problems = validateConfig({service: d.config, serviceFile: files.service, identity: d.identity, identityFile: files.identity})
    failOnErrors(problems, 'nothing written')
    warnings.push(...problems.filter((p) => p.severity === 'warning'))
    writes.push({path: files.service, content: serializeService(d.config)}, {path: files.peerstore, content: others.map((a) => a + '\n').join('')})
    const bootstrap = bootstrapAddresses(bundle, d.peer)
    if (bootstrap !== undefined) writes.push({path: join(peerFolder(out, d.peer), BOOTSTRAP_FILE), content: bootstrap + '\n'})
    if (fresh.includes(d)) writes.push({path: files.identity, content: serializeIdentity(d.identity)})
  }
  for (const f of await targetFiles(bundle, drafts)) writes.push({path: join(out, f.path), content: f.content})
  writes.push({path: bundleFile(out), content: serializeBundle(bundle)})
  return {writes, warnings}
}

function normalizeTargets(targets: Target[] | undefined): Target[] {
  const set = new Set<Target>(['folders', ...(targets ?? [])])
  return (['folders', 'compose', 'kubernetes'] as const).filter((t) => set.has(t))
}

function kubernetesSettings(namePrefix: string, k: Partial<KubernetesSettings> | undefined): KubernetesSettings {
  const s: KubernetesSettings = {...KUBERNETES_DEFAULTS, name: namePrefix, ...Object.fromEntries(Object.entries(k ?? {}).filter(([, v]) => v !== undefined))}
  if (!isDnsLabel(s.namespace)) throw new UserError(`--namespace: "${s.namespace}" must be a DNS label`, ExitCode.usage)
  if (!/^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.test(s.storage)) throw new UserError(`--storage: "${s.storage}" is not a Kubernetes quantity (for example 10Gi)`, ExitCode.usage)
  return s
}

/** --hosts > --host-template > the targets' own names (Compose services, Kubernetes pods) > 127.0.0.1. */
function hostMode(o: CreateClusterOptions, targets: Target[], namePrefix: string, k: KubernetesSettings | undefined): ClusterBundle['hosts'] {
  if (o.hosts && o.hostTemplate) throw new UserError('--hosts and --host-template cannot be used together', ExitCode.usage)
  if (o.hosts) {
    if (o.hosts.length !== o.peers) throw new UserError(`--hosts: ${o.hosts.length} host(s) given for ${o.peers} peer(s); give one per peer`, ExitCode.usage)
    return {mode: 'list'}
  }
  if (o.hostTemplate !== undefined) {
    if (!o.hostTemplate.includes('{i}')) throw new UserError(`--host-template: "${o.hostTemplate}" must contain {i} (the peer's index)`, ExitCode.usage)
    return {mode: 'template', template: o.hostTemplate}
  }
  if (targets.includes('compose')) return {mode: 'template', template: `${namePrefix}-{i}`}
  if (k) return {mode: 'template', template: podHost(k, Number.NaN).replace('-NaN.', '-{i}.')}
  return {mode: 'local'}
}

function checkBasePort(basePort: number | undefined, step: number, count: number): void {
  if (basePort === undefined) return
  const top = basePort + 3 + step * (count - 1)
  if (!Number.isInteger(basePort) || basePort < 1 || top > 65535) throw new UserError(`--base-port: ${basePort} leaves no room for ${count} peer(s) (the last port would be ${top})`, ExitCode.usage)
}

// The listen addresses a bundle lays out, by the key that holds them.
const LISTEN_KEYS: Record<keyof typeof PORT_OFFSETS, string[]> = {
  swarm: ['cluster', 'listen_multiaddress'],
  restapi: ['api', 'restapi', 'http_listen_multiaddress'],
  ipfsproxy: ['api', 'ipfsproxy', 'listen_multiaddress'],
  pinsvcapi: ['api', 'pinsvcapi', 'http_listen_multiaddress'],
}

function listenAt(config: Obj, path: string[]): {get: () => string[]; set: (v: string[]) => void} {
  const parent = path.slice(0, -1).reduce<Obj | undefined>((o, k) => (o?.[k] as Obj | undefined) ?? undefined, config)
  const key = path.at(-1)!
  return {
    get: () => (parent ? ([] as unknown[]).concat(parent[key] ?? []).filter((v): v is string => typeof v === 'string') : []),
    set: (v) => {
      if (parent) parent[key] = typeof parent[key] === 'string' ? v[0] : v
    },
  }
}

/** The first TCP port of each laid-out listen address. */
function portsOf(config: Obj): Omit<PortLayout, 'step'> {
  const out = {} as Record<keyof typeof PORT_OFFSETS, number>
  for (const [k, path] of Object.entries(LISTEN_KEYS) as [keyof typeof PORT_OFFSETS, string[]][]) {
    const tcp = listenAt(config, path).get().map((a) => /\/tcp\/(\d+)/.exec(a)?.[1]).find(Boolean)
    out[k] = tcp ? Number(tcp) : 0
  }
  return out
}

/** Moves every laid-out listen address by `delta` ports (tcp and udp alike). */
function shiftPorts(config: Obj, delta: number): void {
  if (delta === 0) return
  for (const path of Object.values(LISTEN_KEYS)) {
    const at = listenAt(config, path)
    at.set(at.get().map((a) => a.replace(/\/(tcp|udp)\/(\d+)/g, (_, proto, port) => `/${proto}/${Number(port) + delta}`)))
  }
}

/** Peers sharing one machine listen on loopback only: nothing of a test bundle is reachable from outside. */
function swarmOnLoopback(config: Obj): void {
  const at = listenAt(config, LISTEN_KEYS.swarm)
  at.set(at.get().map((a) => a.replace(/^\/ip4\/0\.0\.0\.0\//, '/ip4/127.0.0.1/').replace(/^\/ip6\/::\//, '/ip6/::1/')))
}

const LOOPBACK_V4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/
/** Where a peer reaches its own IPFS daemon and serves metrics: on its host's address too. */
const OWN_ENDPOINT_KEYS = [
  ['ipfs_connector', 'ipfshttp', 'node_multiaddress'],
  ['api', 'ipfsproxy', 'node_multiaddress'],
  ['observations', 'metrics', 'prometheus_endpoint'],
]

/**
 * A peer whose host (--hosts) is a loopback address, 127.0.0.2 say, shares the machine with the
 * others: everything of it is on that address with the default ports (swarm, APIs, its IPFS daemon,
 * metrics). A peer on another host gets back what a loopback template had changed: swarm on all
 * interfaces, the rest on 127.0.0.1. Any other address set is left alone.
 */
function placeOnHost(config: Obj, host: string): void {
  const loop = LOOPBACK_V4.test(host)
  const rebind = (path: string[], from: RegExp, to: string) => {
    const at = listenAt(config, path)
    at.set(at.get().map((a) => a.replace(from, `/ip4/${to}/`)))
  }
  const anyLoopback = /^\/ip4\/127\.\d+\.\d+\.\d+\//
  rebind(LISTEN_KEYS.swarm, /^\/ip4\/(0\.0\.0\.0|127\.\d+\.\d+\.\d+)\//, loop ? host : '0.0.0.0')
  for (const path of [LISTEN_KEYS.restapi, LISTEN_KEYS.ipfsproxy, LISTEN_KEYS.pinsvcapi, ...OWN_ENDPOINT_KEYS]) rebind(path, anyLoopback, loop ? host : '127.0.0.1')
}

/** --base-port moves the four listen ports of the base config to N, N+1, N+2, N+3 (as 9094..9097). */
export function basePortSettings(basePort: number): [string, string][] {
  return (Object.entries(PORT_OFFSETS) as [keyof typeof PORT_OFFSETS, number][]).flatMap(([k, off]) => {
    if (k === 'swarm') return [['cluster.listen_multiaddress', `/ip4/0.0.0.0/tcp/${basePort + off},/ip4/0.0.0.0/udp/${basePort + off}/quic`] as [string, string]]
    return [[LISTEN_KEYS[k].join('.'), `/ip4/127.0.0.1/tcp/${basePort + off}`] as [string, string]]
  })
}

function peerEntry(name: string, index: number, host: string, id: string, config: Obj): BundlePeer {
  const ports = portsOf(config)
  const api = listenAt(config, LISTEN_KEYS.restapi).get()[0] ?? ''
  return {name, index, id, folder: name, host, addresses: [swarmAddress(host, ports.swarm, id)], api}
}

function startSteps(out: string, bundle: ClusterBundle, peers: BundlePeer[], joining: boolean): string[] {
  const steps: string[] = []
  for (const p of peers) {
    const bootstrap = bootstrapAddresses(bundle, p)
    steps.push(`start ${p.name}: ipfs-cluster-service --config ${peerFolder(out, p)} daemon${bootstrap ? ` --bootstrap ${bootstrap}` : ''}`)
  }
  if (joining && bundle.consensus === 'crdt') steps.push('restart the other peers so that they trust the new ones (trusted_peers is read at start)')
  if (joining && bundle.consensus === 'raft')
    steps.push(`raft adds a peer as a voter through --bootstrap, on its first start only (init_peerset only counts for a fresh cluster); its addresses are in its ${BOOTSTRAP_FILE} file, which the Compose and Kubernetes start script reads`)
  if (bundle.compose) steps.push(`with Compose: docker compose -f ${join(out, COMPOSE_FILE)} up -d${joining && bundle.consensus === 'crdt' ? ' --force-recreate' : ''}`)
  if (bundle.kubernetes) {
    const k = bundle.kubernetes
    steps.push(`with Kubernetes: kubectl apply -k ${join(out, KUBERNETES_DIR)}`)
    if (joining && bundle.consensus === 'crdt') steps.push(`then: kubectl -n ${k.namespace} rollout restart statefulset/${k.name} (every pod's init container puts the new trusted_peers in place)`)
  }
  return steps
}

function removeSteps(bundle: ClusterBundle, gone: BundlePeer): string[] {
  const rmStep = `ipfs-cluster-ctl --host ${bundle.peers[0].api} peers rm ${gone.id}`
  if (bundle.consensus === 'raft')
    return [
      `required: ${rmStep} (raft keeps ${gone.name} as a voter, counted in its quorum, until it is removed; a running ${gone.name} shuts down)`,
      'restart the remaining peers so that they stop dialling it',
    ]
  // The crdt component refuses `peers rm` ("crdt consensus component cannot remove peers").
  return [
    `stop ${gone.name} (${gone.id}): crdt has no peers rm; it leaves the peerset once its last ping metric expires (twice monitor_ping_interval)`,
    'restart the remaining peers so that they stop trusting and dialling it (until then it could still change the pinset if started again)',
  ]
}

async function firstExisting(paths: string[]): Promise<string | undefined> {
  for (const p of paths) if (await exists(p)) return p
  return undefined
}

function relative(out: string, path: string): string {
  return path.startsWith(out + '/') ? path.slice(out.length + 1) : path
}
