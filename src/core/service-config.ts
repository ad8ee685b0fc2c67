// The service peer's configuration: create, get, set, validate. Commands and the MCP server call
// these functions and print their results, so CLI `--json` output and tool results cannot drift.
import {createHash} from 'node:crypto'
import {dirname} from 'node:path'
import {isDeepStrictEqual} from 'node:util'

import {defaultServiceConfig} from './defaults.js'
import {ENV_CLUSTER_ID, ENV_CLUSTER_PRIVATEKEY, ENV_CLUSTER_SECRET, type EnvApplied, applyServiceEnv} from './env.js'
import {ExitCode, UserError} from './errors.js'
import {exists, folderModeWarning, readJsonFile, withFolderLock, writeFilesAtomic} from './files.js'
import {marshalIndent} from './gojson.js'
import {type KeyType, createIdentity, identityProblems} from './identity.js'
import {getAt, resolveKey, setAt} from './keys.js'
import {peerIdOfMultiaddr, peerMultiaddrOf} from './multiaddr.js'
import {serviceFiles} from './paths.js'
import {readService, serviceRoot} from './config-read.js'
import {type EnvChange, applyDaemonEnv} from './daemon-env.js'
export {type GetResult, getFromConfig, getServiceConfig, readService, serviceRoot} from './config-read.js'
import {fetchSource} from './source.js'
import {randomizePorts} from './ports.js'
import {type RunningDaemon, runningDaemon} from './running.js'
import {isSecretPath, redact, redactAt, secretValues} from './redact.js'
import {identitySchema, type IdentityJson} from './schema/identity.js'
import type {Consensus, Datastore} from './schema/service.js'
import {kindOf, type SchemaNode} from './schema/walk.js'
import {type Problem, envProblems, formatProblem, validateConfig} from './validate.js'
import {ValueError, normalizeValue, parseCliValue} from './values.js'
import {checkInputTree} from './input-tree.js'

const identityRoot = identitySchema as unknown as SchemaNode
type Obj = Record<string, unknown>

export function serializeService(config: unknown): string {
  return marshalIndent(config, serviceRoot, '  ')
}
export function serializeIdentity(identity: IdentityJson): string {
  return marshalIndent(identity, identityRoot, '    ')
}

/** Throws exit 4 when any problem is an error; the message names the first, the rest follow. */
export function failOnErrors(problems: Problem[], what: string): void {
  const errors = problems.filter((p) => p.severity === 'error')
  if (errors.length === 0) return
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : ''
  throw new UserError(`${what}: ${formatProblem(errors[0])}${more}`, ExitCode.invalid, {details: errors})
}

/** A value that does not parse (ValueError) becomes exit 4 naming the key or variable (and, given the key, a problem of it in details). */
export function mapValueError<T>(fn: () => T, at?: {file: string; key: string}): T {
  try {
    return fn()
  } catch (error) {
    if (error instanceof ValueError)
      throw new UserError(error.message, ExitCode.invalid, at ? {details: [{severity: 'error', file: at.file, key: at.key, message: error.message.replace(`${at.key} `, '')}]} : {})
    throw error
  }
}

/**
 * A `set` pair (or --set KEY=VALUE) → the key's path and its typed, normalised value. The one
 * place values from the command line are parsed: an error never quotes the value of a secret key.
 */
/** The one deep merge (--custom, custom_settings): objects merge, everything else replaces; prototype keys are refused. */
export function deepMerge(target: Obj, patch: Obj, what = '--custom'): Obj {
  checkInputTree(patch, what, ExitCode.usage)
  for (const [k, v] of Object.entries(patch)) {
    const t = target[k]
    if (v && typeof v === 'object' && !Array.isArray(v) && t && typeof t === 'object' && !Array.isArray(t)) deepMerge(t as Obj, v as Obj)
    else target[k] = structuredClone(v)
  }
  return target
}

/** KEY and its text typed by the key's schema (the nearest key suggested from those `config` holds). */
export function typedValue(config: Obj, key: string, text: string, root: SchemaNode, file: string): {path: string[]; node: SchemaNode; value: unknown} {
  const {path, node} = resolveKey(root, key, file, config)
  // A secret key's text is never quoted back in an error.
  const secret = isSecretPath(root, path)
  return {path, node, value: mapValueError(() => normalizeValue(parseCliValue(text, node, key, secret), node), {file, key: path.join('.')})}
}

/** Normalises every known value (durations, addresses) the way the daemon writes them back. */
function normalizeConfig(config: Obj): Obj {
  return normalizeValue(config, serviceRoot) as Obj
}


// ---------------------------------------------------------------------------------------------
// create

export interface CreateServiceOptions {
  path: string
  consensus: Consensus
  /** crdt only [default: pebble]; with raft it is a usage error (raft keeps its own state). */
  datastore?: Datastore
  secret?: string
  /** With force: replace the existing cluster secret by a new random one (it is kept otherwise). */
  newSecret?: boolean
  peername?: string
  peers?: string[]
  replicationMin?: number
  replicationMax?: number
  randomPorts?: boolean
  /** KEY=VALUE settings, typed by the schema. */
  set?: [string, string][]
  /** Deep-merged into the generated config (the earlier tool's custom_settings). */
  custom?: Obj
  keyType?: KeyType
  force?: boolean
  newIdentity?: boolean
  existOk?: boolean
  dryRun?: boolean
  showSecrets?: boolean
  env: NodeJS.ProcessEnv
}

export interface CreateServiceResult {
  status: 'created' | 'overwritten' | 'unchanged' | 'dry-run'
  path: string
  files: {service: string; identity: string; peerstore: string}
  peerId: string
  peername: string
  consensus: Consensus
  datastore: Datastore | null
  identity: 'generated' | 'kept' | 'from-env'
  /** Where cluster.secret came from: a new random one, the existing service.json (create --force), a flag, or CLUSTER_SECRET. */
  secret: 'generated' | 'kept' | 'given' | 'from-env'
  keyType: string
  /** CLUSTER_* variables whose values were written into service.json (not those a flag overrode). */
  persistedFromEnv: string[]
  warnings: Problem[]
  /** The configuration written (or that would be written), secrets redacted unless asked. */
  config: unknown
}

export type BuildServiceOptions = Pick<
  CreateServiceOptions,
  'consensus' | 'datastore' | 'secret' | 'peername' | 'replicationMin' | 'replicationMax' | 'randomPorts' | 'set' | 'custom' | 'env'
> & {
  /** Parsed full /p2p/ multiaddresses: their ids become trusted_peers (crdt) or init_peerset (raft). */
  peers?: string[]
  /** The secret to start from instead of a new random one (create --force keeps the existing one). */
  baseSecret?: string
}

/**
 * The configuration `create` writes, in memory and not yet validated: defaults, then CLUSTER_*
 * variables, then flags, then --set, then --custom (later wins), normalised as the daemon writes it.
 * `service config create` and `cluster create` both build their peers here.
 */
export async function buildServiceConfig(o: BuildServiceOptions): Promise<{config: Obj; fromEnv: EnvApplied[]}> {
  const config = defaultServiceConfig({consensus: o.consensus, datastore: o.datastore ?? 'pebble', secret: o.baseSecret})
  if (o.randomPorts) await randomizeConfigPorts(config)
  const fromEnv = mapValueError(() => applyServiceEnv(config, o.env))
  const cluster = config.cluster as Obj
  if (o.secret !== undefined) cluster.secret = o.secret
  if (o.peername !== undefined) cluster.peername = o.peername
  if (o.replicationMin !== undefined) cluster.replication_factor_min = o.replicationMin
  if (o.replicationMax !== undefined) cluster.replication_factor_max = o.replicationMax
  if (o.peers && o.peers.length > 0) setPeerset(config, o.consensus, o.peers.map((p) => peerIdOfMultiaddr(p)!))
  for (const [key, text] of o.set ?? []) {
    const {path, value} = typedValue(config, key, text, serviceRoot, 'service.json')
    setAt(config, path, value)
  }
  if (o.custom) deepMerge(config, o.custom)
  return {config: normalizeConfig(config), fromEnv}
}

/** The peers a config starts with: crdt trusted_peers, or raft init_peerset. */
export function setPeerset(config: Obj, consensus: Consensus, ids: string[]): void {
  const section = config.consensus as Obj
  if (consensus === 'crdt') (section.crdt as Obj).trusted_peers = [...ids]
  else (section.raft as Obj).init_peerset = [...ids]
}

const bothError = (a: string, b: string, why: string) => new UserError(`${a} and ${b} cannot be used together: ${why}`, ExitCode.usage)

/** A datastore only with crdt (`service config create` and `cluster create`): raft keeps its own state. */
export function checkConsensusDatastore(consensus: Consensus, datastore: Datastore | undefined): void {
  if (consensus === 'raft' && datastore !== undefined) throw bothError('--consensus raft', '--datastore', 'raft keeps its own state; a datastore is for crdt')
}

/** Options that contradict each other: a usage error naming both, before anything is read or written. */
function checkCreateConflicts(o: CreateServiceOptions): void {
  if (o.existOk && o.force) throw bothError('--exist-ok', '--force', '--exist-ok keeps a valid configuration, --force rewrites it')
  checkConsensusDatastore(o.consensus, o.datastore)
  if (o.newSecret && o.secret !== undefined) throw bothError('--new-secret', '--secret', '--new-secret makes a random one')
}

export async function createServiceConfig(o: CreateServiceOptions): Promise<CreateServiceResult> {
  checkCreateConflicts(o)
  const files = serviceFiles(o.path)
  const datastore = o.datastore ?? 'pebble'
  const run = async (): Promise<CreateServiceResult> => {
    const serviceExists = await exists(files.service)
    if (serviceExists && o.existOk && !o.force) return unchanged(o, files)
    if (serviceExists && !o.force)
      throw new UserError(`${files.service} already exists`, ExitCode.exists, {
        nextSteps: ['pass --force to rewrite service.json (the identity is kept)', 'or --exist-ok to accept a valid existing configuration'],
      })

    // Written as the daemon prints them (/ipfs/ becomes /p2p/).
    const peers = (o.peers ?? []).map((p) => peerMultiaddrOf(p, '--peers').value)

    // --force rewrites the peer, not its membership: the existing secret stays unless a new one is asked for.
    const keptSecret = serviceExists && o.secret === undefined && !o.newSecret && o.env[ENV_CLUSTER_SECRET] === undefined ? await existingSecret(files.service) : undefined
    const {config: finalConfig, fromEnv} = await buildServiceConfig({...o, datastore, peers, baseSecret: keptSecret})
    const byFlag = flagKeys(o)
    const persistedFromEnv = fromEnv.filter((a) => !byFlag.has(a.key)).map((a) => a.variable)

    // Identity: an existing one is kept unless --new-identity; CLUSTER_ID/CLUSTER_PRIVATEKEY apply
    // only when a new one is made (as upstream init).
    let identity: IdentityJson
    let identitySource: CreateServiceResult['identity']
    const identityExists = await exists(files.identity)
    if (identityExists && !o.newIdentity) {
      const {value} = await readJsonFile(files.identity)
      identity = value as IdentityJson
      identitySource = 'kept'
      failOnErrors(
        validateConfig({serviceFile: files.service, identityFile: files.identity, identity}),
        `the existing ${files.identity} is invalid (pass --new-identity to replace it)`,
      )
    } else if (o.env[ENV_CLUSTER_ID] !== undefined || o.env[ENV_CLUSTER_PRIVATEKEY] !== undefined) {
      identity = {id: o.env[ENV_CLUSTER_ID] ?? '', private_key: o.env[ENV_CLUSTER_PRIVATEKEY] ?? ''}
      identitySource = 'from-env'
      const problems = identityProblems(identity)
      if (problems.length > 0)
        throw new UserError(`${ENV_CLUSTER_ID}/${ENV_CLUSTER_PRIVATEKEY}: ${problems[0]} (set both, to a matching pair)`, ExitCode.invalid)
    } else {
      identity = await createIdentity(o.keyType ?? 'ed25519')
      identitySource = 'generated'
    }

    const problems = validateConfig({service: finalConfig, serviceFile: files.service})
    // Name the variable behind a bad value, unless a flag replaced it.
    for (const p of problems) {
      const variable = fromEnv.find((a) => a.key === p.key)?.variable
      if (variable && !byFlag.has(p.key)) p.message += ` (from ${variable})`
    }
    failOnErrors(problems, 'nothing written')

    const modeWarning = await folderModeWarning(o.path)
    if (modeWarning) problems.push(modeWarning)
    const peerstore = peers.map((p) => p + '\n').join('')
    const status: CreateServiceResult['status'] = o.dryRun ? 'dry-run' : serviceExists ? 'overwritten' : 'created'
    if (!o.dryRun) {
      const writes = [
        {path: files.service, content: serializeService(finalConfig)},
        {path: files.peerstore, content: peerstore},
      ]
      if (identitySource !== 'kept') writes.push({path: files.identity, content: serializeIdentity(identity)})
      await writeFilesAtomic(writes)
    }
    // What is (or would be) in the file: the written form, not the internal one.
    const written = JSON.parse(serializeService(finalConfig))
    const shown = o.showSecrets ? written : redact(written, serviceRoot).value
    return {
      status,
      path: o.path,
      files,
      peerId: identity.id,
      peername: String((finalConfig.cluster as Obj).peername),
      consensus: o.consensus,
      datastore: o.consensus === 'crdt' ? datastore : null,
      identity: identitySource,
      secret: byFlag.has('cluster.secret') ? 'given' : persistedFromEnv.includes(ENV_CLUSTER_SECRET) ? 'from-env' : keptSecret !== undefined ? 'kept' : 'generated',
      keyType: identity.private_key.startsWith('CAASqAkw') || identity.private_key.startsWith('CAAS') ? 'rsa' : 'ed25519',
      persistedFromEnv,
      warnings: problems.filter((p) => p.severity === 'warning'),
      config: shown,
    }
  }
  return o.dryRun ? run() : withFolderLock(o.path, run)
}

/** The secret of the service.json that create --force replaces; a file it cannot be read from stops the rewrite. */
async function existingSecret(file: string): Promise<string> {
  let value: unknown
  try {
    value = (await readJsonFile(file)).value
  } catch (error) {
    if (error instanceof UserError) throw new UserError(`cannot keep the cluster secret of ${file}: ${error.message}`, ExitCode.invalid, {nextSteps: ['pass --secret (the cluster\'s) or --new-secret']})
    throw error
  }
  const secret = ((value as Obj | null)?.cluster as Obj | undefined)?.secret
  if (typeof secret !== 'string') throw new UserError(`cannot keep the cluster secret of ${file}: it has no cluster.secret`, ExitCode.invalid, {nextSteps: ['pass --secret (the cluster\'s) or --new-secret']})
  return secret
}

/** Keys a create flag sets (those win over env vars). */
function flagKeys(o: CreateServiceOptions): Set<string> {
  const keys = new Set((o.set ?? []).map(([k]) => k))
  if (o.secret !== undefined) keys.add('cluster.secret')
  if (o.peername !== undefined) keys.add('cluster.peername')
  if (o.replicationMin !== undefined) keys.add('cluster.replication_factor_min')
  if (o.replicationMax !== undefined) keys.add('cluster.replication_factor_max')
  return keys
}

async function unchanged(o: CreateServiceOptions, files: ReturnType<typeof serviceFiles>): Promise<CreateServiceResult> {
  const service = (await readJsonFile(files.service)).value
  const identity = (await exists(files.identity)) ? ((await readJsonFile(files.identity)).value as IdentityJson) : undefined
  const problems = validateConfig({service, serviceFile: files.service, identity, identityFile: files.identity})
  if (!identity) problems.push({severity: 'error', file: files.identity, key: '', message: 'is missing'})
  failOnErrors(problems, `${files.service} exists but is not valid (--exist-ok accepts only a valid configuration)`)
  const svc = service as Obj
  // The daemon applies CLUSTER_SECRET over the file's secret: a different one would make this peer another cluster's.
  const fileSecret = String((svc.cluster as Obj)?.secret ?? '').toLowerCase()
  const envSecret = o.env[ENV_CLUSTER_SECRET]
  if (envSecret !== undefined && envSecret.trim().toLowerCase() !== fileSecret)
    problems.push({severity: 'warning', file: files.service, key: 'cluster.secret', message: `differs from ${ENV_CLUSTER_SECRET} in the environment, and the daemon will use the variable`})
  if (o.secret !== undefined && o.secret.trim().toLowerCase() !== fileSecret)
    problems.push({severity: 'warning', file: files.service, key: 'cluster.secret', message: 'differs from --secret, which --exist-ok does not apply (the existing configuration is kept)'})
  const consensus = (Object.keys((svc.consensus as Obj) ?? {})[0] ?? 'crdt') as Consensus
  return {
    status: 'unchanged',
    path: o.path,
    files,
    peerId: identity!.id,
    peername: String((svc.cluster as Obj)?.peername ?? ''),
    consensus,
    datastore: consensus === 'crdt' ? ((Object.keys((svc.datastore as Obj) ?? {})[0] ?? null) as Datastore | null) : null,
    identity: 'kept',
    secret: 'kept',
    keyType: identity!.private_key.startsWith('CAAS') ? 'rsa' : 'ed25519',
    persistedFromEnv: [],
    warnings: problems.filter((p) => p.severity === 'warning'),
    config: o.showSecrets ? service : redact(service, serviceRoot).value,
  }
}

async function randomizeConfigPorts(config: Obj): Promise<void> {
  const taken = new Set<string>()
  const randomize = async (section: Obj | undefined, key: string) => {
    if (!section) return
    const v = section[key]
    const list = typeof v === 'string' ? [v] : Array.isArray(v) ? (v as string[]) : []
    const out: string[] = []
    for (const a of list) out.push(await randomizePorts(a, taken))
    section[key] = typeof v === 'string' ? out[0] : out
  }
  const api = config.api as Obj
  await randomize(config.cluster as Obj, 'listen_multiaddress')
  await randomize(api.restapi as Obj, 'http_listen_multiaddress')
  await randomize(api.ipfsproxy as Obj, 'listen_multiaddress')
  await randomize(api.pinsvcapi as Obj, 'http_listen_multiaddress')
}

// ---------------------------------------------------------------------------------------------
// set

export interface SetChange {
  key: string
  before: unknown
  after: unknown
  /** false when the key already held this value (told apart even when both sides are redacted). */
  changed: boolean
  /** set --add / --remove: the elements that were a no-op (already in the list / not in it). */
  noop?: unknown[]
}

/** How a `set` pair changes its key: the value replaces it, or (list keys) one element is added or removed. */
export type SetMode = 'set' | 'add' | 'remove'

const LIST_KINDS = new Set(['multiaddrs', 'string-list', 'number-list'])

/**
 * --add / --remove: the list with the elements added (at the end) or taken out. An element already
 * there (add) or not there (remove) is a no-op, reported as such. An absent key starts from its default.
 */
function editList(current: unknown, elements: unknown, node: SchemaNode, key: string, mode: 'add' | 'remove'): {after: unknown; noop: unknown[] | undefined} {
  if (!LIST_KINDS.has(kindOf(node)))
    throw new UserError(`${key} is not a list: --${mode} changes one element of a list key (such as consensus.crdt.trusted_peers); set KEY VALUE replaces a value`, ExitCode.usage)
  const start = current ?? node.default ?? []
  const list = normalizeValue(Array.isArray(start) ? [...start] : [start], node) as unknown[]
  const noop: unknown[] = []
  for (const element of Array.isArray(elements) ? elements : [elements]) {
    const at = list.findIndex((e) => isDeepStrictEqual(e, element))
    if (mode === 'add' ? at !== -1 : at === -1) noop.push(element)
    else if (mode === 'add') list.push(element)
    else list.splice(at, 1)
  }
  const after = normalizeValue(list, node) as unknown[]
  // An element the normal form drops (a peer added to a "*" trust list) changed nothing either.
  if (mode === 'add') for (const e of Array.isArray(elements) ? elements : [elements]) if (!noop.includes(e) && !after.some((a) => isDeepStrictEqual(a, e))) noop.push(e)
  return {after, noop}
}
export interface SetResult {
  file: string
  written: boolean
  /** The peer's daemon runs on this folder: it reads the change at its next start. */
  runningDaemon: RunningDaemon | null
  changes: SetChange[]
  warnings: Problem[]
  /** Only for set --add / --remove. */
  mode?: 'add' | 'remove'
}

/**
 * The version of a config's content (what an editor read), so an edit based on an older read can
 * be refused instead of silently overwriting someone else's change.
 */
export function configVersion(config: unknown): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 16)
}

export interface SetOptions {
  pairs: [string, string][]
  /** 'add' / 'remove': every pair names a list key and an element (or several) of it. */
  mode?: SetMode
  dryRun?: boolean
  showSecrets?: boolean
  ifVersion?: string
}

export async function setServiceConfig(o: {path: string} & SetOptions): Promise<SetResult> {
  const run = async () => {
    const {file, config} = await readService(o.path)
    return applySet(config, file, o.pairs, serviceRoot, {mode: o.mode, dryRun: o.dryRun, showSecrets: o.showSecrets, ifVersion: o.ifVersion, validate: (c) => validateConfig({service: c, serviceFile: file}), serialize: serializeService})
  }
  return o.dryRun ? run() : withFolderLock(o.path, run)
}

/** A value of `path` as a change report shows it: its secrets redacted (`secrets`: those of the config it is in). */
export function shownValue(v: unknown, root: SchemaNode, path: string[], secrets: Set<string>, showSecrets?: boolean): unknown {
  return showSecrets || v === undefined ? v : redactAt(v, root, path, secrets).value
}

export async function applySet(
  config: Obj,
  file: string,
  pairs: [string, string][],
  root: SchemaNode,
  opts: Omit<SetOptions, 'pairs'> & {validate: (c: Obj) => Problem[]; serialize: (c: Obj) => string},
): Promise<SetResult> {
  if (pairs.length === 0) throw new UserError('set needs KEY VALUE pairs', ExitCode.usage)
  const version = configVersion(config)
  if (opts.ifVersion !== undefined && opts.ifVersion !== version)
    throw new UserError(`${file} changed since version ${opts.ifVersion} was read (now ${version}); nothing written`, ExitCode.exists, {
      nextSteps: ['read the configuration again and redo the change on the current version'],
      details: {version},
    })
  const next = structuredClone(config)
  const changes: SetChange[] = []
  const secrets = secretValues(config, root)
  for (const [key, text] of pairs) {
    const {path, node, value} = typedValue(config, key, text, root, file)
    const before = getAt(config, path).value
    const edit = !opts.mode || opts.mode === 'set' ? {after: value, noop: undefined} : editList(before, value, node, key, opts.mode)
    // Only no-ops (every element already there / not there): the key stays exactly as it was.
    if (edit.noop && edit.noop.length === (Array.isArray(value) ? value.length : 1)) edit.after = before
    else setAt(next, path, edit.after)
    secretValues(edit.after, root, path, secrets)
    const show = (v: unknown) => shownValue(v, root, path, secrets, opts.showSecrets)
    changes.push({key, before: show(before), after: show(edit.after), changed: !isDeepStrictEqual(before, edit.after), ...(edit.noop && {noop: edit.noop.map(show)})})
  }
  const problems = opts.validate(next)
  failOnErrors(problems, 'nothing written')
  const written = !opts.dryRun && !isDeepStrictEqual(next, config)
  if (written) await writeFilesAtomic([{path: file, content: opts.serialize(next)}])
  const mode = opts.mode && opts.mode !== 'set' ? {mode: opts.mode} : {}
  return {file, written, runningDaemon: written ? await runningDaemon(dirname(file)) : null, changes, warnings: problems.filter((p) => p.severity === 'warning'), ...mode}
}

// ---------------------------------------------------------------------------------------------
// validate

export interface ValidateResult {
  valid: boolean
  /** --strict: warnings failed the check too. */
  strict: boolean
  files: {service: string; identity: string}
  /** The CLUSTER_* variables the daemon will apply at its next start that change a value (none with --no-env). */
  fromEnv: EnvChange[]
  errors: Problem[]
  warnings: Problem[]
}

export interface ValidateOptions {
  /** The daemon's environment, applied as at its start; undefined checks the files alone. */
  env?: NodeJS.ProcessEnv
  /** Warnings fail the check (CI). */
  strict?: boolean
}

export async function validateServiceFolder(o: {path: string} & ValidateOptions): Promise<ValidateResult> {
  return validateFolder(o.path, false, o)
}

/** Validates a peer folder: a service peer's, or (follower) an ipfs-cluster-follow peer's. */
export async function validateFolder(dir: string, follower: boolean, o: ValidateOptions = {}): Promise<ValidateResult> {
  const files = serviceFiles(dir)
  if (!(await exists(files.service))) throw new UserError(`no service.json in ${dir}: the peer is not initialised`, ExitCode.notFound)
  const problems: Problem[] = []
  const load = async (file: string): Promise<unknown> => {
    try {
      return (await readJsonFile(file)).value
    } catch (error) {
      if (error instanceof UserError && error.exitCode === ExitCode.invalid) {
        problems.push({severity: 'error', file, key: '', message: error.message.replace(`${file} `, '')})
        return undefined
      }
      throw error
    }
  }
  let service = await load(files.service)
  let identity: unknown
  if (await exists(files.identity)) identity = await load(files.identity)
  else problems.push({severity: 'error', file: files.identity, key: '', message: 'is missing (the daemon needs the peer identity)'})
  const fromEnv: EnvChange[] = []
  // The daemon's view: CLUSTER_* applied in memory, as at its next start.
  const withEnv = (svc: unknown, id: unknown, serviceFile: string) => {
    if (!o.env) return {service: svc, identity: id}
    const applied = applyDaemonEnv(svc, id, o.env, {service: serviceFile, identity: files.identity})
    fromEnv.push(...applied.changes)
    problems.push(...applied.problems)
    return applied
  }
  const source = (service as Obj | undefined)?.source
  const remote = typeof source === 'string' && source !== ''
  // A remote config gets the variables after it is fetched (below); the identity is always local.
  const local = withEnv(remote ? undefined : service, identity, files.service)
  identity = local.identity
  if (!remote) service = local.service
  const named = (list: Problem[]) => {
    for (const p of list) {
      // Any identity problem may come from CLUSTER_ID/CLUSTER_PRIVATEKEY: the two must match each other.
      const from = p.file === files.identity ? fromEnv.filter((c) => c.file === 'identity.json') : fromEnv.filter((c) => c.file === 'service.json' && c.key === p.key)
      if (from.length > 0) p.message += ` (from ${from.map((c) => c.variable).join(', ')})`
    }
    return list
  }
  problems.push(...named(validateConfig({service, serviceFile: files.service, identity, identityFile: files.identity, follower})))
  // A remote configuration is checked as the daemon would load it: fetched, then validated.
  if (remote && !problems.some((p) => p.severity === 'error' && p.file === files.service)) {
    try {
      const fetched = withEnv(await fetchSource(source as string), undefined, source as string).service
      problems.push(...named(validateConfig({service: fetched, serviceFile: source as string, follower})))
    } catch (error) {
      if (!(error instanceof UserError)) throw error
      problems.push({severity: 'error', file: files.service, key: 'source', message: error.message})
    }
  }
  // The daemon's environment: its CLUSTER_* names that no component reads, or that are set but empty.
  if (o.env) problems.push(...envProblems(o.env))
  const errors = problems.filter((p) => p.severity === 'error')
  const warnings = problems.filter((p) => p.severity === 'warning')
  return {
    valid: errors.length === 0 && !(o.strict && warnings.length > 0),
    strict: !!o.strict,
    files: {service: files.service, identity: files.identity},
    fromEnv,
    errors,
    warnings,
  }
}
