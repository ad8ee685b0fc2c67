// Default configurations, built from the schema's `default` values (the single source of defaults).
import {randomBytes} from 'node:crypto'
import {hostname} from 'node:os'

import {type Consensus, type Datastore, serviceSchema} from './schema/service.js'
import type {SchemaNode} from './schema/walk.js'

const schema = serviceSchema as unknown as SchemaNode

/** The defaults of an object section, in schema order, recursing into nested option objects. */
export function sectionDefaults(node: SchemaNode): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    if (child.properties && child.default === undefined) out[key] = sectionDefaults(child)
    else out[key] = structuredClone(child.default)
  }
  return out
}

/** 32 random bytes in lowercase hex, as ipfs-cluster's generateClusterSecret. */
export function newClusterSecret(): string {
  return randomBytes(32).toString('hex')
}

export function defaultPeername(): string {
  return hostname()
}

/** What `ipfs-cluster-service init --consensus C --datastore D` generates before env overrides. */
export function defaultServiceConfig(options: {consensus: Consensus; datastore: Datastore; secret?: string; peername?: string}) {
  const p = schema.properties!
  const section = (category: string, name: string) => sectionDefaults(p[category].properties![name])
  const cluster = sectionDefaults(p.cluster)
  cluster.peername = options.peername ?? defaultPeername()
  cluster.secret = options.secret ?? newClusterSecret()
  const config: Record<string, unknown> = {
    cluster,
    consensus: {[options.consensus]: section('consensus', options.consensus)},
    api: {ipfsproxy: section('api', 'ipfsproxy'), pinsvcapi: section('api', 'pinsvcapi'), restapi: section('api', 'restapi')},
    ipfs_connector: {ipfshttp: section('ipfs_connector', 'ipfshttp')},
    pin_tracker: {stateless: section('pin_tracker', 'stateless')},
    monitor: {pubsubmon: section('monitor', 'pubsubmon')},
    allocator: {balanced: section('allocator', 'balanced')},
    informer: {disk: section('informer', 'disk'), pinqueue: section('informer', 'pinqueue'), tags: section('informer', 'tags')},
    observations: {metrics: section('observations', 'metrics'), tracing: section('observations', 'tracing')},
  }
  // raft keeps its state in <config>/raft: no datastore section at all.
  if (options.consensus === 'crdt') config.datastore = {[options.datastore]: section('datastore', options.datastore)}
  return config
}
