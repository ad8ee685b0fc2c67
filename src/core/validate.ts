// The daemon's rules, without starting it: Ajv for structure and types, then the semantic rules
// ipfs-cluster v1.1.6 applies when it loads service.json and identity.json (reference §1.3–1.4, §2).
// Problems carry the file, the dotted key and the rule; warnings are things the daemon accepts but
// users regret.
import {X509Certificate, createPrivateKey} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {dirname} from 'node:path'

import type {ErrorObject} from 'ajv'

import {parseDuration} from './duration.js'
import {clusterEnvWarnings} from './env.js'
import {secretProblem} from './formats.js'
import {identityProblems, keyInfo} from './identity.js'
import {parseMultiaddr, peerIdOfMultiaddr} from './multiaddr.js'
import {identitySchema} from './schema/identity.js'
import {serviceSchema} from './schema/service.js'
import {allKeys, childOf, nodeAt, type SchemaNode} from './schema/walk.js'
import {nearestKey} from './keys.js'
import {apiTlsFiles} from './paths.js'
import {validators} from './validators.js'

export interface Problem {
  severity: 'error' | 'warning'
  file: string
  /** Dotted key, or '' for the whole file. */
  key: string
  message: string
}

const schema = serviceSchema as unknown as SchemaNode

function pathOf(instancePath: string): string[] {
  return instancePath === '' ? [] : instancePath.slice(1).split('/').map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
}

/** The value at an Ajv instance path (Ajv runs without `verbose`, which would put it in every error: smaller code). */
function dataAt(data: unknown, path: string[]): unknown {
  let cur = data
  for (const p of path) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined
  return cur
}

function ajvProblems(errors: ErrorObject[] | null | undefined, file: string, root: SchemaNode, data: unknown): Problem[] {
  const all = errors ?? []
  const out: Problem[] = []
  const seen = new Set<string>()
  for (const e of all) {
    const path = pathOf(e.instancePath)
    const key = path.join('.')
    const node = nodeAt(root, path)
    if (node?.['x-strings']) {
      // An address list (string or array): report the bad entry if one is named, else the list once.
      if (all.some((o) => o.instancePath.startsWith(e.instancePath + '/'))) continue
      if (seen.has(key)) continue
      seen.add(key)
      out.push({severity: 'error', file, key, message: e.keyword === 'format' ? 'is not a valid multiaddress' : 'must be a multiaddress or a list of multiaddresses'})
      continue
    }
    if (e.keyword === 'anyOf' || seen.has(key)) continue
    let message: string
    let severity: Problem['severity'] = 'error'
    if (e.keyword === 'format') {
      message = formatMessage((e.params as {format: string}).format, path, dataAt(data, path))
      if (node?.['x-lenient']) {
        severity = 'warning'
        message += ' (the daemon ignores it and uses the default ' + JSON.stringify(node.default) + ')'
      }
    } else if (e.keyword === 'type') {
      message = `must be ${(e.params as {type: string | string[]}).type.toString().replace(',', ' or ')}`
    } else if (e.keyword === 'enum') {
      message = `must be one of ${(e.params as {allowedValues: unknown[]}).allowedValues.join(', ')}`
    } else if (e.keyword === 'required') {
      const missing = (e.params as {missingProperty: string}).missingProperty
      out.push({severity, file, key: [...path, missing].join('.'), message: 'is missing'})
      continue
    } else {
      message = e.message ?? e.keyword
    }
    seen.add(key)
    out.push({severity, file, key, message})
  }
  return out
}

function formatMessage(format: string, path: string[], value: unknown): string {
  switch (format) {
    case 'go-duration':
      return 'is not a Go duration (examples: 30s, 1m30s, 2h; no "d" unit)'
    case 'multiaddr':
    case 'multiaddr-or-empty':
      return 'is not a valid multiaddress'
    case 'peer-id':
    case 'peer-id-or-star':
      return 'is not a valid peer id'
    case 'cluster-secret':
      return secretProblem(String(value)) ?? 'is not a valid cluster secret'
    case 'uri':
      return 'is not an http(s) URL'
    default:
      return `is not a valid ${format} (${path.join('.')})`
  }
}

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v)

function durationNs(v: unknown): bigint | undefined {
  return typeof v === 'string' ? parseDuration(v) : undefined
}

export interface ValidateInput {
  service?: unknown
  serviceFile: string
  identity?: unknown
  identityFile?: string
  /** An ipfs-cluster-follow peer: its API comes from the follower itself, and it is always crdt. */
  follower?: boolean
}

export function validateConfig(input: ValidateInput): Problem[] {
  const problems: Problem[] = []
  const sf = input.serviceFile
  const err = (key: string, message: string, file = sf) => problems.push({severity: 'error', file, key, message})
  const warn = (key: string, message: string, file = sf) => problems.push({severity: 'warning', file, key, message})

  if (input.identity !== undefined && input.identityFile) {
    const idf = input.identityFile
    const v = validators.identity
    if (!isObj(input.identity)) err('', 'must be a JSON object', idf)
    else if (!v(input.identity)) problems.push(...ajvProblems(v.errors, idf, identitySchema as unknown as SchemaNode, input.identity))
    else for (const m of identityProblems(input.identity)) err(m.includes('private_key') ? 'private_key' : 'id', m, idf)
  }

  const svc = input.service
  if (svc === undefined) return problems
  if (!isObj(svc)) {
    err('', 'must be a JSON object')
    return problems
  }
  if (typeof svc.source === 'string' && svc.source !== '') {
    const v = validators.service
    if (!v({source: svc.source})) problems.push(...ajvProblems(v.errors, sf, schema, {source: svc.source}))
    const others = Object.keys(svc).filter((k) => k !== 'source')
    if (others.length > 0) warn(others[0], 'is ignored: with "source" set the daemon loads the whole configuration from that URL')
    return problems
  }

  // Null component sections mean "use defaults" to the daemon: check the rest structurally.
  const structural = structuredClone(svc)
  for (const cat of Object.values(structural)) if (isObj(cat)) for (const [k, v] of Object.entries(cat)) if (v === null) delete cat[k]
  const v = validators.service
  if (!v(structural)) problems.push(...ajvProblems(v.errors, sf, schema, structural))
  unknownKeys(svc, schema, [], problems, sf)

  const cluster = svc.cluster
  if (!isObj(cluster)) {
    err('cluster', 'section is missing: cluster section failed to validate: cluster.listen_multiaddress is undefined')
  } else {
    clusterRules(cluster, err, warn)
  }

  const section = (cat: string, name: string): Obj | undefined => {
    const c = svc[cat]
    return isObj(c) && isObj(c[name]) ? (c[name] as Obj) : undefined
  }

  // Consensus: exactly one of crdt/raft (PR #874).
  const crdt = section('consensus', 'crdt')
  const raft = section('consensus', 'raft')
  if (!!crdt === !!raft)
    err('consensus', `${crdt ? 'has both crdt and raft' : 'has neither crdt nor raft'}: the daemon fails with "could not determine the consensus component"`)
  if (crdt) {
    const stores = ['pebble', 'badger3', 'badger', 'leveldb'].filter((d) => section('datastore', d))
    if (stores.length !== 1)
      err('datastore', `${stores.length === 0 ? 'has no datastore section' : 'has several (' + stores.join(', ') + ')'}: crdt needs exactly one of pebble, badger3, badger, leveldb ("unknown datastore")`)
    crdtRules(crdt, err, warn)
  }
  if (raft) raftRules(raft, err)

  if (input.follower && raft) err('consensus', 'ipfs-cluster-follow runs crdt only; a follower config cannot use raft')
  for (const api of ['restapi', 'pinsvcapi'] as const) {
    const a = section('api', api)
    if (a) httpApiRules(a, `api.${api}`, err)
    else if (!input.follower) warn(`api.${api}`, 'is missing: the daemon will not start this API')
    // ipfs-cluster-follow too loads (and so checks) the api sections before it replaces them with its socket API.
    if (a) tlsRules(a, `api.${api}`, dirname(sf), err)
  }
  if (input.follower && isObj(svc.api)) warn('api', 'is ignored by ipfs-cluster-follow (its REST API is the unix socket <folder>/api-socket)')
  const proxy = section('api', 'ipfsproxy')
  if (proxy) proxyRules(proxy, err)
  const ipfshttp = section('ipfs_connector', 'ipfshttp')
  if (ipfshttp) {
    if (ipfshttp.node_multiaddress === undefined || ipfshttp.node_multiaddress === '')
      err('ipfs_connector.ipfshttp.node_multiaddress', 'is required when the ipfshttp section is present')
    nonNegativeDurations(ipfshttp, 'ipfs_connector.ipfshttp', err)
  }
  const stateless = section('pin_tracker', 'stateless')
  if (stateless)
    for (const k of ['max_pin_queue_size', 'concurrent_pins', 'priority_pin_max_retries'])
      if (typeof stateless[k] === 'number' && (stateless[k] as number) < 0) err(`pin_tracker.stateless.${k}`, 'must be greater than 0')
  const pubsubmon = section('monitor', 'pubsubmon')
  if (pubsubmon) {
    const ns = durationNs(pubsubmon.check_interval)
    if (ns === undefined || ns <= 0n) err('monitor.pubsubmon.check_interval', 'is missing or not positive: pubsubmon.check_interval too low')
  }
  const disk = section('informer', 'disk')
  if (disk) {
    positiveTtl(disk, 'informer.disk', err)
    if (disk.metric_type !== 'freespace' && disk.metric_type !== 'reposize') err('informer.disk.metric_type', 'must be freespace or reposize (disk.metric_type is invalid)')
  }
  const pinqueue = section('informer', 'pinqueue')
  if (pinqueue) positiveTtl(pinqueue, 'informer.pinqueue', err)
  const metrics = section('observations', 'metrics')
  if (metrics && metrics.prometheus_endpoint === undefined)
    err('observations.metrics.prometheus_endpoint', 'is missing (it must parse even when metrics are disabled)')
  const tracing = section('observations', 'tracing')
  if (tracing && tracing.jaeger_agent_endpoint === undefined)
    err('observations.tracing.jaeger_agent_endpoint', 'is missing (it must parse even when tracing is disabled)')
  const pebble = section('datastore', 'pebble')
  if (pebble && isObj(pebble.pebble_options)) pebbleRules(pebble.pebble_options, err)
  for (const d of ['pebble', 'badger3', 'badger', 'leveldb']) {
    const s = section('datastore', d)
    if (s && s.folder === '') err(`datastore.${d}.folder`, 'must not be empty')
  }
  const badger3 = section('datastore', 'badger3')
  if (badger3 && typeof badger3.gc_discard_ratio === 'number' && badger3.gc_discard_ratio !== 0 && !(badger3.gc_discard_ratio > 0 && badger3.gc_discard_ratio < 1))
    err('datastore.badger3.gc_discard_ratio', 'must be between 0 and 1')
  // With both consensus sections the error above says it all; "ignored with raft" would contradict it.
  if (raft && !crdt && isObj(svc.datastore) && Object.keys(svc.datastore).length > 0)
    warn('datastore', 'is ignored with raft consensus (raft keeps its state in <config>/raft)')
  return problems
}

type Report = (key: string, message: string) => void

function clusterRules(c: Obj, err: Report, warn: Report) {
  const lm = c.listen_multiaddress
  if (lm === undefined) err('cluster.listen_multiaddress', 'is undefined (the cluster section needs it)')
  else if (lm === '' || (Array.isArray(lm) && lm.length === 0)) err('cluster.listen_multiaddress', 'is empty')
  if (c.secret === undefined || c.secret === '') warn('cluster.secret', 'is empty: the cluster will start on an unprotected network (no private network)')
  const cm = c.connection_manager
  if (isObj(cm)) {
    const hw = cm.high_water
    const lw = cm.low_water
    if (!(typeof hw === 'number' && hw > 0)) err('cluster.connection_manager.high_water', 'must be greater than 0')
    if (!(typeof lw === 'number' && lw > 0)) err('cluster.connection_manager.low_water', 'must be greater than 0')
    if (typeof hw === 'number' && typeof lw === 'number' && lw > hw)
      err('cluster.connection_manager.low_water', 'is greater than high_water')
    const gp = durationNs(cm.grace_period)
    if (gp === 0n || cm.grace_period === undefined) err('cluster.connection_manager.grace_period', 'must not be 0')
  }
  const ps = c.pubsub
  if (isObj(ps)) {
    for (const k of ['seen_messages_ttl', 'heartbeat_interval']) {
      const ns = durationNs(ps[k])
      if (ns !== undefined && ns <= 0n) err(`cluster.pubsub.${k}`, 'must be greater than 0')
    }
    if (!(typeof ps.d_factor === 'number' && ps.d_factor >= 1)) err('cluster.pubsub.d_factor', 'must be at least 1')
    for (const k of ['history_gossip', 'history_length'])
      if (!(typeof ps[k] === 'number' && (ps[k] as number) > 0)) err(`cluster.pubsub.${k}`, 'must be greater than 0')
  }
  for (const k of ['dial_peer_timeout', 'state_sync_interval', 'pin_recover_interval', 'monitor_ping_interval', 'peer_watch_interval']) {
    const ns = durationNs(c[k])
    if (ns !== undefined && ns <= 0n) err(`cluster.${k}`, 'must be greater than 0')
  }
  // A literal 0 is read as the default (-1).
  const rf = (v: unknown) => (v === undefined || v === 0 ? -1 : v)
  const min = rf(c.replication_factor_min)
  const max = rf(c.replication_factor_max)
  if (typeof min === 'number' && typeof max === 'number') {
    if (min < -1) err('cluster.replication_factor_min', 'must be -1 or more')
    else if (max < -1) err('cluster.replication_factor_max', 'must be -1 or more')
    else if ((min === -1) !== (max === -1)) err('cluster.replication_factor_min', 'and replication_factor_max must both be -1 when one of them is')
    else if (min > max) err('cluster.replication_factor_min', 'is larger than replication_factor_max')
  }
  if (c.pin_only_on_trusted_peers === true && c.pin_only_on_untrusted_peers === true)
    err('cluster.pin_only_on_trusted_peers', 'and pin_only_on_untrusted_peers cannot both be true')
  for (const [k, d] of [['enable_relay_hop', true], ['disable_repinning', true]] as const)
    if (c[k] === undefined) warn(`cluster.${k}`, `is missing: the daemon reads it as false, not the default ${d}`)
  if (Array.isArray(c.peer_addresses))
    c.peer_addresses.forEach((a, i) => {
      if (typeof a === 'string' && parseMultiaddr(a).ok && !peerIdOfMultiaddr(a))
        warn(`cluster.peer_addresses.${i}`, 'has no /p2p/<peer id>: the daemon silently drops it')
    })
}

function crdtRules(c: Obj, err: Report, warn: Report) {
  for (const k of ['repair_interval', 'rebroadcast_interval']) {
    const ns = durationNs(c[k])
    if (ns !== undefined && ns < 0n) err(`consensus.crdt.${k}`, 'must not be negative (crdt.' + k + ' is invalid)')
  }
  if (c.trusted_peers === undefined) warn('consensus.crdt.trusted_peers', 'is missing: this peer trusts nobody but itself')
  const b = c.batching
  if (isObj(b) && typeof b.max_queue_size === 'number' && b.max_queue_size <= 0 && b.max_queue_size !== 0)
    err('consensus.crdt.batching.max_queue_size', 'must be greater than 0')
}

function raftRules(r: Obj, err: Report) {
  if (typeof r.commit_retries === 'number' && r.commit_retries < 0) err('consensus.raft.commit_retries', 'must be 0 or more')
  if (typeof r.backups_rotate === 'number' && r.backups_rotate < 0) err('consensus.raft.backups_rotate', 'must be greater than 0')
  // hashicorp/raft ValidateConfig, on the effective values (zero or invalid means the default).
  const MS = 1_000_000n
  const ns = (k: string, d: bigint) => {
    const v = durationNs(r[k])
    return v === undefined || v === 0n ? d : v
  }
  const heartbeat = ns('heartbeat_timeout', 1000n * MS)
  const election = ns('election_timeout', 1000n * MS)
  const lease = ns('leader_lease_timeout', 500n * MS)
  const p = 'consensus.raft'
  if (heartbeat < 5n * MS) err(`${p}.heartbeat_timeout`, 'is too low (at least 5ms)')
  if (election < 5n * MS) err(`${p}.election_timeout`, 'is too low (at least 5ms)')
  if (ns('commit_timeout', 50n * MS) < MS) err(`${p}.commit_timeout`, 'is too low (at least 1ms)')
  if (ns('snapshot_interval', 120_000n * MS) < 5n * MS) err(`${p}.snapshot_interval`, 'is too low (at least 5ms)')
  if (lease < 5n * MS) err(`${p}.leader_lease_timeout`, 'is too low (at least 5ms)')
  if (lease > heartbeat) err(`${p}.leader_lease_timeout`, 'cannot be larger than heartbeat_timeout')
  if (election < heartbeat) err(`${p}.election_timeout`, 'must be equal or greater than heartbeat_timeout')
  const mae = r.max_append_entries
  if (typeof mae === 'number' && mae > 1024) err(`${p}.max_append_entries`, 'is too large (at most 1024)')
}

function nonNegativeDurations(s: Obj, prefix: string, err: Report) {
  for (const [k, v] of Object.entries(s)) {
    const ns = durationNs(v)
    if (ns !== undefined && ns < 0n) err(`${prefix}.${k}`, 'must not be negative')
  }
}

function positiveTtl(s: Obj, prefix: string, err: Report) {
  const ns = durationNs(s.metric_ttl)
  if (ns === undefined || ns <= 0n) err(`${prefix}.metric_ttl`, 'is missing or not positive')
}

function httpApiRules(a: Obj, prefix: string, err: Report) {
  const creds = a.basic_auth_credentials
  if (isObj(creds) && Object.keys(creds).length === 0)
    err(`${prefix}.basic_auth_credentials`, 'must be null or have at least one entry')
  maxHeaderBytes(a, prefix, err)
  nonNegativeDurations(a, prefix, err)
  const trio = ['libp2p_listen_multiaddress', 'id', 'private_key'].map((k) => a[k] !== undefined && a[k] !== '' && !(Array.isArray(a[k]) && (a[k] as unknown[]).length === 0))
  if (trio.some(Boolean) && !trio.every(Boolean))
    err(`${prefix}.libp2p_listen_multiaddress`, 'id, private_key and libp2p_listen_multiaddress must all be set, or none')
  if (trio.every(Boolean) && typeof a.id === 'string' && typeof a.private_key === 'string') {
    try {
      if (keyInfo(a.private_key).id !== a.id) err(`${prefix}.id`, 'does not match private_key')
    } catch (error) {
      err(`${prefix}.private_key`, (error as Error).message)
    }
  }
}

/**
 * ssl_cert_file / ssl_key_file: as soon as either is set the daemon loads both as a key pair (paths relative to
 * the config folder) and refuses to start when that fails (Go's tls.LoadX509KeyPair).
 */
function tlsRules(a: Obj, prefix: string, configDir: string, err: Report) {
  const files = apiTlsFiles(a, configDir)
  if (!files) return
  const problem = (k: 'ssl_cert_file' | 'ssl_key_file', message: string) => err(`${prefix}.${k}`, `error loading TLS certificate/key: ${message}`)
  if (files.cert === '') return problem('ssl_cert_file', 'is empty but ssl_key_file is set')
  if (files.key === '') return problem('ssl_key_file', 'is empty but ssl_cert_file is set')
  const read = (k: 'ssl_cert_file' | 'ssl_key_file', path: string) => {
    try {
      return readFileSync(path, 'utf8')
    } catch (error) {
      problem(k, `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
      return undefined
    }
  }
  const certPem = read('ssl_cert_file', files.cert)
  const keyPem = read('ssl_key_file', files.key)
  if (certPem === undefined || keyPem === undefined) return
  let x509: X509Certificate
  try {
    x509 = new X509Certificate(certPem)
  } catch {
    return problem('ssl_cert_file', 'no PEM certificate in the file')
  }
  let privateKey
  try {
    privateKey = createPrivateKey(keyPem)
  } catch {
    return problem('ssl_key_file', 'no PEM private key in the file')
  }
  if (!x509.checkPrivateKey(privateKey)) problem('ssl_key_file', 'private key does not match the certificate')
}

function proxyRules(p: Obj, err: Report) {
  maxHeaderBytes(p, 'api.ipfsproxy', err)
  nonNegativeDurations(p, 'api.ipfsproxy', err)
}

function maxHeaderBytes(s: Obj, prefix: string, err: Report) {
  const v = s.max_header_bytes
  if (typeof v === 'number' && v !== 0 && v < 4096) err(`${prefix}.max_header_bytes`, 'must be 0 (default) or at least 4096')
}

function pebbleRules(o: Obj, err: Report) {
  const p = 'datastore.pebble.pebble_options'
  const n = (k: string) => (typeof o[k] === 'number' ? (o[k] as number) : undefined)
  const c0 = n('l0_compaction_threshold')
  const s0 = n('l0_stop_writes_threshold')
  if (c0 !== undefined && s0 !== undefined && c0 > s0) err(`${p}.l0_compaction_threshold`, 'must not exceed l0_stop_writes_threshold')
  const mts = n('mem_table_size')
  if (mts !== undefined && mts >= 4 * 1024 ** 3) err(`${p}.mem_table_size`, 'must be less than 4 GiB')
  const mtsw = n('mem_table_stop_writes_threshold')
  if (mtsw !== undefined && mtsw !== 0 && mtsw < 2) err(`${p}.mem_table_stop_writes_threshold`, 'must be at least 2')
}

function unknownKeys(value: unknown, node: SchemaNode, path: string[], out: Problem[], file: string) {
  if (!isObj(value) || !node.properties) return
  for (const [k, v] of Object.entries(value)) {
    const child = childOf(node, k)
    if (!child) {
      const key = [...path, k].join('.')
      const near = nearestKey(key, allKeys(schema).map((x) => x.path.join('.')))
      out.push({severity: 'warning', file, key, message: `is not a key the daemon knows; it is ignored${near ? ` (did you mean ${near}?)` : ''}`})
      continue
    }
    unknownKeys(v, child, [...path, k], out, file)
  }
}

/** What `file` says for a problem of the environment rather than of a file. */
export const ENVIRONMENT = 'environment'

/** The CLUSTER_* variables of `env` the daemon ignores or reads as empty, as warnings. */
export function envProblems(env: NodeJS.ProcessEnv): Problem[] {
  return clusterEnvWarnings(env).map((w) => ({severity: 'warning', file: ENVIRONMENT, key: w.variable, message: w.message}))
}

export function formatProblem(p: Problem): string {
  return `${p.file}: ${p.key ? p.key + ' ' : ''}${p.message}`
}
