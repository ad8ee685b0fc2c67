// The rules of `cluster check`: what makes peers that are each valid fail together. Each rule has an id, a fixed
// severity and a summary; each finding names the peers and keys involved and a one-line fix. Secrets are compared,
// never shown: peers are grouped by a keyed hash made with a key that lives only for this run.
import {createHmac, randomBytes} from 'node:crypto'

import {clusterEnvWarnings} from '../env.js'
import {identityProblems} from '../identity.js'
import {peerIdOfMultiaddr} from '../multiaddr.js'
import {serviceFiles} from '../paths.js'
import {validateConfig} from '../validate.js'
import type {CheckPeer} from './peers.js'

export type Severity = 'error' | 'warning'

/** Every rule, config and live: the one table the checks, the report and the README follow. */
export const RULES = {
  'peer-unreadable': {severity: 'error', summary: "a peer's files cannot be read (or a follower's source fetched)"},
  'peer-invalid': {severity: 'error', summary: 'the daemon would refuse to start a peer with this config'},
  'identity-mismatch': {severity: 'error', summary: "identity.json's id does not match its private key"},
  'bundle-id-differs': {severity: 'error', summary: "cluster.json names another id than the peer's identity.json"},
  'duplicate-peer-id': {severity: 'error', summary: 'two peers have the same identity (a copied folder)'},
  'duplicate-peer-name': {severity: 'warning', summary: 'two peers have the same cluster.peername'},
  'consensus-differs': {severity: 'error', summary: 'peers run different consensus components (crdt and raft)'},
  'secret-differs': {severity: 'error', summary: 'peers have different cluster secrets: they cannot connect'},
  'secret-empty': {severity: 'error', summary: 'some peers have no secret while others have one: they cannot connect'},
  'cluster-unprotected': {severity: 'warning', summary: 'no peer has a secret: anyone can join the network'},
  'cluster-name-differs': {severity: 'error', summary: 'crdt peers have different consensus.crdt.cluster_name (pubsub topics)'},
  'peer-not-trusted': {severity: 'error', summary: "a crdt peer is missing from another peer's trusted_peers: its pins are ignored there"},
  'follower-trust-missing': {severity: 'error', summary: "a follower's trusted_peers misses the cluster's peers: it ignores their pins"},
  'raft-peerset-differs': {severity: 'error', summary: 'raft peers have different init_peerset'},
  'raft-peerset-incomplete': {severity: 'error', summary: 'the raft init_peerset misses a peer'},
  'replication-too-large': {severity: 'error', summary: 'replication_factor_min is larger than the number of peers: pins cannot be allocated'},
  'listen-port-clash': {severity: 'error', summary: 'two peers on the same host listen on the same port'},
  'unknown-peer-address': {severity: 'warning', summary: 'peer_addresses or the peerstore point at no known peer'},
  'env-ignored': {severity: 'warning', summary: 'a CLUSTER_* variable upstream does not read: it is silently ignored'},
  'env-empty': {severity: 'warning', summary: 'a CLUSTER_* variable is set but empty: the daemon applies the empty value'},
  'api-unreachable': {severity: 'error', summary: 'a peer given with --api does not answer'},
  'peers-not-seen': {severity: 'error', summary: "a live peer does not list all the others in /peers"},
  'live-id-differs': {severity: 'error', summary: "a running peer's /id is not the id in its identity.json"},
  'version-differs': {severity: 'warning', summary: 'live peers run different versions'},
  'unknown-live-peer': {severity: 'warning', summary: 'a live peer lists a peer id no checked peer has'},
} as const satisfies Record<string, {severity: Severity; summary: string}>

export type RuleId = keyof typeof RULES

export interface Finding {
  rule: RuleId
  severity: Severity
  /** The peers involved, by name. */
  peers: string[]
  /** The config keys (or variables) involved. */
  keys: string[]
  message: string
  /** One line that repairs it. */
  fix: string
  /** For rules that compare a value: which peers agree with which (one list per value; the value itself is not shown for secrets). */
  groups?: string[][]
}

export function finding(rule: RuleId, f: Omit<Finding, 'rule' | 'severity'>): Finding {
  return {rule, severity: RULES[rule].severity, ...f}
}

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v)
const list = (v: unknown): string[] => (typeof v === 'string' ? (v === '' ? [] : [v]) : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])
const names = (ps: CheckPeer[]) => ps.map((p) => p.name)
/** "a", "a and b", "a, b and c". */
export const and = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`)

export function idOf(p: CheckPeer): string | undefined {
  return typeof p.identity?.id === 'string' && p.identity.id !== '' ? p.identity.id : undefined
}

function section(p: CheckPeer, cat: string, name: string): Obj | undefined {
  const c = p.service?.[cat]
  return isObj(c) && isObj(c[name]) ? c[name] : undefined
}

function consensusOf(p: CheckPeer): 'crdt' | 'raft' | undefined {
  if (p.kind === 'follow') return 'crdt'
  const crdt = section(p, 'consensus', 'crdt')
  const raft = section(p, 'consensus', 'raft')
  return crdt && !raft ? 'crdt' : raft && !crdt ? 'raft' : undefined
}

const cluster = (p: CheckPeer): Obj => (isObj(p.service?.cluster) ? (p.service!.cluster as Obj) : {})

/** A word for the shell: quoted when it holds anything but safe characters. */
export function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`
}

/** The command that sets `key` on a peer (a follower in source mode: where to change it instead). */
export function setCommand(p: CheckPeer, key: string, value: string): string {
  if (p.kind === 'follow') {
    if (p.source) return `change ${key} in the source ${p.source} that ${p.name} loads`
    return `ipfs-cluster-config follow config set ${shellWord(p.follow!)} ${key} ${shellWord(value)} --path ${shellWord(p.base!)}`
  }
  if (!p.folder) return `set ${key} to ${value} on ${p.name}`
  return `ipfs-cluster-config service config set ${key} ${shellWord(value)} --path ${shellWord(p.folder)}`
}

function getCommand(p: CheckPeer, key: string): string {
  return p.kind === 'follow'
    ? `ipfs-cluster-config follow config get ${shellWord(p.follow!)} ${key} --show-secrets --path ${shellWord(p.base!)}`
    : `ipfs-cluster-config service config get ${key} --show-secrets --path ${shellWord(p.folder!)}`
}

/** Groups peers by a value, biggest group first (ties: in peer order). */
function groupBy(peers: CheckPeer[], value: (p: CheckPeer) => string | undefined): {value: string; peers: CheckPeer[]}[] {
  const groups = new Map<string, CheckPeer[]>()
  for (const p of peers) {
    const v = value(p)
    if (v === undefined) continue
    groups.set(v, [...(groups.get(v) ?? []), p])
  }
  return [...groups.entries()].map(([v, ps]) => ({value: v, peers: ps})).sort((a, b) => b.peers.length - a.peers.length)
}

// ---------------------------------------------------------------------------------------------
// The rules on config files

type Rule = (peers: CheckPeer[], out: Finding[]) => void

const readable: Rule = (peers, out) => {
  for (const p of peers)
    for (const u of p.unreadable)
      out.push(finding('peer-unreadable', {peers: [p.name], keys: [], message: `${p.name}: ${u.file} ${u.message}`, fix: `repair or recreate ${u.file}, then run this check again`}))
}

const valid: Rule = (peers, out) => {
  for (const p of peers) {
    if (!p.service) continue
    const file = p.source ?? serviceFiles(p.folder ?? '.').service
    const errors = validateConfig({service: p.service, serviceFile: file, follower: p.kind === 'follow'}).filter((e) => e.severity === 'error')
    if (errors.length === 0) continue
    const first = errors[0]
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''
    const how = p.kind === 'follow' ? `ipfs-cluster-config follow config validate ${shellWord(p.follow!)} --path ${shellWord(p.base!)}` : `ipfs-cluster-config service config validate --path ${shellWord(p.folder!)}`
    out.push(finding('peer-invalid', {peers: [p.name], keys: [...new Set(errors.map((e) => e.key))], message: `${p.name}: ${first.key ? first.key + ' ' : ''}${first.message}${more}`, fix: `fix what \`${how}\` lists`}))
  }
}

const identities: Rule = (peers, out) => {
  for (const p of peers) {
    if (!p.identity) continue
    const problems = identityProblems(p.identity)
    if (problems.length > 0) {
      const file = serviceFiles(p.folder!).identity
      out.push(finding('identity-mismatch', {peers: [p.name], keys: ['id', 'private_key'], message: `${p.name}: ${file}: ${problems[0]}`, fix: `replace it with a real identity: ipfs-cluster-config identity create > ${shellWord(file)} (then update the other peers' trusted_peers)`}))
    }
  }
}

const bundleIds: Rule = (peers, out) => {
  for (const p of peers) {
    const id = idOf(p)
    if (p.bundleId === undefined || id === undefined || p.bundleId === id) continue
    out.push(finding('bundle-id-differs', {peers: [p.name], keys: ['peers.id'], message: `${p.name}: cluster.json says ${p.bundleId}, identity.json says ${id}`, fix: `make them agree: put ${id} in cluster.json, or restore the identity.json of ${p.bundleId}`}))
  }
}

const duplicateIds: Rule = (peers, out) => {
  for (const g of groupBy(peers, idOf))
    if (g.peers.length > 1)
      out.push(finding('duplicate-peer-id', {
        peers: names(g.peers),
        keys: ['id'],
        message: `${and(names(g.peers))} have the same identity ${g.value} (a copied folder?): the cluster sees one peer`,
        fix: `give ${g.peers.slice(1).map((p) => p.name).join(', ')} a new identity: ipfs-cluster-config identity create > ${shellWord(serviceFiles(g.peers[1].folder ?? '.').identity)}`,
      }))
}

const duplicateNames: Rule = (peers, out) => {
  const peername = (p: CheckPeer) => (typeof cluster(p).peername === 'string' && cluster(p).peername !== '' ? (cluster(p).peername as string) : undefined)
  for (const g of groupBy(peers, peername))
    if (g.peers.length > 1)
      out.push(finding('duplicate-peer-name', {
        peers: names(g.peers),
        keys: ['cluster.peername'],
        message: `${and(names(g.peers))} are all named "${g.value}": status and pin listings cannot tell them apart`,
        fix: setCommand(g.peers[1], 'cluster.peername', g.peers[1].origin === 'bundle' ? g.peers[1].name : '<a unique name>'),
      }))
}

const consensus: Rule = (peers, out) => {
  const groups = groupBy(peers.filter((p) => p.service), consensusOf)
  if (groups.length < 2) return
  const [main, ...others] = groups
  out.push(finding('consensus-differs', {
    peers: names(groups.flatMap((g) => g.peers)),
    keys: ['consensus'],
    groups: groups.map((g) => names(g.peers)),
    message: groups.map((g) => `${and(names(g.peers))} ${g.peers.length > 1 ? 'run' : 'runs'} ${g.value}`).join('; '),
    fix: `recreate ${and(names(others.flatMap((g) => g.peers)))} with --consensus ${main.value} (ipfs-cluster-config service config create --consensus ${main.value} --force keeps the identity)`,
  }))
}

const ORDINALS = ['another', 'a third', 'a fourth', 'a fifth']

const secrets: Rule = (peers, out) => {
  const withConfig = peers.filter((p) => p.service)
  if (withConfig.length === 0) return
  // Compared by a keyed hash whose key exists only in this process: equal secrets group together, none is printed.
  const key = randomBytes(32)
  const secretOf = (p: CheckPeer) => (typeof cluster(p).secret === 'string' ? (cluster(p).secret as string).toLowerCase() : '')
  const set = withConfig.filter((p) => secretOf(p) !== '')
  const empty = withConfig.filter((p) => secretOf(p) === '')
  const groups = groupBy(set, (p) => createHmac('sha256', key).update(secretOf(p)).digest('hex'))
  if (groups.length > 1) {
    const [main, ...others] = groups
    const say = groups.map((g, i) => (i === 0 ? `${and(names(g.peers))} ${g.peers.length > 1 ? 'share one secret' : 'has one secret'}` : `${and(names(g.peers))} ${g.peers.length > 1 ? 'share' : 'has'} ${ORDINALS[Math.min(i - 1, 3)]}`))
    const wrong = others.flatMap((g) => g.peers)
    out.push(finding('secret-differs', {
      peers: names(groups.flatMap((g) => g.peers)),
      keys: ['cluster.secret'],
      groups: groups.map((g) => names(g.peers)),
      message: `the cluster secret differs: ${say.join('; ')}`,
      fix: `give ${and(names(wrong))} the secret of ${main.peers[0].name} and restart ${wrong.length > 1 ? 'them' : 'it'}: ${getCommand(main.peers[0], 'cluster.secret')} | ${setCommand(wrong[0], 'cluster.secret', '-')}`,
    }))
  }
  if (set.length > 0 && empty.length > 0) {
    const ref = groups[0].peers[0]
    out.push(finding('secret-empty', {
      peers: names([...empty, ...set]),
      keys: ['cluster.secret'],
      groups: [names(set), names(empty)],
      message: `${and(names(empty))} ${empty.length > 1 ? 'have' : 'has'} no secret (an unprotected network) while ${and(names(set))} ${set.length > 1 ? 'have' : 'has'} one`,
      fix: `give ${and(names(empty))} the secret of ${ref.name} and restart: ${getCommand(ref, 'cluster.secret')} | ${setCommand(empty[0], 'cluster.secret', '-')}`,
    }))
  }
  if (set.length === 0)
    out.push(finding('cluster-unprotected', {
      peers: names(empty),
      keys: ['cluster.secret'],
      message: `no peer has a cluster secret: ${and(names(empty))} run an unprotected network`,
      fix: `set one secret on every peer: od -vN 32 -An -tx1 /dev/urandom | tr -d ' \\n' > secret; then for each peer: ${setCommand(empty[0], 'cluster.secret', '-')} < secret`,
    }))
}

const crdtPeers = (peers: CheckPeer[]) => peers.filter((p) => p.service && consensusOf(p) === 'crdt')

const clusterNames: Rule = (peers, out) => {
  const nameOf = (p: CheckPeer) => {
    const n = section(p, 'consensus', 'crdt')?.cluster_name
    return typeof n === 'string' && n !== '' ? n : 'ipfs-cluster'
  }
  const groups = groupBy(crdtPeers(peers), nameOf)
  if (groups.length < 2) return
  const [main, ...others] = groups
  out.push(finding('cluster-name-differs', {
    peers: names(groups.flatMap((g) => g.peers)),
    keys: ['consensus.crdt.cluster_name'],
    groups: groups.map((g) => names(g.peers)),
    message: `crdt cluster_name differs: ${groups.map((g) => `"${g.value}" on ${and(names(g.peers))}`).join('; ')}`,
    fix: `${setCommand(others[0].peers[0], 'consensus.crdt.cluster_name', main.value)}${others.flatMap((g) => g.peers).length > 1 ? ' (and the same for the others)' : ''}`,
  }))
}

const trustedOf = (p: CheckPeer) => list(section(p, 'consensus', 'crdt')?.trusted_peers)

const trust: Rule = (peers, out) => {
  const services = crdtPeers(peers).filter((p) => p.kind === 'service')
  for (const p of services) {
    const trusted = trustedOf(p)
    if (trusted.includes('*')) continue
    const missing = services.filter((q) => q !== p && idOf(q) !== undefined && idOf(q) !== idOf(p) && !trusted.includes(idOf(q)!))
    if (missing.length === 0) continue
    const ids = [...new Set([...trusted, ...missing.map((q) => idOf(q)!)])]
    out.push(finding('peer-not-trusted', {
      peers: [p.name, ...names(missing)],
      keys: ['consensus.crdt.trusted_peers'],
      message: `${p.name} does not trust ${and(missing.map((q) => `${q.name} (${idOf(q)})`))}: ${p.name} ignores the pins ${missing.length > 1 ? 'they make' : 'it makes'}`,
      fix: setCommand(p, 'consensus.crdt.trusted_peers', ids.join(',')),
    }))
  }
}

const followerTrust: Rule = (peers, out) => {
  const leaders = crdtPeers(peers).filter((p) => p.kind === 'service' && idOf(p) !== undefined)
  for (const f of peers.filter((p) => p.kind === 'follow' && p.service)) {
    const trusted = trustedOf(f)
    if (trusted.includes('*')) continue
    const missing = leaders.filter((l) => !trusted.includes(idOf(l)!))
    if (missing.length === 0) continue
    out.push(finding('follower-trust-missing', {
      peers: [f.name, ...names(missing)],
      keys: ['consensus.crdt.trusted_peers'],
      message: `${f.name} does not trust ${and(missing.map((l) => `${l.name} (${idOf(l)})`))}: it ignores the pins ${missing.length > 1 ? 'they make' : 'it makes'}`,
      fix: setCommand(f, 'consensus.crdt.trusted_peers', [...new Set([...trusted, ...missing.map((l) => idOf(l)!)])].join(',')),
    }))
  }
}

const raftPeerset: Rule = (peers, out) => {
  const rafts = peers.filter((p) => p.service && consensusOf(p) === 'raft')
  const setOf = (p: CheckPeer) => [...new Set(list(section(p, 'consensus', 'raft')?.init_peerset))].sort()
  if (rafts.every((p) => setOf(p).length === 0)) return // joined with --bootstrap: nothing to compare
  const all = rafts.map(idOf).filter((id): id is string => id !== undefined)
  const groups = groupBy(rafts, (p) => setOf(p).join(','))
  const full = [...new Set(all)].sort().join(',')
  if (groups.length > 1) {
    const others = groups.slice(1).flatMap((g) => g.peers)
    out.push(finding('raft-peerset-differs', {
      peers: names(rafts),
      keys: ['consensus.raft.init_peerset'],
      groups: groups.map((g) => names(g.peers)),
      message: `raft init_peerset differs: ${groups.map((g) => `${and(names(g.peers))}: [${g.value.split(',').filter(Boolean).join(', ')}]`).join('; ')} (a fresh cluster starts only when every peer names the same set)`,
      fix: `set the same list on every peer, e.g. ${setCommand(others[0], 'consensus.raft.init_peerset', full)}`,
    }))
    return
  }
  const set = setOf(rafts[0])
  const missing = rafts.filter((p) => idOf(p) !== undefined && !set.includes(idOf(p)!))
  if (missing.length === 0) return
  out.push(finding('raft-peerset-incomplete', {
    peers: names(rafts),
    keys: ['consensus.raft.init_peerset'],
    message: `raft init_peerset of ${and(names(rafts))} misses ${and(missing.map((p) => `${p.name} (${idOf(p)})`))}: ${missing.length > 1 ? 'they are' : 'it is'} not a voter of the new cluster`,
    fix: `set the full list on every peer, e.g. ${setCommand(rafts[0], 'consensus.raft.init_peerset', full)}`,
  }))
}

const replication: Rule = (peers, out) => {
  const services = peers.filter((p) => p.kind === 'service' && p.service)
  const n = services.length
  const minOf = (p: CheckPeer) => {
    const v = cluster(p).replication_factor_min
    return typeof v === 'number' && v !== 0 ? v : -1
  }
  const tooLarge = services.filter((p) => minOf(p) > n)
  if (tooLarge.length === 0) return
  out.push(finding('replication-too-large', {
    peers: names(tooLarge),
    keys: ['cluster.replication_factor_min'],
    message: `replication_factor_min ${[...new Set(tooLarge.map(minOf))].join('/')} on ${and(names(tooLarge))} is larger than the ${n} peer${n > 1 ? 's' : ''} checked: every pin fails with "not enough peers to allocate"`,
    fix: setCommand(tooLarge[0], 'cluster.replication_factor_min', String(n)),
  }))
}

interface Listen {
  peer: CheckPeer
  key: string
  /** Every address of that key (the fix rewrites the whole list). */
  values: string[]
  proto: string
  family: string
  ip: string
  port: number
}

const LISTEN = /^\/(ip4|ip6|dns|dns4|dns6)\/([^/]+)\/(tcp|udp)\/(\d+)/

function listensOf(p: CheckPeer): Listen[] {
  const keys: [string, unknown][] = [['cluster.listen_multiaddress', cluster(p).listen_multiaddress]]
  // ipfs-cluster-follow serves its API on a unix socket and ignores the api sections.
  if (p.kind === 'service') {
    keys.push(['api.restapi.http_listen_multiaddress', section(p, 'api', 'restapi')?.http_listen_multiaddress])
    keys.push(['api.pinsvcapi.http_listen_multiaddress', section(p, 'api', 'pinsvcapi')?.http_listen_multiaddress])
    keys.push(['api.ipfsproxy.listen_multiaddress', section(p, 'api', 'ipfsproxy')?.listen_multiaddress])
  }
  const out: Listen[] = []
  for (const [key, value] of keys)
    for (const ma of list(value)) {
      const m = LISTEN.exec(ma)
      if (!m || Number(m[4]) === 0) continue // port 0: the OS picks a free one
      out.push({peer: p, key, values: list(value), proto: m[3], family: m[1] === 'ip6' || m[1] === 'dns6' ? 'ip6' : 'ip4', ip: m[2], port: Number(m[4])})
    }
  return out
}

const WILDCARD = new Set(['0.0.0.0', '::'])

const ports: Rule = (peers, out) => {
  const listens = peers.filter((p) => p.service).flatMap(listensOf)
  const reported = new Set<string>()
  for (const [i, a] of listens.entries())
    for (const b of listens.slice(i + 1)) {
      if (a.peer === b.peer || (a.peer.host ?? '') !== (b.peer.host ?? '')) continue
      if (a.proto !== b.proto || a.port !== b.port || a.family !== b.family) continue
      if (a.ip !== b.ip && !WILDCARD.has(a.ip) && !WILDCARD.has(b.ip)) continue
      const id = `${a.peer.name}\0${b.peer.name}\0${a.proto}/${a.port}`
      if (reported.has(id)) continue
      reported.add(id)
      // The fix: the same addresses on the first port no listen on that host uses.
      const used = new Set(listens.filter((l) => (l.peer.host ?? '') === (a.peer.host ?? '')).map((l) => l.port))
      let free = a.port + 1
      while (used.has(free)) free++
      const moved = b.values.map((v) => {
        const m = LISTEN.exec(v)
        return m && Number(m[4]) === a.port ? v.replace(`/${m[3]}/${m[4]}`, `/${m[3]}/${free}`) : v
      })
      const where = a.peer.host ? `host ${a.peer.host}` : 'this host'
      out.push(finding('listen-port-clash', {
        peers: [a.peer.name, b.peer.name],
        keys: [...new Set([a.key, b.key])],
        message: `${a.peer.name} (${a.key}) and ${b.peer.name} (${b.key}) both listen on ${a.proto}/${a.port} on ${where}: the second to start fails`,
        fix: setCommand(b.peer, b.key, moved.join(',')),
      }))
    }
}

const addresses: Rule = (peers, out) => {
  if (peers.length < 2) return
  const known = new Set(peers.map(idOf).filter((id): id is string => id !== undefined))
  for (const p of peers) {
    const entries: [string, string][] = [
      ...list(cluster(p).peer_addresses).map((a): [string, string] => ['cluster.peer_addresses', a]),
      ...p.peerstore.map((a): [string, string] => ['peerstore', a]),
    ]
    const unknown = entries.filter(([, a]) => {
      const id = peerIdOfMultiaddr(a)
      return id !== undefined && !known.has(id)
    })
    if (unknown.length === 0) continue
    out.push(finding('unknown-peer-address', {
      peers: [p.name],
      keys: [...new Set(unknown.map(([k]) => k))],
      message: `${p.name} has addresses of peers none of the ${peers.length} checked is: ${unknown.map(([k, a]) => `${a} (${k})`).join(', ')}`,
      fix: `remove them if those peers are gone (${unknown.some(([k]) => k === 'peerstore') ? `edit ${shellWord(serviceFiles(p.folder ?? '.').peerstore)}` : setCommand(p, 'cluster.peer_addresses', '<the addresses of live peers>')}), or add the missing peers to this check`,
    }))
  }
}

const RULE_ORDER: Rule[] = [readable, valid, identities, bundleIds, duplicateIds, duplicateNames, consensus, secrets, clusterNames, trust, followerTrust, raftPeerset, replication, ports, addresses]

/** The findings on the peers' config files, and on the CLUSTER_* variables of `env`. */
export function configFindings(peers: CheckPeer[], env: NodeJS.ProcessEnv): Finding[] {
  const out: Finding[] = []
  for (const rule of RULE_ORDER) rule(peers, out)
  out.push(...envFindings(env))
  return out
}

/** The env rule as findings (the same warnings `service config validate` prints). */
export function envFindings(env: NodeJS.ProcessEnv): Finding[] {
  return clusterEnvWarnings(env).map((w) =>
    finding(w.problem === 'ignored' ? 'env-ignored' : 'env-empty', {
      peers: [],
      keys: [w.variable],
      message: `${w.variable} ${w.message}`,
      fix: w.problem === 'empty' ? `unset ${w.variable}, or give it a value` : w.nearest ? `rename it to ${w.nearest}` : `unset ${w.variable}`,
    }),
  )
}
