// ipfs-cluster-follow peers: <base>/<name>/ with service.json and identity.json, in the two forms
// the real follower reads: a remote source (`{"source": URL}`, what `ipfs-cluster-follow NAME init
// URL` writes) or a complete local follower config (template mode: no remote fetch at start).
import {readdir, stat} from 'node:fs/promises'
import {dirname, join, resolve} from 'node:path'

import {defaultServiceConfig} from './defaults.js'
import {ENV_CLUSTER_ID, ENV_CLUSTER_PRIVATEKEY, ENV_CLUSTER_SECRET, ENV_IPFS_GATEWAY, applyServiceEnv} from './env.js'
import {ExitCode, UserError} from './errors.js'
import {readJsonFileCached} from './file-cache.js'
import {exists, folderModeWarning, readJsonFile, refuseSymlink, withFolderLock, writeFilesAtomic} from './files.js'
import {type KeyType, createIdentity, identityProblems, parsePeerId} from './identity.js'
import {getAt, resolveKey, setAt} from './keys.js'
import {parseMultiaddr, peerIdOfMultiaddr, peerMultiaddrOf} from './multiaddr.js'
import {configPath, serviceFiles} from './paths.js'
import {randomizePorts} from './ports.js'
import {redact} from './redact.js'
import type {IdentityJson} from './schema/identity.js'
import {
  type GetResult,
  type SetOptions,
  type SetResult,
  type ValidateOptions,
  type ValidateResult,
  applySet,
  failOnErrors,
  getFromConfig,
  mapValueError,
  serializeIdentity,
  serializeService,
  serviceRoot,
  typedValue,
  validateFolder,
} from './service-config.js'
import {fetchSource} from './source.js'
import {type Problem, validateConfig} from './validate.js'
import {normalizeValue} from './values.js'

type Obj = Record<string, unknown>

export const DEFAULT_GATEWAY = 'http://127.0.0.1:8080'

/** flag > IPFS_CLUSTER_PATH > ~/.ipfs-cluster-follow (the follower's own default). */
export function followBase(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return configPath(flag, '.ipfs-cluster-follow', env)
}

/** NAME is one plain folder name: the follower joins it to the base folder. */
export function checkFollowName(name: string): void {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(name)) throw new UserError(`NAME ${JSON.stringify(name)} must not contain control characters (such as a newline)`, ExitCode.usage)
  if (name === '' || name === '.' || name === '..' || /[/\\]/.test(name))
    throw new UserError(`NAME "${name}" must be a plain folder name (no "/", not "." or "..", not empty)`, ExitCode.usage)
}

/**
 * The source URL `ipfs-cluster-follow NAME init` would fetch: an http(s) URL as is; anything else is
 * a DNSLink name resolved through the gateway. Unlike upstream 1.1.5+, a gateway without a scheme
 * gets http:// (upstream then builds an unfetchable URL).
 */
export function sourceUrl(input: string, gateway = DEFAULT_GATEWAY): string {
  if (/^https?:\/\/[^/\s]+/.test(input)) return input
  // A DNSLink name (or IPNS key) is one domain-like word: "ftp://x/y" or "x/y" is neither.
  if (!/^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$/.test(input))
    throw new UserError(`--source "${input}" is neither an http(s) URL nor a DNSLink name (such as cluster.example.org)`, ExitCode.usage)
  const gw = (/^https?:\/\//.test(gateway) ? gateway : `http://${gateway}`).replace(/\/+$/, '')
  return `${gw}/ipns/${input}`
}

export interface CreateFollowOptions {
  base: string
  name: string
  /** Source mode: an http(s) URL or a DNSLink name. */
  source?: string
  gateway?: string
  /** Template mode: full /p2p/ multiaddresses of the peers to follow. */
  leaders?: string[]
  trustedPeers?: string[]
  secret?: string
  clusterName?: string
  peername?: string
  set?: [string, string][]
  keyType?: KeyType
  force?: boolean
  newIdentity?: boolean
  /** An existing, valid follower is accepted as it is (idempotent Docker builds). */
  existOk?: boolean
  dryRun?: boolean
  showSecrets?: boolean
  env: NodeJS.ProcessEnv
}

export interface CreateFollowResult {
  status: 'created' | 'overwritten' | 'unchanged' | 'dry-run'
  mode: 'source' | 'template'
  name: string
  folder: string
  files: {service: string; identity: string}
  source: string | null
  peerId: string
  identity: 'generated' | 'kept' | 'from-env'
  trustedPeers: string[]
  peerAddresses: string[]
  listen: string[]
  persistedFromEnv: string[]
  warnings: Problem[]
  config: unknown
}


/** Leaders as the daemon prints them; each must end in /p2p/<id>. */
function parseLeaders(leaders: string[]): string[] {
  return leaders.map((l) => peerMultiaddrOf(l, '--leader').value)
}

export async function createFollowConfig(o: CreateFollowOptions): Promise<CreateFollowResult> {
  checkFollowName(o.name)
  const folder = join(o.base, o.name)
  const files = serviceFiles(folder)
  const leaders = parseLeaders(o.leaders ?? [])
  const mode = o.source !== undefined ? 'source' : 'template'
  if (o.source !== undefined && (leaders.length > 0 || (o.trustedPeers ?? []).length > 0))
    throw new UserError('--source cannot be combined with --leader/--trusted-peer: with a source, the remote config decides', ExitCode.usage)
  // Source mode writes only {"source": URL}: these would be dropped without a word. (--secret and --cluster-name
  // are not refused: they may come from CLUSTER_SECRET_FILE / CLUSTER_CRDT_CLUSTERNAME meant for run time.)
  if (o.source !== undefined && ((o.set ?? []).length > 0 || o.peername !== undefined))
    throw new UserError('--source cannot be combined with --set/--peername: with a source, the remote config decides (CLUSTER_* variables still apply when the follower runs)', ExitCode.usage)
  if (mode === 'template' && leaders.length === 0)
    throw new UserError('a follower needs --source URL (a remote config) or --leader MULTIADDR (a local config)', ExitCode.inputRequired)
  const trusted = [...new Set([...leaders.map((l) => parsePeerId(peerIdOfMultiaddr(l)!)), ...(o.trustedPeers ?? []).map(checkPeer)])]

  await refuseSymlink(folder)
  const run = async (): Promise<CreateFollowResult> => {
    const folderExists = await exists(folder)
    if (folderExists && o.existOk && !o.force) return unchangedFollower(o, folder)
    if (folderExists && !o.force)
      throw new UserError(`${folder} already exists`, ExitCode.exists, {
        nextSteps: ['pass --force to rewrite its service.json (the identity is kept)', 'or --exist-ok to accept a valid existing follower'],
      })

    let config: Obj
    let persistedFromEnv: string[] = []
    let source: string | null = null
    let listen: string[] = []
    if (mode === 'source') {
      source = sourceUrl(o.source!, o.gateway ?? o.env[ENV_IPFS_GATEWAY] ?? DEFAULT_GATEWAY)
      config = {source}
    } else {
      const secret = o.secret ?? o.env[ENV_CLUSTER_SECRET]
      if (secret === undefined)
        throw new UserError('a template-mode follower needs the cluster secret: --secret, --secret-file or CLUSTER_SECRET', ExitCode.inputRequired)
      config = defaultServiceConfig({consensus: 'crdt', datastore: 'pebble', secret})
      delete config.api // ipfs-cluster-follow discards it and serves its API on <folder>/api-socket
      const cluster = config.cluster as Obj
      // Not 9096: a service peer on the same host listens there.
      const taken = new Set<string>()
      cluster.listen_multiaddress = [await randomizePorts('/ip4/0.0.0.0/tcp/0', taken), await randomizePorts('/ip4/0.0.0.0/udp/0/quic', taken)]
      persistedFromEnv = mapValueError(() => applyServiceEnv(config, o.env)).map((a) => a.variable)
      if (o.secret !== undefined) cluster.secret = o.secret
      if (o.peername !== undefined) cluster.peername = o.peername
      cluster.follower_mode = true
      cluster.peer_addresses = leaders
      const crdt = (config.consensus as Obj).crdt as Obj
      crdt.trusted_peers = trusted
      if (o.clusterName !== undefined) crdt.cluster_name = o.clusterName
      for (const [key, text] of o.set ?? []) {
        const {path, value} = typedValue(config, key, text, serviceRoot, 'service.json')
        setAt(config, path, value)
      }
      config = normalizeValue(config, serviceRoot) as Obj
      listen = ([] as string[]).concat((config.cluster as Obj).listen_multiaddress as string[])
    }

    const {identity, identitySource} = await followIdentity(o, files.identity)
    const problems = validateConfig({service: config, serviceFile: files.service, follower: true})
    failOnErrors(problems, 'nothing written')
    const modeWarning = folderExists ? await folderModeWarning(folder) : undefined
    if (modeWarning) problems.push(modeWarning)
    if (!o.dryRun) {
      const writes = [{path: files.service, content: serializeService(config)}]
      if (identitySource !== 'kept') writes.push({path: files.identity, content: serializeIdentity(identity)})
      await writeFilesAtomic(writes)
    }
    return {
      status: o.dryRun ? 'dry-run' : folderExists ? 'overwritten' : 'created',
      mode,
      name: o.name,
      folder,
      files: {service: files.service, identity: files.identity},
      source,
      peerId: identity.id,
      identity: identitySource,
      trustedPeers: trusted,
      peerAddresses: leaders,
      listen,
      persistedFromEnv,
      warnings: problems.filter((p) => p.severity === 'warning'),
      config: o.showSecrets ? JSON.parse(serializeService(config)) : redact(JSON.parse(serializeService(config)), serviceRoot).value,
    }
  }
  // The lock lives in the base folder: the follower's own folder must not exist before we write it.
  return o.dryRun ? run() : withFolderLock(o.base, run)
}

/** --exist-ok: the follower already there, if its local files pass the follower's checks. */
async function unchangedFollower(o: CreateFollowOptions, folder: string): Promise<CreateFollowResult> {
  const {followers} = await listFollowers({base: o.base})
  const entry = followers.find((f) => f.name === o.name)
  if (!entry || !entry.valid) {
    const problems = entry?.errors ?? [{severity: 'error' as const, file: folder, key: '', message: 'is not a folder'}]
    failOnErrors(problems, `${folder} exists but is not a valid follower (--exist-ok accepts only a valid one)`)
  }
  const files = serviceFiles(folder)
  const config = (await readJsonFile(files.service)).value as Obj
  const identity = (await readJsonFile(files.identity)).value as IdentityJson
  const listen = (config.cluster as Obj | undefined)?.listen_multiaddress
  return {
    status: 'unchanged',
    mode: entry!.mode!,
    name: o.name,
    folder,
    files: {service: files.service, identity: files.identity},
    source: entry!.source,
    peerId: identity.id,
    identity: 'kept',
    trustedPeers: entry!.trustedPeers,
    peerAddresses: entry!.leaders,
    listen: typeof listen === 'string' ? [listen] : Array.isArray(listen) ? (listen as string[]) : [],
    persistedFromEnv: [],
    warnings: [],
    config: o.showSecrets ? config : redact(config, serviceRoot).value,
  }
}

function checkPeer(id: string): string {
  try {
    return parsePeerId(id)
  } catch {
    throw new UserError(`--trusted-peer "${id}" is not a valid peer id`, ExitCode.usage)
  }
}

async function followIdentity(o: CreateFollowOptions, file: string): Promise<{identity: IdentityJson; identitySource: CreateFollowResult['identity']}> {
  if (!o.newIdentity && (await exists(file))) {
    const identity = (await readJsonFile(file)).value as IdentityJson
    const problems = identityProblems(identity ?? {})
    if (problems.length > 0) throw new UserError(`the existing ${file} is invalid: ${problems[0]} (pass --new-identity to replace it)`, ExitCode.invalid)
    return {identity, identitySource: 'kept'}
  }
  if (o.env[ENV_CLUSTER_ID] !== undefined || o.env[ENV_CLUSTER_PRIVATEKEY] !== undefined) {
    const identity = {id: o.env[ENV_CLUSTER_ID] ?? '', private_key: o.env[ENV_CLUSTER_PRIVATEKEY] ?? ''}
    const problems = identityProblems(identity)
    if (problems.length > 0) throw new UserError(`${ENV_CLUSTER_ID}/${ENV_CLUSTER_PRIVATEKEY}: ${problems[0]} (set both, to a matching pair)`, ExitCode.invalid)
    return {identity, identitySource: 'from-env'}
  }
  return {identity: await createIdentity(o.keyType ?? 'ed25519'), identitySource: 'generated'}
}

/** A follower's service.json as an object (`read` as in readService). */
export async function readFollow(base: string, name: string, read: typeof readJsonFile = readJsonFile): Promise<{folder: string; file: string; config: Obj}> {
  checkFollowName(name)
  const folder = join(base, name)
  const file = serviceFiles(folder).service
  if (!(await exists(file)))
    throw new UserError(`follower "${name}" is not initialised: no ${file}`, ExitCode.notFound, {
      nextSteps: [`ipfs-cluster-config follow config create ${name} --source URL (or --leader MULTIADDR)`],
    })
  const {value} = await read(file)
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UserError(`${file} must hold a JSON object`, ExitCode.invalid)
  return {folder, file, config: value as Obj}
}

export interface FollowGetResult extends GetResult {
  /** The remote source the value was read from (--resolve), if any. */
  resolvedFrom: string | null
}

export async function getFollowConfig(o: {base: string; name: string; key?: string; showSecrets?: boolean; resolve?: boolean}): Promise<FollowGetResult> {
  const {file, config} = await readFollow(o.base, o.name, readJsonFileCached)
  const source = typeof config.source === 'string' && config.source !== '' ? config.source : null
  if (o.resolve && source) {
    const remote = await fetchSource(source)
    return {...getFromConfig(remote, source, o.key, o.showSecrets ?? false, serviceRoot), resolvedFrom: source}
  }
  if (source && o.key && o.key !== 'source' && !getAt(config, o.key.split('.')).found) {
    resolveKey(serviceRoot, o.key, file) // unknown keys still exit 8
    throw new UserError(`${o.key} is decided by the remote source ${source}`, ExitCode.notFound, {
      nextSteps: [`ipfs-cluster-config follow config get ${o.name} ${o.key} --resolve --path ${o.base}`],
    })
  }
  if (!source && o.key === 'source')
    throw new UserError(`follower "${o.name}" has a local configuration, not a remote source: ${file} has no "source"`, ExitCode.notFound)
  return {...getFromConfig(config, file, o.key, o.showSecrets ?? false, serviceRoot, `ipfs-cluster-config follow config set ${o.name} --path ${o.base}`), resolvedFrom: null}
}

export async function setFollowConfig(o: {base: string; name: string} & SetOptions): Promise<SetResult> {
  checkFollowName(o.name)
  const folder = join(o.base, o.name)
  await refuseSymlink(folder)
  const run = async () => {
    const {file, config} = await readFollow(o.base, o.name)
    if (typeof config.source === 'string' && config.source !== '' && o.pairs.some(([k]) => k !== 'source'))
      throw new UserError(`follower "${o.name}" loads its configuration from ${config.source}: the source decides; only "source" can be set here`, ExitCode.invalid)
    return applySet(config, file, o.pairs, serviceRoot, {
      mode: o.mode,
      dryRun: o.dryRun,
      showSecrets: o.showSecrets,
      ifVersion: o.ifVersion,
      validate: (c) => validateConfig({service: c, serviceFile: file, follower: true}),
      serialize: serializeService,
    })
  }
  return o.dryRun ? run() : withFolderLock(folder, run)
}

export async function validateFollowConfig(o: {base: string; name: string} & ValidateOptions): Promise<ValidateResult> {
  checkFollowName(o.name)
  const folder = join(o.base, o.name)
  if (!(await exists(serviceFiles(folder).service))) await readFollow(o.base, o.name) // exit 3 with next steps
  return validateFolder(folder, true, o)
}

// ---------------------------------------------------------------------------------------------
// The leader's side: the template its followers should load.

export interface ExportFollowResult {
  peerId: string
  peerAddresses: string[]
  clusterName: string
  /** The template, secret included (followers need it). */
  template: Obj
  text: string
  output: string | null
  warnings: string[]
}

export async function exportFollowTemplate(o: {path: string; addresses?: string[]; output?: string}): Promise<ExportFollowResult> {
  const files = serviceFiles(o.path)
  if (!(await exists(files.service))) throw new UserError(`no service.json in ${o.path}: the peer is not initialised`, ExitCode.notFound)
  const service = (await readJsonFile(files.service)).value as Obj
  const identity = (await readJsonFile(files.identity)).value as IdentityJson
  const problems = validateConfig({service, serviceFile: files.service, identity, identityFile: files.identity})
  failOnErrors(problems, `cannot export from an invalid peer`)
  const crdt = ((service.consensus ?? {}) as Obj).crdt as Obj | undefined
  if (!crdt) throw new UserError(`${files.service} uses raft: ipfs-cluster-follow followers need a crdt cluster`, ExitCode.invalid)

  const warnings: string[] = []
  const cluster = service.cluster as Obj
  const list = (v: unknown) => (typeof v === 'string' ? (v === '' ? [] : [v]) : Array.isArray(v) ? (v as string[]) : [])
  let addrs = o.addresses ?? []
  if (addrs.length === 0) addrs = list(cluster.announce_multiaddress)
  if (addrs.length === 0) {
    addrs = list(cluster.listen_multiaddress).map((a) => a.replace(/^\/ip4\/0\.0\.0\.0\//, '/ip4/127.0.0.1/').replace(/^\/ip6\/::\//, '/ip6/::1/'))
    if (list(cluster.listen_multiaddress).some((a) => /^\/ip[46]\/(0\.0\.0\.0|::)\//.test(a)))
      warnings.push('listen addresses on 0.0.0.0 were exported as 127.0.0.1: pass --address for followers on other hosts')
  }
  const peerAddresses = addrs.map((a) => {
    const r = parseMultiaddr(a)
    if (!r.ok) throw new UserError(`--address "${a}" is not a valid multiaddress: ${r.error}`, ExitCode.usage)
    const id = peerIdOfMultiaddr(r.value)
    if (id && id !== identity.id) throw new UserError(`--address "${a}" names another peer than ${identity.id}`, ExitCode.usage)
    return id ? r.value : `${r.value}/p2p/${identity.id}`
  })

  const template = structuredClone(service)
  delete template.api // followers serve their own API on a unix socket
  const tc = template.cluster as Obj
  delete tc.peername // each follower names itself (hostname by default)
  delete tc.peerstore_file
  // Port 0: a new free port at every start. Followers only dial out to peer_addresses, and a fixed
  // 9096 would share the leader's port on the same host (libp2p binds with SO_REUSEPORT and would
  // silently take a share of the leader's inbound connections).
  tc.listen_multiaddress = ['/ip4/0.0.0.0/tcp/0', '/ip4/0.0.0.0/udp/0/quic']
  tc.announce_multiaddress = []
  tc.follower_mode = true
  tc.peer_addresses = peerAddresses
  ;((template.consensus as Obj).crdt as Obj).trusted_peers = [identity.id]
  const text = serializeService(template)
  const followerProblems = validateConfig({service: template, serviceFile: 'template', follower: true})
  failOnErrors(followerProblems, 'the exported template would be invalid')
  if (o.output) {
    // The file goes where it is asked, but no folder is made for it: a typo must not grow a tree of folders.
    const folder = dirname(resolve(o.output))
    const kind = await stat(folder).then((st) => (st.isDirectory() ? 'folder' : 'file'), () => 'missing')
    if (kind !== 'folder') throw new UserError(`--output: ${folder} ${kind === 'missing' ? 'does not exist' : 'is not a folder'}; the output file's folder must exist`, ExitCode.usage)
    await writeFilesAtomic([{path: resolve(o.output), content: text}])
  }
  return {peerId: identity.id, peerAddresses, clusterName: String(crdt.cluster_name ?? 'ipfs-cluster'), template, text, output: o.output ? resolve(o.output) : null, warnings}
}

// ---------------------------------------------------------------------------------------------
// list

export interface FollowerEntry {
  name: string
  folder: string
  /** null: the folder has no (readable) service.json. */
  mode: 'source' | 'template' | null
  source: string | null
  /** cluster.peer_addresses of a template-mode follower. */
  leaders: string[]
  trustedPeers: string[]
  /** The local files pass the follower's checks (a source is not fetched: see `follow config validate`). */
  valid: boolean
  errors: Problem[]
}

export async function listFollowers(o: {base: string}): Promise<{base: string; followers: FollowerEntry[]}> {
  let names: string[]
  try {
    names = (await readdir(o.base, {withFileTypes: true})).filter((d) => d.isDirectory()).map((d) => d.name).sort()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {base: o.base, followers: []}
    throw new UserError(`cannot read ${o.base}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, ExitCode.unexpected)
  }
  const followers: FollowerEntry[] = []
  for (const name of names) {
    const folder = join(o.base, name)
    const files = serviceFiles(folder)
    const entry: FollowerEntry = {name, folder, mode: null, source: null, leaders: [], trustedPeers: [], valid: false, errors: []}
    followers.push(entry)
    const problems: Problem[] = []
    const load = async (file: string): Promise<unknown> => {
      if (!(await exists(file))) {
        problems.push({severity: 'error', file, key: '', message: 'is missing'})
        return undefined
      }
      try {
        return (await readJsonFile(file)).value
      } catch (error) {
        if (!(error instanceof UserError)) throw error
        problems.push({severity: 'error', file, key: '', message: error.message.replace(`${file} `, '')})
        return undefined
      }
    }
    const service = await load(files.service)
    const identity = await load(files.identity)
    if (service !== null && typeof service === 'object' && !Array.isArray(service)) {
      const s = service as Obj
      entry.source = typeof s.source === 'string' && s.source !== '' ? s.source : null
      entry.mode = entry.source ? 'source' : 'template'
      const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])
      entry.leaders = list((s.cluster as Obj | undefined)?.peer_addresses)
      entry.trustedPeers = list(((s.consensus as Obj | undefined)?.crdt as Obj | undefined)?.trusted_peers)
      problems.push(...validateConfig({service, serviceFile: files.service, identity, identityFile: files.identity, follower: true}))
    }
    entry.errors = problems.filter((p) => p.severity === 'error')
    entry.valid = entry.errors.length === 0
  }
  return {base: o.base, followers}
}
