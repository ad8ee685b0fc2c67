// `service config create`: shared by the oclif command and the fast path.
import {ENV_CLUSTER_PEERNAME, ENV_CLUSTER_SECRET} from '../../core/env-names.js'
import type {KeyType} from '../../core/identity.js'
import {servicePath} from '../../core/paths.js'
import type {Consensus, Datastore} from '../../core/schema/service.js'
import {type CreateServiceResult, createServiceConfig} from '../../core/service-config.js'
import {resolveSecret} from '../input.js'
import type {Handler} from '../handler.js'
import type {Io} from '../io.js'
import {readCustom, splitSetFlags} from '../parse.js'
import {printCreateResult} from '../../ops/summary.js'

export interface CreateFlags {
  path?: string
  consensus?: string
  datastore?: string
  secret?: string
  'secret-file'?: string
  peername?: string
  peers?: string[]
  'replication-min'?: number
  'replication-max'?: number
  'random-ports'?: boolean
  set?: string[]
  custom?: string
  'key-type'?: string
  force?: boolean
  'new-identity'?: boolean
  'new-secret'?: boolean
  'exist-ok'?: boolean
  'dry-run'?: boolean
  'show-secrets'?: boolean
}

export async function serviceConfigCreate(flags: CreateFlags, io: Io): Promise<CreateServiceResult> {
  const env = process.env
  let secret = await resolveSecret(flags)
  let {peername, consensus, datastore} = flags
  if (io.canPrompt) {
    const {askCreateQuestions} = await import('../prompt.js')
    const a = await askCreateQuestions(
      {
        peername: peername === undefined && env[ENV_CLUSTER_PEERNAME] === undefined,
        consensus: consensus === undefined,
        datastore: datastore === undefined,
        secret: secret === undefined && env[ENV_CLUSTER_SECRET] === undefined,
      },
      {consensus},
    )
    peername ??= a.peername
    consensus ??= a.consensus
    datastore ??= a.datastore
    secret ??= a.secret
  }
  const result = await createServiceConfig({
    path: servicePath(flags.path),
    consensus: (consensus ?? 'crdt') as Consensus,
    datastore: datastore as Datastore | undefined,
    secret,
    peername,
    peers: flags.peers,
    replicationMin: flags['replication-min'],
    replicationMax: flags['replication-max'],
    randomPorts: flags['random-ports'],
    set: splitSetFlags(flags.set ?? []),
    custom: flags.custom === undefined ? undefined : await readCustom(flags.custom),
    keyType: (flags['key-type'] ?? 'ed25519') as KeyType,
    force: flags.force,
    newIdentity: flags['new-identity'],
    newSecret: flags['new-secret'],
    existOk: flags['exist-ok'],
    dryRun: flags['dry-run'],
    showSecrets: flags['show-secrets'],
    env,
  })
  if (!io.json) printCreateResult(result, io.log, io.note)
  return result
}

export const run: Handler = ({flags}, io) => serviceConfigCreate(flags, io)

/** It asks for what is missing on a terminal: the fast path leaves that to oclif. */
export const prompts = true
