// The operations: each a JSON Schema for its input and a call of the same core function the CLI
// command calls, so the result is exactly the object `--json` prints (and MCP's structuredContent).
// One registry for every transport: stdio MCP, HTTP MCP, the HTTP API and the dashboard. The text
// summary is written by the same printers as the CLI's (summary.ts). Validation, errors and the
// secret guard are in invoke.ts.
import {readFileSync} from 'node:fs'
import {join, resolve} from 'node:path'

import {tlsTrust} from '../cluster/api.js'
import {connectPeer, resolveLeader} from '../cluster/connect.js'
import {type StatusResult, peerStatus, waitHealthy} from '../cluster/status.js'
import {clusterCheck} from '../cluster/check.js'
import {type ClusterBundle, TARGETS, bundleFile, bundleProblem, peerFolder} from '../core/bundle.js'
import {MAX_PEERS, addClusterPeers, createCluster, removeClusterPeer} from '../core/cluster.js'
import {ExitCode, UserError} from '../core/errors.js'
import {createFollowConfig, followBase, getFollowConfig, setFollowConfig} from '../core/follow-config.js'
import {servicePath} from '../core/paths.js'
import {nodeAt} from '../core/schema/walk.js'
import {createServiceConfig, getServiceConfig, serviceRoot, setServiceConfig} from '../core/service-config.js'
import {type ArgsOf, bool, common as c, port, str, strList} from './schema.js'
import {collect as lines, getSummary as getText, printClusterResult, printConnect, printCreateResult, printFollowCreateResult, printSetResult, statusSummary} from './summary.js'
import {durationMs, peerTarget} from './target.js'
import {printCheck} from './check-summary.js'

type Obj = Record<string, unknown>

export interface OperationContext {
  env: NodeJS.ProcessEnv
  /** Progress of a long wait (connect start, status wait), sent as MCP progress notifications or WebSocket events. */
  progress: (message: string) => void
}

export interface OperationOutput {
  /** The core function's result: what the CLI prints with --json. */
  result: object
  /** A short summary, in the CLI's words. */
  text: string
  /** The call did run, but what it was asked to do did not happen (a join that was not verified). */
  failed?: boolean
}

export interface OperationAnnotations {
  readOnlyHint: boolean
  destructiveHint?: boolean
  idempotentHint: boolean
  openWorldHint: boolean
}

export interface Operation {
  name: string
  title: string
  /** What the caller reads; ends with the matching command line (from command and usage). */
  description: string
  /** The CLI command that does the same, as its words (`service config get`). */
  command: string
  /** Its arguments and flags that select this operation, as in its usage (`NAME [KEY]`, `--follow NAME`). */
  usage?: string
  inputSchema: {type: 'object'; properties: Obj; required: readonly string[]; additionalProperties: false}
  annotations: OperationAnnotations
  /** The peer folder(s) the call touches (for the secret guard), or undefined. */
  folder: (args: Obj, env: NodeJS.ProcessEnv) => string | string[] | undefined
  run: (args: Obj, ctx: OperationContext) => Promise<OperationOutput>
}

function operation<const S extends Operation['inputSchema']>(def: Omit<Operation, 'inputSchema' | 'run' | 'folder'> & {
  inputSchema: S
  folder: (args: ArgsOf<S>, env: NodeJS.ProcessEnv) => string | string[] | undefined
  run: (args: ArgsOf<S>, ctx: OperationContext) => Promise<OperationOutput>
}): Operation {
  const line = ['ipfs-cluster-config', def.command, def.usage, '--json'].filter(Boolean).join(' ')
  return {...def, description: `${def.description} Same as \`${line}\`.`} as unknown as Operation
}

/** An operation's input schema: every property optional unless listed, nothing else accepted. */
function input<const P extends Obj, const R extends readonly (keyof P & string)[] = []>(properties: P, required?: R) {
  return {type: 'object', properties, required: required ?? ([] as unknown as R), additionalProperties: false} as const
}

// ---------------------------------------------------------------------------------------------
// Arguments → the core's options

/**
 * config_updates → the core's [key, text] pairs. Nested objects are flattened to dotted keys
 * while the schema says the key is a section; a map or list value (basic_auth_credentials,
 * trusted_peers) stays whole. Strings go as they are, anything else as JSON: the core then types
 * each value by its key exactly as it types a command-line value.
 */
export function flattenUpdates(updates: Obj, prefix: string[] = []): [string, unknown][] {
  const out: [string, unknown][] = []
  for (const [k, v] of Object.entries(updates)) {
    const path = [...prefix, ...k.split('.')]
    const isSection = v !== null && typeof v === 'object' && !Array.isArray(v) && !!nodeAt(serviceRoot, path)?.properties
    if (isSection) out.push(...flattenUpdates(v as Obj, path))
    else out.push([path.join('.'), v])
  }
  return out
}

export function toPairs(updates: Obj | undefined, what: string): [string, string][] {
  const entries = flattenUpdates(updates ?? {})
  if (updates !== undefined && entries.length === 0) throw new UserError(`${what} is empty: give at least one dotted key and its value`, ExitCode.usage)
  return entries.map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])
}

function credentials(auth: {username: string; password: string} | undefined): string | undefined {
  return auth ? `${auth.username}:${auth.password}` : undefined
}

/** remote_host + remote_port → the leader's REST API URL, as `connect --api` takes it. */
export function apiUrl(host: string, port: number): string {
  try {
    const u = new URL(/^https?:\/\//.test(host) ? host : `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}`)
    if (!u.port) u.port = String(port)
    return u.origin
  } catch {
    throw new UserError(`"${host}" is not a host name, an IP address or an http(s)://host URL`, ExitCode.usage)
  }
}

type TlsArgs = {ca_cert?: string; no_check_certificate?: boolean}
const trustOf = (a: TlsArgs) => tlsTrust({caFile: a.ca_cert, insecure: a.no_check_certificate}, 'ca_cert')

async function status(args: {cluster_path?: string; cluster_name?: string; auth?: {username: string; password: string}; wait?: boolean; timeout?: string} & TlsArgs, ctx: OperationContext) {
  const target = peerTarget({path: args.cluster_path, follow: args.cluster_name})
  const o = {env: ctx.env, credentials: credentials(args.auth), tls: trustOf(args)}
  const r = args.wait
    ? await waitHealthy(target, {...o, timeoutMs: durationMs(args.timeout ?? '30s', 'timeout'), onWait: (s, ms) => ctx.progress(`${s.error} (${Math.round(ms / 1000)}s)`)})
    : await peerStatus(target, o)
  return {result: r, text: statusSummary(r)}
}

async function connect(
  args: {cluster_path?: string; cluster_name?: string; host?: string; port?: number; leader?: string; auth?: {username: string; password: string}; no_trust?: boolean; dry_run?: boolean; start?: boolean; timeout?: string} & TlsArgs,
  hostParam: string,
  ctx: OperationContext,
): Promise<OperationOutput> {
  if (args.host === undefined && args.leader === undefined)
    throw new UserError(`give the leader: ${hostParam} (its REST API host) or leader (a multiaddress ending in /p2p/<peer id>)`, ExitCode.inputRequired)
  if (args.host === undefined && args.port !== undefined) throw new UserError(`${hostParam.replace('host', 'port')} needs ${hostParam}`, ExitCode.usage)
  const creds = credentials(args.auth)
  const target = peerTarget({path: args.cluster_path, follow: args.cluster_name})
  const timeoutMs = durationMs(args.timeout ?? '45s', 'timeout')
  const api = args.host === undefined ? undefined : apiUrl(args.host, args.port ?? 9094)
  const tls = trustOf(args)
  const leader = await resolveLeader({leader: args.leader, api, credentials: creds, tls, env: ctx.env, onProgress: ctx.progress})
  const r = await connectPeer({target, leader, noTrust: args.no_trust, dryRun: args.dry_run, start: args.start, timeoutMs, tls, env: ctx.env, onProgress: ctx.progress})
  let text = lines((log, note) => printConnect(r, log, note))
  if (args.dry_run) text += '\ndry run: nothing was written'
  if (r.joined === false) text += `\nnot joined (exit ${ExitCode.unreachable})`
  return {result: r, text, failed: r.joined === false}
}

// ---------------------------------------------------------------------------------------------
// The operations

/** A bundle's peer folders, for the secret guard (synchronous; none when the manifest cannot be read). */
function bundlePeerFolders(dir: string): string[] {
  try {
    const value = JSON.parse(readFileSync(bundleFile(dir), 'utf8')) as unknown
    return bundleProblem(value) ? [] : (value as ClusterBundle).peers.map((p) => peerFolder(dir, p))
  } catch {
    return []
  }
}

const servicePathOf = (a: {cluster_path?: string}, env: NodeJS.ProcessEnv) => servicePath(a.cluster_path, env)
const followerOf = (a: {cluster_path?: string; cluster_name: string}, env: NodeJS.ProcessEnv) => join(followBase(a.cluster_path, env), a.cluster_name)

/** A number of bundle peers, within the bounds the core enforces. */
const peerCount = <D extends string>(description: D) => ({type: 'integer', minimum: 1, maximum: MAX_PEERS, description: `${description} (1 to ${MAX_PEERS})`}) as const

export const OPERATIONS: Operation[] = [
  operation({
    name: 'cluster_service_config_create',
    title: 'Create a service peer configuration',
    description:
      'Create service.json, identity.json and peerstore for an ipfs-cluster-service peer (what `ipfs-cluster-service init` writes, byte for byte), validated before anything is written. CLUSTER_* variables of the server process apply as in upstream init. An existing identity and cluster secret are kept unless new_identity or new_secret.',
    command: 'service config create',
    inputSchema: input({
      cluster_path: c.servicePath,
      overwrite: c.overwrite,
      custom_settings: {type: 'object', description: 'deep-merged into the generated config: objects merge, anything else replaces (e.g. {"cluster": {"replication_factor_min": 2}})'},
      consensus: c.consensus,
      datastore: c.datastore,
      secret: c.secret,
      peername: c.peername,
      peers: strList('full /p2p/ multiaddresses of existing peers: trusted_peers (crdt) or init_peerset (raft), and the peerstore'),
      replication_min: {type: 'integer', description: 'cluster.replication_factor_min'},
      replication_max: {type: 'integer', description: 'cluster.replication_factor_max'},
      random_ports: bool('pick free ports for the swarm and the APIs (like init --randomports)'),
      set: c.set,
      key_type: c.keyType,
      new_identity: c.newIdentity,
      new_secret: c.newSecret,
      exist_ok: bool('succeed without changes when a valid configuration exists (status "unchanged")'),
      dry_run: c.dryRun,
      show_secrets: c.showSecrets,
    }),
    annotations: {readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false},
    folder: servicePathOf,
    async run(a, ctx) {
      const r = await createServiceConfig({
        path: servicePath(a.cluster_path, ctx.env),
        consensus: a.consensus ?? 'crdt',
        datastore: a.datastore,
        secret: a.secret,
        peername: a.peername,
        peers: a.peers,
        replicationMin: a.replication_min,
        replicationMax: a.replication_max,
        randomPorts: a.random_ports,
        set: toPairs(a.set, 'set'),
        custom: a.custom_settings as Obj | undefined,
        keyType: a.key_type,
        force: a.overwrite,
        newIdentity: a.new_identity,
        newSecret: a.new_secret,
        existOk: a.exist_ok,
        dryRun: a.dry_run,
        showSecrets: a.show_secrets,
        env: ctx.env,
      })
      return {result: r, text: lines((log, note) => printCreateResult(r, log, note))}
    },
  }),
  operation({
    name: 'cluster_service_config_get',
    title: "Read a service peer's configuration",
    description:
      "Read service.json, or one dotted key of it. The cluster secret, private keys and basic-auth passwords are redacted unless show_secrets. An omitted key the daemon defaults is returned with source \"default\".",
    command: 'service config get',
    usage: '[KEY]',
    inputSchema: input({cluster_path: c.servicePath, key: c.key, show_secrets: c.showSecrets}),
    annotations: {readOnlyHint: true, idempotentHint: true, openWorldHint: false},
    folder: servicePathOf,
    async run(a, ctx) {
      const r = await getServiceConfig({path: servicePath(a.cluster_path, ctx.env), key: a.key, showSecrets: a.show_secrets})
      return {result: r, text: getText(r)}
    },
  }),
  operation({
    name: 'cluster_service_config_set',
    title: "Change a service peer's configuration",
    description:
      'Set keys of service.json. config_updates maps dotted keys (or nested objects, flattened to dotted keys) to values, each typed by its key: integers, booleans, Go durations ("1m30s"), multiaddresses, lists, maps. The whole result is validated with the daemon\'s rules before anything is written; the write is atomic, so an invalid update leaves the file untouched.',
    command: 'service config set',
    usage: 'KEY VALUE...',
    inputSchema: input(
      {
        config_updates: {...c.set, minProperties: 1, description: 'dotted keys (or nested objects) → values, e.g. {"cluster.replication_factor_min": 2, "cluster": {"peername": "peer0"}}'},
        cluster_path: c.servicePath,
        if_version: c.ifVersion,
        dry_run: c.dryRun,
        show_secrets: c.showSecrets,
      },
      ['config_updates'],
    ),
    annotations: {readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false},
    folder: servicePathOf,
    async run(a, ctx) {
      const r = await setServiceConfig({path: servicePath(a.cluster_path, ctx.env), pairs: toPairs(a.config_updates, 'config_updates'), dryRun: a.dry_run, showSecrets: a.show_secrets, ifVersion: a.if_version})
      return {result: r, text: lines((log, note) => printSetResult(r, log, note, !!a.dry_run))}
    },
  }),
  operation({
    name: 'cluster_service_status_via_api',
    title: 'Status of a service peer',
    description:
      "Is the service peer up, is it the peer its identity.json says, and who are its peers. The REST API address comes from the peer's own service.json; requests have short timeouts. A report, not a failure: a stopped or unconfigured peer returns healthy false with exitCode 6 (unreachable/unhealthy) or 3 (not configured), and isError false.",
    command: 'status',
    inputSchema: input({
      cluster_path: c.servicePath,
      auth: c.auth,
      ca_cert: c.caCert,
      no_check_certificate: c.noCheckCertificate,
      wait: bool('poll until the peer is healthy, up to timeout (default false)'),
      timeout: {...c.timeout, description: 'how long wait polls, as a Go duration (default 30s)'},
    }),
    annotations: {readOnlyHint: true, idempotentHint: true, openWorldHint: true},
    folder: servicePathOf,
    run: (a, ctx) => status(a, ctx),
  }),
  operation({
    name: 'cluster_follow_config_create',
    title: 'Create a follower (ipfs-cluster-follow) configuration',
    description:
      "Create <cluster_path>/<cluster_name>/ with service.json and identity.json for `ipfs-cluster-follow <cluster_name> run`. Source mode (source): service.json only names the cluster's published follower config, as `ipfs-cluster-follow NAME init URL` writes it. Leader mode (bootstrap_peer/leaders): a complete local follower config trusting the leaders (needs the cluster secret).",
    command: 'follow config create',
    usage: 'NAME',
    inputSchema: input(
      {
        cluster_name: c.followName,
        cluster_path: c.followBase,
        source: str("source mode: URL (or DNSLink name) of the cluster's follower configuration"),
        gateway: str('IPFS gateway that resolves a DNSLink source (default: $IPFS_GATEWAY, else http://127.0.0.1:8080)'),
        bootstrap_peer: str('leader mode: the full /p2p/ multiaddress of the peer to follow'),
        leaders: strList('leader mode: more full /p2p/ multiaddresses of peers to follow'),
        trusted_peers: strList('other peer ids whose pins the follower accepts'),
        secret: {...c.secret, description: "leader mode: the cluster's secret, 64 hex characters (default: $CLUSTER_SECRET)"},
        crdt_cluster_name: str('consensus.crdt.cluster_name of the cluster (default ipfs-cluster)'),
        peername: c.peername,
        set: {...c.set, description: 'leader mode: dotted keys → values, typed by the schema like `set`'},
        custom_settings: {type: 'object', description: 'leader mode: merged into the config (flattened to dotted keys, typed by the schema)'},
        key_type: c.keyType,
        overwrite: {...c.overwrite, description: 'rewrite an existing follower (the identity is kept unless new_identity) (default false)'},
        new_identity: c.newIdentity,
        dry_run: c.dryRun,
        show_secrets: c.showSecrets,
      },
      ['cluster_name'],
    ),
    annotations: {readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false},
    folder: followerOf,
    async run(a, ctx) {
      const set = [...toPairs(a.set, 'set'), ...toPairs(a.custom_settings as Obj | undefined, 'custom_settings')]
      if (a.source !== undefined && set.length > 0)
        throw new UserError('set and custom_settings apply to leader mode only: with a source, the remote configuration decides', ExitCode.usage)
      const leaders = [...(a.bootstrap_peer === undefined ? [] : [a.bootstrap_peer]), ...(a.leaders ?? [])]
      const r = await createFollowConfig({
        base: followBase(a.cluster_path, ctx.env),
        name: a.cluster_name,
        source: a.source,
        gateway: a.gateway,
        leaders,
        trustedPeers: a.trusted_peers,
        secret: a.secret,
        clusterName: a.crdt_cluster_name,
        peername: a.peername,
        set,
        keyType: a.key_type,
        force: a.overwrite,
        newIdentity: a.new_identity,
        dryRun: a.dry_run,
        showSecrets: a.show_secrets,
        env: ctx.env,
      })
      return {result: r, text: lines((log, note) => printFollowCreateResult(r, log, note))}
    },
  }),
  operation({
    name: 'cluster_follow_config_get',
    title: "Read a follower's configuration",
    description:
      "Read a follower's service.json, or one dotted key of it; with resolve, read it from the follower's remote source. Secrets are redacted unless show_secrets.",
    command: 'follow config get',
    usage: 'NAME [KEY]',
    inputSchema: input(
      {
        cluster_name: c.followName,
        cluster_path: c.followBase,
        key: c.key,
        resolve: bool("source mode: read the remote configuration the follower loads (default false)"),
        show_secrets: c.showSecrets,
      },
      ['cluster_name'],
    ),
    annotations: {readOnlyHint: true, idempotentHint: true, openWorldHint: true},
    folder: followerOf,
    async run(a, ctx) {
      const r = await getFollowConfig({base: followBase(a.cluster_path, ctx.env), name: a.cluster_name, key: a.key, showSecrets: a.show_secrets, resolve: a.resolve})
      return {result: r, text: getText(r) + (r.resolvedFrom ? `\n(read from ${r.resolvedFrom})` : '')}
    },
  }),
  operation({
    name: 'cluster_follow_config_set',
    title: "Change a follower's configuration",
    description:
      'Set keys of a follower\'s service.json: typed, validated and atomic as cluster_service_config_set. A source-mode follower only takes "source" (the remote configuration decides the rest).',
    command: 'follow config set',
    usage: 'NAME KEY VALUE...',
    inputSchema: input(
      {
        cluster_name: c.followName,
        config_updates: {...c.set, minProperties: 1, description: 'dotted keys (or nested objects) → values, e.g. {"cluster.peername": "follower-7"}'},
        cluster_path: c.followBase,
        if_version: c.ifVersion,
        dry_run: c.dryRun,
        show_secrets: c.showSecrets,
      },
      ['cluster_name', 'config_updates'],
    ),
    annotations: {readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false},
    folder: followerOf,
    async run(a, ctx) {
      const r = await setFollowConfig({
        base: followBase(a.cluster_path, ctx.env),
        name: a.cluster_name,
        pairs: toPairs(a.config_updates, 'config_updates'),
        dryRun: a.dry_run,
        showSecrets: a.show_secrets,
        ifVersion: a.if_version,
      })
      return {result: r, text: lines((log, note) => printSetResult(r, log, note, !!a.dry_run))}
    },
  }),
  operation({
    name: 'cluster_follow_status_via_api',
    title: 'Status of a follower',
    description:
      "Is the follower up (its REST API on <cluster_path>/<cluster_name>/api-socket), is it its identity, and who are its peers. A report, not a failure: a stopped follower returns healthy false with exitCode 6, and isError false.",
    command: 'status',
    usage: '--follow NAME',
    inputSchema: input(
      {
        cluster_name: c.followName,
        cluster_path: c.followBase,
        auth: c.auth,
        wait: bool('poll until the follower is healthy, up to timeout (default false)'),
        timeout: {...c.timeout, description: 'how long wait polls, as a Go duration (default 30s)'},
      },
      ['cluster_name'],
    ),
    annotations: {readOnlyHint: true, idempotentHint: true, openWorldHint: true},
    folder: followerOf,
    run: (a, ctx) => status(a, ctx),
  }),
  operation({
    name: 'connect_to_networked_cluster',
    title: 'Join a service peer to a cluster',
    description:
      "Join the service peer at cluster_path to a running cluster. The leader is found through its REST API (remote_host/remote_port: its id and swarm addresses are read from /id) or given as a /p2p/ multiaddress (leader). Writes the leader into cluster.peer_addresses and, for a crdt peer that does not trust everyone, into consensus.crdt.trusted_peers (unless no_trust), validated and atomic. With start, launches `ipfs-cluster-service daemon --bootstrap LEADER` detached and waits until each side lists the other; if the join is not seen, isError is true and diagnosis explains why.",
    command: 'connect',
    inputSchema: input({
      remote_host: str("the leader's REST API host (name, IP address or http(s)://host URL)"),
      remote_port: port("the leader's REST API port (default 9094)"),
      leader: c.leader,
      auth: c.auth,
      ca_cert: c.caCert,
      no_check_certificate: c.noCheckCertificate,
      cluster_path: c.servicePath,
      no_trust: c.noTrust,
      dry_run: c.dryRun,
      start: c.start,
      timeout: {...c.timeout, description: 'with start: how long to wait for the join, as a Go duration (default 45s, under the usual 60 s MCP request timeout)'},
    }),
    annotations: {readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true},
    folder: servicePathOf,
    run: (a, ctx) => connect({...a, host: a.remote_host, port: a.remote_port}, 'remote_host', ctx),
  }),
  operation({
    name: 'connect_follow_to_leader',
    title: 'Point a follower at a leader',
    description:
      "Make the follower cluster_name follow a leader: the leader (found through its REST API at leader_host/leader_port, or given as a /p2p/ multiaddress) goes into cluster.peer_addresses and consensus.crdt.trusted_peers (unless no_trust). With start, launches `ipfs-cluster-follow <cluster_name> run` detached and waits until the follower lists the leader. A source-mode follower cannot be changed here (its source decides).",
    command: 'connect',
    usage: '--follow NAME',
    inputSchema: input(
      {
        cluster_name: c.followName,
        leader_host: str("the leader's REST API host (name, IP address or http(s)://host URL)"),
        leader_port: port("the leader's REST API port (default 9094)"),
        leader: c.leader,
        auth: c.auth,
        ca_cert: c.caCert,
        no_check_certificate: c.noCheckCertificate,
        cluster_path: c.followBase,
        no_trust: c.noTrust,
        dry_run: c.dryRun,
        start: c.start,
        timeout: {...c.timeout, description: 'with start: how long to wait for the join, as a Go duration (default 45s, under the usual 60 s MCP request timeout)'},
      },
      ['cluster_name'],
    ),
    annotations: {readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true},
    folder: followerOf,
    run: (a, ctx) => connect({...a, host: a.leader_host, port: a.leader_port}, 'leader_host', ctx),
  }),
  operation({
    name: 'cluster_create',
    title: 'Create a whole cluster bundle',
    description:
      "Write N peers that already know and trust each other into one folder: a shared secret, N new identities, crdt trusted_peers (or raft init_peerset) = exactly the N ids, every other peer's address in peer_addresses and the peerstore, and cluster.json listing the peers (no secret, no key); optionally compose.yaml and Kubernetes manifests. Every peer's config is validated before anything is written.",
    command: 'cluster create',
    inputSchema: input(
      {
        out: str('the bundle folder (the CLI\'s --out): cluster.json and one folder per peer'),
        peers: peerCount('how many peers'),
        name_prefix: str('peer names are <name_prefix>-<i> (default peer)'),
        consensus: c.consensus,
        datastore: c.datastore,
        secret: str('the cluster secret, 64 hex characters (default: $CLUSTER_SECRET, else a new random one)'),
        key_type: c.keyType,
        hosts: strList("where each peer is reached: one IP or DNS name per peer, in order (default: all on 127.0.0.1, 10 ports apart)"),
        host_template: str("a host name per peer with {i} for its index, e.g. 'cluster-{i}'"),
        base_port: port("peer 0's REST API port; its proxy, swarm and pinning API take the next three"),
        set: c.set,
        custom_settings: {type: 'object', description: 'deep-merged into every peer\'s config, as in cluster_service_config_create'},
        targets: {type: 'array', items: {type: 'string', enum: TARGETS}, description: 'what to write besides the peer folders: compose (compose.yaml), kubernetes (kubernetes/)'},
        namespace: str('Kubernetes namespace (default default)'),
        image: str('the ipfs-cluster image of compose.yaml and the StatefulSet'),
        kubo_image: str('the Kubo image of compose.yaml and the StatefulSet'),
        storage: str("each pod's Kubo volume size, a Kubernetes quantity such as 10Gi"),
        overwrite: bool('rewrite an existing bundle; identities already in its folders are kept (default false)'),
        dry_run: c.dryRun,
      },
      ['out', 'peers'],
    ),
    annotations: {readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false},
    folder: (a) => resolve(a.out),
    async run(a, ctx) {
      const r = await createCluster({
        out: resolve(a.out),
        peers: a.peers,
        namePrefix: a.name_prefix,
        consensus: a.consensus ?? 'crdt',
        datastore: a.datastore,
        secret: a.secret,
        keyType: a.key_type,
        hosts: a.hosts,
        hostTemplate: a.host_template,
        basePort: a.base_port,
        set: toPairs(a.set, 'set'),
        custom: a.custom_settings as Obj | undefined,
        targets: a.targets,
        kubernetes: {namespace: a.namespace, image: a.image, kuboImage: a.kubo_image, storage: a.storage},
        force: a.overwrite,
        dryRun: a.dry_run,
        env: ctx.env,
      })
      return {result: r, text: lines((log, note) => printClusterResult(r, log, note))}
    },
  }),
  operation({
    name: 'cluster_add_peers',
    title: 'Add peers to a cluster bundle',
    description:
      "Add K peers with new identities to a bundle made by cluster_create: every existing peer's trusted_peers or init_peerset, peer_addresses and peerstore (and compose.yaml, the Kubernetes files) learn them, in one locked, all-or-nothing write; no existing identity changes. The text says how to start them.",
    command: 'cluster add',
    inputSchema: input(
      {
        out: str('the bundle folder (cluster.json)'),
        peers: peerCount('how many peers to add (default 1)'),
        hosts: strList('the new peers\' hosts, one per peer (needed when the bundle was made with hosts)'),
        key_type: c.keyType,
        dry_run: c.dryRun,
      },
      ['out'],
    ),
    annotations: {readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false},
    folder: (a) => resolve(a.out),
    async run(a) {
      const r = await addClusterPeers({out: resolve(a.out), peers: a.peers ?? 1, hosts: a.hosts, keyType: a.key_type, dryRun: a.dry_run})
      return {result: r, text: lines((log, note) => printClusterResult(r, log, note))}
    },
  }),
  operation({
    name: 'cluster_remove_peer',
    title: 'Remove a peer from a cluster bundle',
    description:
      "Remove one peer from a bundle: the others stop trusting and dialling it, its folder is deleted, the identities of the others never change. The text gives the step the running cluster still needs (raft: `ipfs-cluster-ctl peers rm <id>`, required; crdt: what happens).",
    command: 'cluster remove',
    usage: 'NAME',
    inputSchema: input({out: str('the bundle folder (cluster.json)'), name: str("the peer's name, as cluster.json lists it (e.g. peer-2)"), dry_run: c.dryRun}, ['out', 'name']),
    annotations: {readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false},
    folder: (a) => resolve(a.out),
    async run(a) {
      const r = await removeClusterPeer({out: resolve(a.out), name: a.name, dryRun: a.dry_run})
      return {result: r, text: lines((log, note) => printClusterResult(r, log, note))}
    },
  }),
  operation({
    name: 'cluster_check',
    title: 'Check a whole cluster for drift',
    description:
      "Compare the peers of a cluster and report what breaks it: different secrets (compared, never shown: groups say which peers agree), consensus or crdt cluster_name, trusted_peers that miss a peer, raft init_peerset, copied or mismatched identities, replication factors above the number of peers, listen-port clashes, addresses of unknown peers, and CLUSTER_* variables of the server's environment the daemon ignores or reads as empty. Peers come from a bundle (cluster.json of `cluster create`), service peer folders, followers and live REST APIs; every peer that answers is checked live too (who sees whom as a matrix, /id against identity.json, versions). Each finding has rule, severity, peers, keys and a one-line fix. A report, not a failure: isError is false and exitCode says 0 (no error), 4 (an error finding, or a warning with strict) or 6 (an api peer did not answer).",
    command: 'cluster check',
    inputSchema: input({
      bundle: str('a bundle folder made by cluster create: its cluster.json and peer folders (the CLI\'s --out)'),
      paths: strList('service peer config folders'),
      follow_path: str('base folder of the followers named in follow (default: $IPFS_CLUSTER_PATH, else ~/.ipfs-cluster-follow)'),
      follow: strList('follower names under follow_path'),
      api: strList("live peers' REST APIs: http(s)://host:port or an API multiaddress"),
      auth: {...c.auth, description: "basic-auth credentials for the api peers (default: $CLUSTER_CREDENTIALS; folder peers use their config's)"},
      ca_cert: c.caCert,
      no_check_certificate: c.noCheckCertificate,
      offline: bool('config checks only: ask no REST API (default false)'),
      strict: bool('warnings fail too: exitCode 4 (default false)'),
      timeout: {...c.timeout, description: 'how long each REST request may take, as a Go duration (default 3s)'},
    }),
    annotations: {readOnlyHint: true, idempotentHint: true, openWorldHint: true},
    folder: (a, env) => [...(a.bundle === undefined ? [] : bundlePeerFolders(a.bundle)), ...(a.paths ?? []), ...(a.follow ?? []).map((n) => join(followBase(a.follow_path, env), n))],
    async run(a, ctx) {
      if (a.bundle === undefined && !a.paths?.length && !a.follow?.length && !a.api?.length)
        throw new UserError('name the peers to check: bundle, paths, follow or api', ExitCode.usage)
      if (a.offline && a.api?.length) throw new UserError('offline asks no API: it cannot be used with api', ExitCode.usage)
      const r = await clusterCheck({
        bundle: a.bundle,
        paths: a.paths,
        followBase: a.follow?.length ? followBase(a.follow_path, ctx.env) : undefined,
        follow: a.follow,
        apis: a.api,
        credentials: credentials(a.auth),
        tls: trustOf(a),
        env: ctx.env,
        offline: a.offline,
        strict: a.strict,
        timeoutMs: durationMs(a.timeout ?? '3s', 'timeout'),
      })
      return {result: r, text: lines((log) => printCheck(r, log))}
    },
  }),
]

export const OPERATION_NAMES = OPERATIONS.map((o) => o.name)

/**
 * The commands behind the operations, those of one topic joined: "service config create|get|set,
 * status, follow config create|get|set, connect, cluster create|add|remove|check".
 */
export function operationCommands(): string {
  const verbs = new Map<string, string[]>()
  for (const {command} of OPERATIONS) {
    const words = command.split(' ')
    const topic = words.slice(0, -1).join(' ')
    const verb = words.at(-1)!
    const list = verbs.get(topic) ?? []
    if (!list.includes(verb)) list.push(verb)
    verbs.set(topic, list)
  }
  return [...verbs].map(([topic, list]) => (topic ? `${topic} ${list.join('|')}` : list.join(', '))).join(', ')
}
