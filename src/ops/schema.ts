// The JSON Schema pieces the tools' input schemas are built from. Every builder returns a literal
// (`as const` through the generic), so json-schema-to-ts derives each tool's argument type from
// the very schema the client sees and Ajv checks: the three cannot drift.
import {CONSENSUS, DATASTORES} from '../core/schema/service.js'
import {KEY_TYPES} from '../core/identity.js'

export const str = <D extends string>(description: D) => ({type: 'string', description}) as const
export const bool = <D extends string>(description: D) => ({type: 'boolean', description}) as const
export const port = <D extends string>(description: D) => ({type: 'integer', minimum: 1, maximum: 65535, description}) as const
export const strList = <D extends string>(description: D) => ({type: 'array', items: {type: 'string'}, description}) as const

/** Dotted keys (or nested objects) → values: what `set` takes; null cannot be a value. */
export const updates = <D extends string>(description: D) =>
  ({
    type: 'object',
    description,
    additionalProperties: {type: ['string', 'number', 'boolean', 'array', 'object']},
  }) as const

export const common = {
  showSecrets: bool('show the cluster secret, private keys and basic-auth passwords instead of redacting them (default false)'),
  ifVersion: str('write only if service.json is still at this version (the version `serve` reports for the peer); otherwise nothing is written and the call fails with exit 5'),
  dryRun: bool('validate and report what would change, but write nothing (default false)'),
  servicePath: str('config folder of the service peer (default: $IPFS_CLUSTER_PATH, else ~/.ipfs-cluster)'),
  followBase: str("followers' base folder; the follower lives in <cluster_path>/<cluster_name> (default: $IPFS_CLUSTER_PATH, else ~/.ipfs-cluster-follow)"),
  followName: str("the follower's name: a plain folder name under cluster_path (as `ipfs-cluster-follow NAME`)"),
  key: str('a dotted key such as cluster.peername or consensus.crdt.trusted_peers; omit for the whole file'),
  consensus: {type: 'string', enum: CONSENSUS, description: 'consensus component (default crdt)'},
  datastore: {type: 'string', enum: DATASTORES, description: 'datastore of a crdt peer (default pebble)'},
  keyType: {type: 'string', enum: KEY_TYPES, description: 'type of a new identity key (default ed25519)'},
  secret: str('the cluster secret, 64 hex characters (default: $CLUSTER_SECRET, else a new random one for a service peer)'),
  peername: str('cluster.peername (default: $CLUSTER_PEERNAME, else the host name)'),
  overwrite: bool('rewrite an existing configuration; the identity and the cluster secret are kept unless new_identity or new_secret (default false)'),
  newIdentity: bool('replace an existing identity.json with a new one (default false)'),
  newSecret: bool('with overwrite: a new random cluster secret instead of the existing one; the peer leaves its cluster (default false)'),
  set: updates('dotted keys → values, typed by the schema like `set` (e.g. {"cluster.replication_factor_min": 2})'),
  auth: {
    type: 'object',
    description: "basic-auth credentials of the REST API (default: $CLUSTER_CREDENTIALS, else the config's own)",
    properties: {username: {type: 'string'}, password: {type: 'string'}},
    required: ['username', 'password'],
    additionalProperties: false,
  },
  caCert: str("path of a PEM file of certificates to trust for an https REST API: the peer's own (self-signed) certificate or its CA (default: the system's roots, plus the peer's own ssl_cert_file)"),
  noCheckCertificate: bool("do not verify an https REST API's certificate (default false)"),
  timeout: str('how long to wait, as a Go duration such as 30s or 2m'),
  leader: str("the leader's swarm multiaddress, ending in /p2p/<peer id> (instead of, or besides, its REST API host)"),
  noTrust: bool('do not add the leader to consensus.crdt.trusted_peers (default false)'),
  start: bool('start the daemon (detached) with the leader as bootstrap and wait until the join is visible from both sides (default false)'),
} as const

// The TypeScript type of a tool's arguments, read off its input schema (json-schema-to-ts's
// FromSchema is too deep for schemas this wide; these schemas only use the shapes below).
type Simplify<T> = {[K in keyof T]: T[K]} & {}
type ValueOf<P> = P extends {enum: readonly (infer E)[]}
  ? E
  : P extends {type: 'string'}
    ? string
    : P extends {type: 'boolean'}
      ? boolean
      : P extends {type: 'integer' | 'number'}
        ? number
        : P extends {type: 'array'; items: infer I}
          ? ValueOf<I>[]
          : P extends {type: 'object'; properties: Record<string, unknown>}
            ? ArgsOf<P>
            : P extends {type: 'object'}
              ? Record<string, unknown>
              : unknown
export type ArgsOf<S extends {properties: Record<string, unknown>}> = Simplify<
  {[K in keyof S['properties'] & RequiredOf<S>]: ValueOf<S['properties'][K]>} & {[K in Exclude<keyof S['properties'], RequiredOf<S>>]?: ValueOf<S['properties'][K]>}
>
type RequiredOf<S> = S extends {required: readonly (infer R)[]} ? R : never
