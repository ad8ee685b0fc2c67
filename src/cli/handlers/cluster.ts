// `cluster create|add|remove`: flags → core options, and the human summary of the result.
import type {Target} from '../../core/bundle.js'
import {type ClusterResult, type CreateClusterOptions, createCluster} from '../../core/cluster.js'
import type {KeyType} from '../../core/identity.js'
import type {Consensus, Datastore} from '../../core/schema/service.js'
import {resolveSecret} from '../input.js'
import type {Io} from '../io.js'
import {readCustom, splitSetFlags} from '../parse.js'
import {printClusterResult} from '../../ops/summary.js'
import {resolve} from 'node:path'

export interface ClusterCreateFlags {
  out: string
  peers: number
  'name-prefix'?: string
  consensus?: string
  datastore?: string
  secret?: string
  'secret-file'?: string
  'key-type'?: string
  hosts?: string[]
  'host-template'?: string
  'base-port'?: number
  set?: string[]
  custom?: string
  target?: string[]
  namespace?: string
  image?: string
  'kubo-image'?: string
  storage?: string
  force?: boolean
  'dry-run'?: boolean
}

export async function clusterCreate(flags: ClusterCreateFlags, io: Io): Promise<ClusterResult> {
  const options: CreateClusterOptions = {
    out: resolve(flags.out),
    peers: flags.peers,
    namePrefix: flags['name-prefix'],
    consensus: (flags.consensus ?? 'crdt') as Consensus,
    datastore: flags.datastore as Datastore | undefined,
    secret: await resolveSecret(flags),
    keyType: (flags['key-type'] ?? 'ed25519') as KeyType,
    hosts: flags.hosts,
    hostTemplate: flags['host-template'],
    basePort: flags['base-port'],
    set: splitSetFlags(flags.set ?? []),
    custom: flags.custom === undefined ? undefined : await readCustom(flags.custom),
    targets: flags.target as Target[] | undefined,
    kubernetes: {namespace: flags.namespace, image: flags.image, kuboImage: flags['kubo-image'], storage: flags.storage},
    force: flags.force,
    dryRun: flags['dry-run'],
    env: process.env,
  }
  const result = await createCluster(options)
  if (!io.json) printClusterResult(result, io.log, io.note)
  return result
}

export async function clusterAdd(flags: {out: string; peers: number; hosts?: string[]; 'key-type'?: string; 'dry-run'?: boolean}, io: Io): Promise<ClusterResult> {
  const {addClusterPeers} = await import('../../core/cluster.js')
  const result = await addClusterPeers({out: resolve(flags.out), peers: flags.peers, hosts: flags.hosts, keyType: (flags['key-type'] ?? 'ed25519') as KeyType, dryRun: flags['dry-run']})
  if (!io.json) printClusterResult(result, io.log, io.note)
  return result
}

export async function clusterRemove(name: string, flags: {out: string; 'dry-run'?: boolean}, io: Io): Promise<ClusterResult> {
  const {removeClusterPeer} = await import('../../core/cluster.js')
  const result = await removeClusterPeer({out: resolve(flags.out), name, dryRun: flags['dry-run']})
  if (!io.json) printClusterResult(result, io.log, io.note)
  return result
}
