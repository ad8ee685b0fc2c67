// The command line that does what an operation call does, so the dashboard can teach the CLI: the
// operation's `command` words, then its arguments mapped to that command's arguments and flags. A
// secret never appears in it: a secret value is read from stdin (`-`) instead.
import {ENV_CLUSTER_CREDENTIALS} from '../core/env-names.js'
import {isSecretPath} from '../core/redact.js'
import {serviceRoot} from '../core/config-read.js'
import {OPERATIONS, flattenUpdates} from './operations.js'

type Obj = Record<string, unknown>

const BIN = 'ipfs-cluster-config'

/** POSIX shell quoting: plain words stay as they are, anything else in single quotes. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_/.:=@%+,-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`
}

const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v))

/** config_updates → KEY VALUE words; a secret key's value comes from stdin. */
function keyValues(updates: unknown): {words: string[]; stdin: boolean} {
  const words: string[] = []
  let stdin = false
  for (const [key, value] of flattenUpdates((updates ?? {}) as Obj)) {
    const secret = isSecretPath(serviceRoot, key.split('.'))
    words.push(key, secret ? '-' : text(value))
    stdin ||= secret
  }
  return {words, stdin}
}

/** Flags of a call: an argument name → its flag, for the arguments that are given. */
function flags(a: Obj, map: Record<string, string>): string[] {
  const out: string[] = []
  for (const [arg, flag] of Object.entries(map)) {
    const v = a[arg]
    if (v === undefined || v === false) continue
    if (v === true) out.push(flag)
    else if (Array.isArray(v)) for (const x of v) out.push(flag, text(x))
    else out.push(flag, text(v))
  }
  return out
}

const TLS = {ca_cert: '--cacert', no_check_certificate: '--no-check-certificate'}

function apiFlag(host: unknown, port: unknown): string[] {
  if (typeof host !== 'string') return []
  const url = /^https?:\/\//.test(host) ? host : `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port ?? 9094}`
  return ['--api', url]
}

/** Per operation: the words after its command's, whether stdin carries a secret, and the env vars it needs. */
const BUILDERS: Record<string, (a: Obj) => {words: string[]; stdin?: boolean; env?: string[]}> = {
  cluster_service_config_create: (a) => ({
    words: [
      ...flags(a, {cluster_path: '--path', consensus: '--consensus', datastore: '--datastore', peername: '--peername', peers: '--peers', replication_min: '--replication-min', replication_max: '--replication-max', random_ports: '--random-ports', key_type: '--key-type', overwrite: '--force', new_identity: '--new-identity', new_secret: '--new-secret', exist_ok: '--exist-ok', dry_run: '--dry-run', show_secrets: '--show-secrets'}),
      ...flattenUpdates((a.set ?? {}) as Obj).flatMap(([k, v]) => ['--set', `${k}=${text(v)}`]),
      ...(a.custom_settings === undefined ? [] : ['--custom', JSON.stringify(a.custom_settings)]),
      ...(a.secret === undefined ? [] : ['--secret', '-']),
    ],
    stdin: a.secret !== undefined,
  }),
  cluster_service_config_get: (a) => ({words: [...(a.key === undefined ? [] : [text(a.key)]), ...flags(a, {cluster_path: '--path', show_secrets: '--show-secrets'})]}),
  cluster_service_config_set: (a) => {
    const kv = keyValues(a.config_updates)
    return {words: [...kv.words, ...flags(a, {cluster_path: '--path', dry_run: '--dry-run', show_secrets: '--show-secrets'})], stdin: kv.stdin}
  },
  cluster_service_status_via_api: (a) => ({words: [...flags(a, {cluster_path: '--path', wait: '--wait', timeout: '--timeout', ...TLS})], env: a.auth ? [ENV_CLUSTER_CREDENTIALS] : []}),
  cluster_follow_config_create: (a) => ({
    words: [
      text(a.cluster_name),
      ...flags(a, {cluster_path: '--path', source: '--source', gateway: '--gateway', bootstrap_peer: '--leader', leaders: '--leader', trusted_peers: '--trusted-peer', crdt_cluster_name: '--cluster-name', peername: '--peername', key_type: '--key-type', overwrite: '--force', new_identity: '--new-identity', dry_run: '--dry-run', show_secrets: '--show-secrets'}),
      ...[...flattenUpdates((a.set ?? {}) as Obj), ...flattenUpdates((a.custom_settings ?? {}) as Obj)].flatMap(([k, v]) => ['--set', `${k}=${text(v)}`]),
      ...(a.secret === undefined ? [] : ['--secret', '-']),
    ],
    stdin: a.secret !== undefined,
  }),
  cluster_follow_config_get: (a) => ({words: [text(a.cluster_name), ...(a.key === undefined ? [] : [text(a.key)]), ...flags(a, {cluster_path: '--path', resolve: '--resolve', show_secrets: '--show-secrets'})]}),
  cluster_follow_config_set: (a) => {
    const kv = keyValues(a.config_updates)
    return {words: [text(a.cluster_name), ...kv.words, ...flags(a, {cluster_path: '--path', dry_run: '--dry-run', show_secrets: '--show-secrets'})], stdin: kv.stdin}
  },
  cluster_follow_status_via_api: (a) => ({words: ['--follow', text(a.cluster_name), ...flags(a, {cluster_path: '--path', wait: '--wait', timeout: '--timeout'})], env: a.auth ? [ENV_CLUSTER_CREDENTIALS] : []}),
  connect_to_networked_cluster: (a) => ({
    words: [...(a.leader === undefined ? [] : [text(a.leader)]), ...apiFlag(a.remote_host, a.remote_port), ...flags(a, {cluster_path: '--path', no_trust: '--no-trust', dry_run: '--dry-run', start: '--start', timeout: '--timeout', ...TLS})],
    env: a.auth ? [ENV_CLUSTER_CREDENTIALS] : [],
  }),
  connect_follow_to_leader: (a) => ({
    words: [...(a.leader === undefined ? [] : [text(a.leader)]), '--follow', text(a.cluster_name), ...apiFlag(a.leader_host, a.leader_port), ...flags(a, {cluster_path: '--path', no_trust: '--no-trust', dry_run: '--dry-run', start: '--start', timeout: '--timeout', ...TLS})],
    env: a.auth ? [ENV_CLUSTER_CREDENTIALS] : [],
  }),
  cluster_create: (a) => ({
    words: [
      ...flags(a, {out: '--out', peers: '--peers', name_prefix: '--name-prefix', consensus: '--consensus', datastore: '--datastore', key_type: '--key-type', host_template: '--host-template', base_port: '--base-port', targets: '--target', namespace: '--namespace', image: '--image', kubo_image: '--kubo-image', storage: '--storage', overwrite: '--force', dry_run: '--dry-run'}),
      ...(Array.isArray(a.hosts) ? ['--hosts', a.hosts.join(',')] : []),
      ...flattenUpdates((a.set ?? {}) as Obj).flatMap(([k, v]) => ['--set', `${k}=${text(v)}`]),
      ...(a.custom_settings === undefined ? [] : ['--custom', JSON.stringify(a.custom_settings)]),
      ...(a.secret === undefined ? [] : ['--secret', '-']),
    ],
    stdin: a.secret !== undefined,
  }),
  cluster_add_peers: (a) => ({words: [...flags(a, {out: '--out', peers: '--peers', key_type: '--key-type', dry_run: '--dry-run'}), ...(Array.isArray(a.hosts) ? ['--hosts', a.hosts.join(',')] : [])]}),
  cluster_remove_peer: (a) => ({words: [text(a.name), ...flags(a, {out: '--out', dry_run: '--dry-run'})]}),
  cluster_check: (a) => ({
    words: [...flags(a, {bundle: '--out', paths: '--path', follow_path: '--follow-path', follow: '--follow', api: '--api', offline: '--offline', strict: '--strict', timeout: '--timeout', ...TLS})],
    env: a.auth ? [ENV_CLUSTER_CREDENTIALS] : [],
  }),
}

/** The command's words (after the binary) equivalent to calling `name` with `args`, or undefined for an unknown one. */
export function equivalentWords(name: string, args: Obj): {words: string[]; stdin?: boolean; env?: string[]} | undefined {
  const op = OPERATIONS.find((o) => o.name === name)
  const build = BUILDERS[name]
  if (!op || !build) return undefined
  const built = build(args)
  return {...built, words: [...op.command.split(' '), ...built.words]}
}

/** The shell command equivalent to calling `name` with `args`, or undefined for an unknown one. */
export function equivalentCommand(name: string, args: Obj): {command: string; note: string | null} | undefined {
  const built = equivalentWords(name, args)
  if (!built) return undefined
  const {words, stdin, env} = built
  const prefix = (env ?? []).map((e) => `${e}=user:password `).join('')
  const notes = [...(stdin ? ['the secret is read from stdin ("-"), so it never sits in your shell history'] : []), ...(env?.length ? [`${env.join(', ')} carries the basic-auth credentials`] : [])]
  return {command: prefix + [BIN, ...words].map(shellQuote).join(' '), note: notes.length ? notes.join('; ') : null}
}
