// `connect`: join a peer to a cluster for real. The leader goes into peer_addresses (and, for a
// crdt peer that does not trust everyone, into trusted_peers), through the same validated, atomic
// write as `set`; with --start the daemon is launched with --bootstrap and we wait until the join
// is visible from both sides, or explain why not.
import {setTimeout as sleep} from 'node:timers/promises'

import {ENV_CLUSTER_CREDENTIALS, ENV_CLUSTER_SECRET} from '../core/env-names.js'
import {ExitCode, UserError} from '../core/errors.js'
import {parsePeerId} from '../core/identity.js'
import {peerIdOfMultiaddr, peerMultiaddrOf} from '../core/multiaddr.js'
import {type SetResult, applySet, serializeService, serviceRoot} from '../core/service-config.js'
import {readJsonFile, withFolderLock} from '../core/files.js'
import {serviceFiles} from '../core/paths.js'
import {validateConfig} from '../core/validate.js'
import {type Endpoint, type TlsTrust, apiRequest, endpointFromApiFlag, parseStream} from './api.js'
import {type SecretProbe, probeSecret} from './pnet.js'
import {checkCanStart, logTail, startDetached} from './process.js'
import {type PeerTarget, peerEndpoint} from './status.js'

type Obj = Record<string, unknown>

export interface Leader {
  id: string
  /** Full multiaddresses ending in /p2p/<id>. */
  addresses: string[]
  /** The leader's REST API, when given (used to check the join from its side). */
  api: Endpoint | null
}

/**
 * LEADER as a /p2p/ multiaddress, or discovered from a running peer's REST API (`--api URL`). Both together are
 * one leader named twice (the API then checks the join from the leader's side): they must name the same peer.
 */
export async function resolveLeader(o: {leader?: string; api?: string; credentials?: string; tls?: TlsTrust; env: NodeJS.ProcessEnv; onProgress?: (message: string) => void}): Promise<Leader> {
  const found = (l: Leader, how: string) => {
    o.onProgress?.(`leader ${l.id} ${how}, at ${l.addresses.join(', ') || '(no swarm address)'}`)
    return l
  }
  let api: Endpoint | null = null
  if (o.api) {
    api = endpointFromApiFlag(o.api, o.credentials ?? o.env[ENV_CLUSTER_CREDENTIALS], o.tls)
  }
  let given: Leader | undefined
  if (o.leader) {
    const {value, id} = peerMultiaddrOf(o.leader, 'LEADER')
    given = {id: parsePeerId(id), addresses: [value], api}
  }
  if (!api) {
    if (given) return found(given, 'as given')
    throw new UserError('connect needs LEADER (a /p2p/ multiaddress) or --api URL of a running peer', ExitCode.inputRequired)
  }
  let res
  try {
    res = await apiRequest(api, 'GET', '/id', 5000)
  } catch (error) {
    throw new UserError(`the leader's API ${o.api} is unreachable: ${(error as Error).message}`, ExitCode.unreachable)
  }
  if (res.status === 401) throw new UserError(`the leader's API ${o.api} refused the credentials (--basic-auth or CLUSTER_CREDENTIALS)`, ExitCode.unreachable)
  if (res.status !== 200) throw new UserError(`the leader's API ${o.api} answered ${res.status} to GET /id`, ExitCode.unreachable)
  const id = JSON.parse(res.body) as {id: string; addresses?: string[]}
  if (given && given.id !== id.id)
    throw new UserError(`LEADER and --api name different peers: LEADER is ${given.id}, the API at ${o.api} is ${id.id}`, ExitCode.usage)
  if (given) return found(given, `as given, confirmed by its REST API ${o.api}`)
  const all = (id.addresses ?? []).filter((a) => !a.includes('/p2p-circuit')).map((a) => (peerIdOfMultiaddr(a) ? a : `${a}/p2p/${id.id}`))
  return found({id: id.id, addresses: pickAddresses(all, api), api}, `found through its REST API ${o.api}`)
}

const LOOPBACK = /^\/ip4\/127\.|^\/ip6\/::1\/|^\/dns[46]?\/localhost\//

/**
 * The leader's swarm addresses a joining peer should dial. We reached its API on some host: the
 * swarm addresses on that host come first (loopback for a cluster on one machine); otherwise
 * every non-loopback one (a peer on another host cannot dial the leader's loopback).
 */
export function pickAddresses(all: string[], api: Endpoint | null): string[] {
  const host = api?.url ? new URL(api.url).hostname.replace(/^\[|\]$/g, '') : undefined
  if (host === 'localhost' || host === '127.0.0.1' || host === '::1') {
    const local = all.filter((a) => LOOPBACK.test(a))
    if (local.length > 0) return local
  }
  if (host) {
    const same = all.filter((a) => a.split('/')[2] === host)
    if (same.length > 0) return same
  }
  const routable = all.filter((a) => !LOOPBACK.test(a))
  return routable.length > 0 ? routable : all
}

export interface ConnectResult {
  kind: 'service' | 'follow'
  folder: string
  leader: {id: string; addresses: string[]}
  changes: SetResult['changes']
  written: boolean
  trusted: boolean
  started: {pid: number; logFile: string; command: string[]} | null
  joined: boolean | null
  /** Peers the new peer sees once joined. */
  peers: string[]
  diagnosis: string[]
}

export interface ConnectOptions {
  target: PeerTarget
  leader: Leader
  noTrust?: boolean
  dryRun?: boolean
  start?: boolean
  timeoutMs?: number
  /** How the new peer's own https API is checked (its own certificate is trusted anyway). */
  tls?: TlsTrust
  env: NodeJS.ProcessEnv
  /** Each step as it happens (what was written, the daemon started, the join seen), for a person watching. */
  onProgress?: (message: string) => void
}

export async function connectPeer(o: ConnectOptions): Promise<ConnectResult> {
  const files = serviceFiles(o.target.folder)
  const binary = o.target.kind === 'follow' ? 'ipfs-cluster-follow' : 'ipfs-cluster-service'
  // Everything that can be checked is checked before the first write: a refused connect leaves the files as they were.
  await refuseSelf(o.target.folder, o.leader.id)
  if (o.start && !o.dryRun) await checkCanStart(binary, o.target.folder, o.env)
  const update = async () => {
    const config = (await readJsonFile(files.service)).value as Obj
    if (typeof config.source === 'string' && config.source !== '')
      throw new UserError(`${files.service} loads its configuration from ${config.source}: the source decides the peers to follow; change it there`, ExitCode.invalid)
    const cluster = (config.cluster ?? {}) as Obj
    const crdt = ((config.consensus ?? {}) as Obj).crdt as Obj | undefined
    const pairs: [string, string][] = []
    const current = Array.isArray(cluster.peer_addresses) ? (cluster.peer_addresses as string[]) : []
    const added = o.leader.addresses.filter((a) => !current.includes(a))
    if (added.length > 0) pairs.push(['cluster.peer_addresses', JSON.stringify([...current, ...added])])
    const trust = Array.isArray(crdt?.trusted_peers) ? (crdt!.trusted_peers as string[]) : []
    const shouldTrust = !!crdt && !o.noTrust && !trust.includes('*') && !trust.includes(o.leader.id)
    if (shouldTrust) pairs.push(['consensus.crdt.trusted_peers', JSON.stringify([...trust, o.leader.id])])
    if (pairs.length === 0) return {file: files.service, written: false, runningDaemon: null, changes: [], warnings: []} satisfies SetResult
    return applySet(config, files.service, pairs, serviceRoot, {
      dryRun: o.dryRun,
      validate: (c) => validateConfig({service: c, serviceFile: files.service, follower: o.target.kind === 'follow'}),
      serialize: serializeService,
    })
  }
  const set = o.dryRun ? await update() : await withFolderLock(o.target.folder, update)
  const keys = set.changes.map((c) => c.key).join(', ')
  o.onProgress?.(set.changes.length === 0 ? `${files.service} already has the leader: nothing to write` : o.dryRun ? `dry run: would write ${keys} to ${files.service}` : `wrote ${keys} to ${files.service}`)
  const result: ConnectResult = {
    kind: o.target.kind,
    folder: o.target.folder,
    leader: {id: o.leader.id, addresses: o.leader.addresses},
    changes: set.changes,
    written: set.written,
    trusted: set.changes.some((c) => c.key === 'consensus.crdt.trusted_peers'),
    started: null,
    joined: null,
    peers: [],
    diagnosis: [],
  }
  if (!o.start || o.dryRun) return result

  const args =
    o.target.kind === 'follow'
      ? ['--config', o.target.base!, o.target.name!, 'run']
      : ['--config', o.target.folder, 'daemon', '--bootstrap', o.leader.addresses.join(',')]
  const started = await startDetached(binary, args, o.target.folder, o.env)
  result.started = {pid: started.pid, logFile: started.logFile, command: started.command}
  o.onProgress?.(`started ${binary} (pid ${started.pid}, log ${started.logFile}); waiting for it to join`)
  const joined = await waitJoined(o, started.pid)
  result.joined = joined.ok
  result.peers = joined.peers
  o.onProgress?.(joined.ok ? `joined: ${joined.seen}` : `not joined: ${joined.reason}`)
  if (!joined.ok) {
    // The daemon applies CLUSTER_SECRET over the file's secret at start; compare what it really uses.
    const config = (await readJsonFile(files.service)).value as Obj
    const secret = o.env[ENV_CLUSTER_SECRET] ?? (((config.cluster ?? {}) as Obj).secret as string | undefined) ?? ''
    result.diagnosis = diagnose(await logTail(o.target.folder, 40, started.logOffset), joined.reason, await probeSecret(o.leader.addresses, secret))
  }
  return result
}

/** A peer cannot be its own leader: it would only trust itself and join nobody. */
async function refuseSelf(folder: string, leaderId: string): Promise<void> {
  const identity = await readJsonFile(serviceFiles(folder).identity).catch(() => undefined)
  const own = (identity?.value as {id?: unknown} | undefined)?.id
  if (own === leaderId) throw new UserError(`the leader ${leaderId} is this peer itself (${folder}): give another peer of the cluster`, ExitCode.usage)
}

async function waitJoined(o: ConnectOptions, pid: number): Promise<{ok: boolean; peers: string[]; reason: string; seen?: string}> {
  const deadline = Date.now() + (o.timeoutMs ?? 60_000)
  // The new peer's own API, with its own credentials: --basic-auth is the leader's.
  const {endpoint} = await peerEndpoint(o.target, o.env, undefined, o.tls)
  let reason = 'the new peer did not answer on its REST API'
  let self: string | undefined
  let peers: string[] = []
  // A step is told when it changes, and a wait that goes on every 5 s, so a watcher is neither flooded nor left guessing.
  const start = Date.now()
  let told = ''
  let toldAt = 0
  const tell = (message: string) => {
    if (message === told && Date.now() - toldAt < 5000) return
    o.onProgress?.(message === told ? `${message} (${Math.round((Date.now() - start) / 1000)}s)` : message)
    told = message
    toldAt = Date.now()
  }
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0)
    } catch {
      return {ok: false, peers, reason: 'the daemon exited'}
    }
    if (endpoint) {
      try {
        const id = await apiRequest(endpoint, 'GET', '/id', 2000)
        if (id.status === 200) {
          const first = self === undefined
          self = (JSON.parse(id.body) as {id: string}).id
          if (first) o.onProgress?.(`the daemon answers on its REST API as ${self}`)
          const res = await apiRequest(endpoint, 'GET', '/peers', 3000)
          peers = parseStream<{id: string}>(res).map((p) => p.id)
          const seesLeader = peers.includes(o.leader.id)
          let leaderSees = true
          const checked = !!o.leader.api && o.target.kind === 'service'
          if (checked) {
            const lp = await apiRequest(o.leader.api!, 'GET', '/peers', 3000)
            leaderSees = parseStream<{id: string}>(lp).some((p) => p.id === self)
          }
          if (seesLeader && leaderSees)
            return {ok: true, peers, reason: '', seen: `the new peer ${self} lists the leader ${o.leader.id}${checked ? ', and the leader lists the new peer' : ''}`}
          reason = !seesLeader ? `the new peer ${self} does not list the leader ${o.leader.id}` : `the leader does not list the new peer ${self}`
          tell(`waiting: ${reason}`)
        }
      } catch (error) {
        reason = `the new peer's API: ${(error as Error).message}`
      }
    }
    await sleep(1000)
  }
  return {ok: false, peers, reason: `timed out: ${reason}`}
}

/**
 * The usual causes of a failed join, recognised in the daemon's log and, when given, in what the leader's swarm
 * port answered (see pnet.ts): the log alone cannot tell a different secret from an unreachable leader, since
 * the daemon only logs "dial backoff" / "failed to dial" for both.
 */
export function diagnose(log: string[], reason: string, probe?: SecretProbe): string[] {
  const text = log.join('\n')
  const out = [reason]
  // What the log says about the handshake, unless the leader's own answer settles it.
  const secretInLog = /incoming message was too large|failed to negotiate security protocol|private network/i.test(text)
  const differentSecret = probe?.result === 'different-secret' || (probe?.result !== 'same-secret' && secretInLog)
  const portAnswered = probe?.result === 'same-secret' || probe?.result === 'different-secret'
  const unreachable = probe?.result === 'unreachable' || (!portAnswered && /connection refused|no route to host|i\/o timeout|dial backoff|failed to dial|context deadline exceeded/i.test(text))
  if (differentSecret)
    out.push(
      `different cluster secret: the peers cannot talk (the secret must be the same on every peer)${probe?.result === 'different-secret' ? `; the leader at ${probe.address} uses another secret than this peer` : ''}`,
    )
  if (unreachable) out.push(`leader unreachable: check the address, the port and any firewall${probe?.result === 'unreachable' ? ` (${probe.address}: ${probe.error})` : ''}`)
  const rules: [RegExp, string][] = [
    [/address already in use/i, 'port in use: another process listens on one of this peer\'s ports (change them or use --random-ports)'],
    [/could not determine the consensus component/, 'consensus section missing or doubled: run `service config validate`'],
    [/error loading configurations|failed to validate/i, 'the configuration is invalid: run `service config validate`'],
    [/no leader|leader not found|wait_for_leader/i, 'raft: no leader found (the leader and a quorum must be up)'],
  ]
  for (const [re, message] of rules) if (re.test(text)) out.push(message)
  if (out.length === 1) out.push('no known cause in the log; if both peers run, check that consensus.crdt.cluster_name is the same on both')
  // The last lines that say something: not the IPFS-connector retries or the API's access log.
  out.push(...log.filter((l) => l.trim() !== '' && !/\t(ipfshttp|restapilog)\t/.test(l)).slice(-10).map((l) => `log: ${l}`))
  return out
}
