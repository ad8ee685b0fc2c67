// `cluster check`: the config rules (src/core/check) over every peer named, then the live checks through the REST
// API of each peer that answers (bundle and folder peers on the address their config gives, plus --api peers):
// who sees whom, /id against identity.json, versions, peers nobody configured.
import {ENV_CLUSTER_CREDENTIALS} from '../core/env-names.js'
import {ExitCode} from '../core/errors.js'
import {type CheckPeer, type PeerSources, loadPeers} from '../core/check/peers.js'
import {type Finding, and, configFindings, finding, idOf} from '../core/check/rules.js'
import {type Endpoint, type TlsTrust, apiRequest, describe, endpointFromApiFlag, endpointFromMultiaddr, parseStream} from './api.js'
import {peerEndpoint} from './status.js'

export interface CheckOptions extends PeerSources {
  /** Live peers' REST APIs (URL or multiaddress). */
  apis?: string[]
  /** user:password for the --api peers (the folder peers use their config's, as `status`). */
  credentials?: string
  tls?: TlsTrust
  env: NodeJS.ProcessEnv
  /** Config checks only: ask no API. */
  offline?: boolean
  /** Warnings fail too (exit 4). */
  strict?: boolean
  timeoutMs?: number
}

export interface CheckedPeer {
  name: string
  kind: 'service' | 'follow'
  origin: CheckPeer['origin']
  folder: string | null
  /** The id in identity.json (an --api peer: the id it answered with). */
  id: string | null
  /** Where its REST API was asked, or null (offline, disabled, or an address shared with another peer). */
  api: string | null
  /** Did it answer /id and /peers. */
  reachable: boolean
  /** Why not, in one line. */
  error: string | null
  liveId: string | null
  version: string | null
  /** The peer ids its /peers lists (without an error). */
  sees: string[]
}

export interface Matrix {
  /** Rows and columns, by peer name. */
  peers: string[]
  /** sees[row][column]: the row's /peers lists the column; null when the row was not asked or did not answer. */
  sees: Record<string, Record<string, boolean | null>>
}

export interface CheckResult {
  ok: boolean
  peers: CheckedPeer[]
  findings: Finding[]
  /** Who sees whom among the peers asked live (null: none answered or --offline). */
  matrix: Matrix | null
  errors: number
  warnings: number
  exitCode: number
}

interface Asked {
  endpoint: Endpoint
  /** The peers this address belongs to (several bundle peers may point at one loopback address). */
  owners: CheckPeer[]
  answer?: {id: string; peername: string; version: string; sees: string[]}
  error?: string
}

type IdDoc = {id: string; peername?: string; version?: string}

async function ask(a: Asked, timeoutMs: number): Promise<void> {
  try {
    const [id, peers] = await Promise.all([apiRequest(a.endpoint, 'GET', '/id', timeoutMs), apiRequest(a.endpoint, 'GET', '/peers', timeoutMs)])
    if (id.status === 401 || peers.status === 401) a.error = 'unauthorized: wrong or missing credentials (use --basic-auth or CLUSTER_CREDENTIALS)'
    else if (id.status !== 200) a.error = `GET /id answered ${id.status}`
    else if (peers.status !== 200 && peers.status !== 204) a.error = `GET /peers answered ${peers.status}`
    else {
      const doc = JSON.parse(id.body) as IdDoc
      const listed = parseStream<{id: string; error?: string}>(peers).filter((p) => !p.error).map((p) => p.id)
      a.answer = {id: doc.id, peername: doc.peername ?? '', version: doc.version ?? '', sees: [...new Set(listed)]}
    }
  } catch (error) {
    a.error = `unreachable: ${(error as Error).message}`
  }
}

/** The REST endpoint of a config peer: the bundle's api address if it gives one, else what its config says. */
async function configEndpoint(p: CheckPeer, o: CheckOptions): Promise<Endpoint | undefined> {
  if (!p.folder || !p.service) return undefined
  const target = p.kind === 'follow' ? {kind: 'follow' as const, folder: p.folder, base: p.base, name: p.follow} : {kind: 'service' as const, folder: p.folder}
  const {endpoint} = await peerEndpoint(target, o.env, o.credentials, o.tls).catch(() => ({endpoint: undefined}))
  if (p.api) {
    const fromBundle = endpointFromMultiaddr(p.api, {https: endpoint?.https, credentials: endpoint?.credentials ?? o.credentials})
    if (fromBundle) return {...fromBundle, tls: endpoint?.tls ?? o.tls}
  }
  return endpoint
}

export async function clusterCheck(o: CheckOptions): Promise<CheckResult> {
  const peers = await loadPeers(o)
  const apiEndpoints = (o.apis ?? []).map((text) => endpointFromApiFlag(text, o.credentials ?? o.env[ENV_CLUSTER_CREDENTIALS], o.tls))
  const findings = configFindings(peers, o.env)
  const checked = new Map<CheckPeer, CheckedPeer>()
  for (const p of peers)
    checked.set(p, {name: p.name, kind: p.kind, origin: p.origin, folder: p.folder ?? null, id: idOf(p) ?? null, api: null, reachable: false, error: o.offline ? 'not asked: --offline' : null, liveId: null, version: null, sees: []})

  let matrix: Matrix | null = null
  let unreachableApi = false
  const liveOnly: CheckedPeer[] = []
  if (!o.offline) {
    const timeout = o.timeoutMs ?? 3000
    // One request per address: peers that share one are told apart by the id that answers.
    const byAddress = new Map<string, Asked>()
    for (const p of peers) {
      const endpoint = await configEndpoint(p, o)
      if (!endpoint) {
        checked.get(p)!.error = p.service ? 'the REST API is disabled in its config' : 'its config could not be read'
        continue
      }
      const a = byAddress.get(describe(endpoint)) ?? {endpoint, owners: []}
      a.owners.push(p)
      byAddress.set(describe(endpoint), a)
    }
    const apiAsked: Asked[] = apiEndpoints.map((endpoint) => byAddress.get(describe(endpoint)) ?? {endpoint, owners: []})
    for (const a of apiAsked) byAddress.set(describe(a.endpoint), a)
    await Promise.all([...byAddress.values()].map((a) => ask(a, timeout)))

    for (const a of byAddress.values()) {
      const api = describe(a.endpoint)
      const ans = a.answer
      const fromFlag = apiAsked.includes(a)
      if (!ans) {
        for (const p of a.owners) if (!checked.get(p)!.reachable) Object.assign(checked.get(p)!, {api, error: a.error})
        if (!fromFlag) continue
        unreachableApi = true
        const name = a.owners[0]?.name ?? api
        findings.push(finding('api-unreachable', {peers: [name], keys: [], message: a.owners.length > 0 ? `${name}: --api ${api}: ${a.error}` : `--api ${api}: ${a.error}`, fix: 'start that peer, or correct the address or the credentials (--basic-auth, --cacert)'}))
        if (a.owners.length === 0) liveOnly.push({name: api, kind: 'service', origin: 'api', folder: null, id: null, api, reachable: false, error: a.error ?? null, liveId: null, version: null, sees: []})
        continue
      }
      // The answer belongs to the owner whose identity answered, else to a sole owner (whose /id may then
      // differ); an --api address may also reach a config peer whose own address did not answer.
      const owner =
        a.owners.find((p) => idOf(p) === ans.id) ?? (a.owners.length === 1 ? a.owners[0] : undefined) ?? (fromFlag ? peers.find((p) => idOf(p) === ans.id) : undefined)
      if (owner) {
        const c = checked.get(owner)!
        if (!c.reachable) Object.assign(c, {api, reachable: true, error: null, liveId: ans.id, version: ans.version, sees: ans.sees})
        for (const p of a.owners) if (p !== owner && !checked.get(p)!.reachable) Object.assign(checked.get(p)!, {error: `its API address ${api} answers as ${owner.name}`})
      } else if (fromFlag) {
        if ([...checked.values(), ...liveOnly].some((c) => c.liveId === ans.id)) continue
        liveOnly.push({name: api, kind: 'service', origin: 'api', folder: null, id: ans.id, api, reachable: true, error: null, liveId: ans.id, version: ans.version, sees: ans.sees})
      } else {
        for (const p of a.owners) if (!checked.get(p)!.reachable) Object.assign(checked.get(p)!, {api, error: `${api} answers as another peer (${ans.id})`})
      }
    }
    const all = [...checked.values(), ...liveOnly]
    findings.push(...liveFindings(all, peers, checked))
    if (all.some((c) => c.reachable)) matrix = matrixOf(all)
  }

  const errors = findings.filter((f) => f.severity === 'error').length
  const warnings = findings.length - errors
  const exitCode = unreachableApi ? ExitCode.unreachable : errors > 0 || (o.strict && warnings > 0) ? ExitCode.invalid : ExitCode.ok
  return {ok: exitCode === ExitCode.ok, peers: [...checked.values(), ...liveOnly], findings, matrix, errors, warnings, exitCode}
}

function matrixOf(all: CheckedPeer[]): Matrix {
  const cols = all.filter((c) => c.liveId ?? c.id)
  const sees: Matrix['sees'] = {}
  for (const row of cols) {
    sees[row.name] = {}
    for (const col of cols) sees[row.name][col.name] = row.reachable ? row.sees.includes((col.liveId ?? col.id)!) : null
  }
  return {peers: cols.map((c) => c.name), sees}
}

function liveFindings(all: CheckedPeer[], peers: CheckPeer[], checked: Map<CheckPeer, CheckedPeer>): Finding[] {
  const out: Finding[] = []
  const live = all.filter((c) => c.reachable && c.liveId)
  const idOfLive = (c: CheckedPeer) => c.liveId!

  // /id against identity.json.
  for (const p of peers) {
    const c = checked.get(p)!
    if (c.reachable && c.id && c.liveId !== c.id)
      out.push(finding('live-id-differs', {peers: [c.name], keys: ['id'], message: `${c.name} answers on ${c.api} as ${c.liveId}, but its identity.json is ${c.id} (CLUSTER_ID/CLUSTER_PRIVATEKEY at start, or another folder's daemon)`, fix: `restart ${c.name} from its own folder without CLUSTER_ID/CLUSTER_PRIVATEKEY, or check which daemon holds ${c.api}`}))
  }

  // Who sees whom: service peers should list every other live service peer (followers are listed by nobody).
  const services = live.filter((c) => c.kind === 'service')
  const seesPeer = (a: CheckedPeer, b: CheckedPeer) => a.sees.includes(idOfLive(b))
  const isolated = new Set(
    services.length < 2 ? [] : services.filter((c) => services.every((o) => o === c || (!seesPeer(c, o) && !seesPeer(o, c)))),
  )
  for (const c of isolated) {
    const others = services.filter((o) => o !== c)
    out.push(finding('peers-not-seen', {
      peers: [c.name, ...others.map((o) => o.name)],
      keys: [],
      message: `${c.name} is isolated: it lists none of ${and(others.map((o) => o.name))}, and none of them lists it (a different secret or cluster_name, or an unreachable swarm address)`,
      fix: `compare ${c.name}'s cluster.secret and consensus.crdt.cluster_name with the others' (the config findings name them), then restart it`,
    }))
  }
  for (const c of live) {
    if (isolated.has(c)) continue
    const missing = services.filter((o) => o !== c && !isolated.has(o) && !seesPeer(c, o))
    if (missing.length === 0) continue
    out.push(finding('peers-not-seen', {
      peers: [c.name, ...missing.map((o) => o.name)],
      keys: [],
      message: `${c.name} does not list ${and(missing.map((o) => `${o.name} (${idOfLive(o)})`))} in /peers`,
      fix: `make ${and(missing.map((o) => o.name))} reachable from ${c.name} (peer_addresses, trusted_peers, secret), or join ${missing.length > 1 ? 'them' : 'it'} with ipfs-cluster-config connect`,
    }))
  }

  // Versions.
  const versions = new Map<string, CheckedPeer[]>()
  for (const c of live) versions.set(c.version ?? '', [...(versions.get(c.version ?? '') ?? []), c])
  if (versions.size > 1) {
    const groups = [...versions.entries()].sort((a, b) => b[1].length - a[1].length)
    out.push(finding('version-differs', {
      peers: live.map((c) => c.name),
      keys: [],
      groups: groups.map(([, cs]) => cs.map((c) => c.name)),
      message: `live peers run different versions: ${groups.map(([v, cs]) => `${v || '(none)'} on ${and(cs.map((c) => c.name))}`).join('; ')}`,
      fix: `run the same ipfs-cluster version (${groups[0][0]}) on every peer`,
    }))
  }

  // Peers that a live peer lists but no checked peer is.
  const known = new Set(all.flatMap((c) => [c.id, c.liveId]).filter((id): id is string => !!id))
  for (const c of live) {
    const unknown = c.sees.filter((id) => !known.has(id))
    if (unknown.length === 0) continue
    out.push(finding('unknown-live-peer', {
      peers: [c.name],
      keys: [],
      message: `${c.name} lists ${unknown.length > 1 ? 'peers' : 'a peer'} none of the checked peers is: ${unknown.join(', ')}`,
      fix: `add ${unknown.length > 1 ? 'those peers' : 'that peer'} to the check (--path, --api), or, if gone, remove ${unknown.length > 1 ? 'them' : 'it'} (ipfs-cluster-ctl peers rm)`,
    }))
  }
  return out
}

