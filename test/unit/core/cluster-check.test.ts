// `cluster check`'s config rules on bundles made with the core's own `service config create`: a healthy bundle has
// no finding, and each broken bundle (one change to a healthy one) fails with exactly the finding of its rule. No
// result ever holds a secret or a private key.
import {expect} from 'chai'
import {randomBytes} from 'node:crypto'
import {readFile, writeFile} from 'node:fs/promises'
import {fileURLToPath} from 'node:url'
import {join} from 'node:path'

import {type CheckResult, clusterCheck} from '../../../src/cluster/check.js'
import {RULES, type RuleId} from '../../../src/core/check/rules.js'
import {addClusterPeers, createCluster, removeClusterPeer} from '../../../src/core/cluster.js'
import {createFollowConfig} from '../../../src/core/follow-config.js'
import {createServiceConfig, serializeService, setServiceConfig} from '../../../src/core/service-config.js'
import {listenPorts} from '../../cli/helpers.js'
import {ED2_KEY, ED_ID, tempDirs} from '../helpers.js'

type Obj = Record<string, any>

interface BundlePeer {
  name: string
  folder: string
  id: string
  addr: string
}
interface TestBundle {
  dir: string
  peers: BundlePeer[]
  /** Every secret and private key written: none may appear in a result. */
  secrets: string[]
}

const tmp = tempDirs('icc-check-')

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8'))
const svcFile = (p: BundlePeer) => join(p.folder, 'service.json')

/** Edits a peer's service.json as a person with an editor would (the core's `set` refuses invalid values). */
async function patch(p: BundlePeer, edit: (svc: Obj) => void): Promise<void> {
  const svc = await readJson(svcFile(p))
  edit(svc)
  await writeFile(svcFile(p), serializeService(svc))
}

const set = (p: BundlePeer, ...pairs: [string, string][]) => setServiceConfig({path: p.folder, pairs})

/** Every port a peer's service.json listens on (swarm and APIs). */
/**
 * A bundle as `cluster create` lays it out (cluster.json + one folder per peer), made with the core's create: one
 * secret, free ports, every crdt peer trusting all, raft peers sharing init_peerset, each peerstore listing the others.
 */
async function makeBundle(consensus: ('crdt' | 'raft')[] = ['crdt', 'crdt', 'crdt']): Promise<TestBundle> {
  const dir = await tmp.make()
  const secret = randomBytes(32).toString('hex')
  const peers: BundlePeer[] = []
  const secrets = [secret]
  const used = new Set<string>()
  for (const [i, c] of consensus.entries()) {
    const name = `peer-${i}`
    const folder = join(dir, name)
    // Free ports are probed one peer at a time: a port another peer got already is drawn again (no chance clash).
    let r = await createServiceConfig({path: folder, consensus: c, datastore: c === 'crdt' ? 'pebble' : undefined, secret, peername: name, randomPorts: true, env: {}})
    while ((await listenPorts(folder)).some((port) => used.has(port)))
      r = await createServiceConfig({path: folder, consensus: c, datastore: c === 'crdt' ? 'pebble' : undefined, secret, peername: name, randomPorts: true, force: true, env: {}})
    for (const port of await listenPorts(folder)) used.add(port)
    const svc = await readJson(join(folder, 'service.json'))
    const port = /\/tcp\/(\d+)/.exec([svc.cluster.listen_multiaddress].flat()[0])![1]
    peers.push({name, folder, id: r.peerId, addr: `/ip4/127.0.0.1/tcp/${port}/p2p/${r.peerId}`})
    secrets.push((await readJson(join(folder, 'identity.json'))).private_key)
  }
  const ids = peers.map((p) => p.id)
  const raftIds = peers.filter((_, i) => consensus[i] === 'raft').map((p) => p.id)
  for (const [i, p] of peers.entries()) {
    if (consensus[i] === 'crdt') await set(p, ['consensus.crdt.trusted_peers', ids.join(',')])
    else if (raftIds.length === consensus.length) await set(p, ['consensus.raft.init_peerset', raftIds.join(',')])
    await writeFile(join(p.folder, 'peerstore'), peers.filter((q) => q !== p).map((q) => q.addr + '\n').join(''))
  }
  // The manifest `cluster create` writes (its ports field describes a fixed layout; these peers have free ports).
  const cluster = {
    format: 1,
    consensus: consensus[0],
    datastore: consensus[0] === 'crdt' ? 'pebble' : null,
    targets: ['folders'],
    namePrefix: 'peer',
    hosts: {mode: 'local'},
    ports: {restapi: 9094, ipfsproxy: 9095, swarm: 9096, pinsvcapi: 9097, step: 10},
    peers: await Promise.all(
      peers.map(async (p, index) => {
        const svc = await readJson(svcFile(p))
        return {name: p.name, index, id: p.id, folder: p.name, host: '127.0.0.1', addresses: [p.addr], api: svc.api.restapi.http_listen_multiaddress}
      }),
    ),
  }
  await writeFile(join(dir, 'cluster.json'), JSON.stringify(cluster, null, 2))
  return {dir, peers, secrets}
}

async function check(b: TestBundle, o: {env?: NodeJS.ProcessEnv; follow?: string[]; followBase?: string} = {}): Promise<CheckResult> {
  const r = await clusterCheck({bundle: b.dir, env: o.env ?? {}, offline: true, follow: o.follow, followBase: o.followBase})
  const text = JSON.stringify(r)
  for (const s of b.secrets) expect(text, 'a secret or private key in the result').not.to.contain(s)
  return r
}

const rules = (r: CheckResult) => r.findings.map((f) => f.rule)
const show = (r: CheckResult) => JSON.stringify(r.findings, null, 1)

/** Exactly one finding, of this rule; returns it. */
function only(r: CheckResult, rule: RuleId) {
  expect(rules(r), show(r)).to.deep.equal([rule])
  const f = r.findings[0]
  expect(f.severity).to.equal(RULES[rule].severity)
  expect(f.fix).to.be.a('string').and.not.equal('')
  expect(r.exitCode).to.equal(f.severity === 'error' ? 4 : 0)
  return f
}

describe('cluster check: config rules', function () {
  this.timeout(60_000)

  it('a healthy crdt bundle and a healthy raft bundle: no finding, exit 0', async () => {
    for (const consensus of [['crdt', 'crdt', 'crdt'], ['raft', 'raft', 'raft']] as const) {
      const b = await makeBundle([...consensus])
      const r = await check(b)
      expect(r.findings, show(r)).to.deep.equal([])
      expect(r).to.include({ok: true, errors: 0, warnings: 0, exitCode: 0, matrix: null})
      expect(r.peers.map((p) => [p.name, p.id])).to.deep.equal(b.peers.map((p) => [p.name, p.id]))
    }
  })

  it('a healthy bundle from `cluster create` (crdt, raft; folders, Compose, Kubernetes) passes with no finding, also after add and remove', async () => {
    for (const [consensus, targets] of [['crdt', ['folders']], ['raft', ['folders']], ['crdt', ['folders', 'compose', 'kubernetes']]] as const) {
      const out = join(await tmp.make(), 'bundle')
      await createCluster({out, peers: 3, consensus, targets: [...targets], env: {}})
      const secret = (await readJson(join(out, 'peer-0', 'service.json'))).cluster.secret
      const keys = await Promise.all([0, 1, 2].map(async (i) => (await readJson(join(out, `peer-${i}`, 'identity.json'))).private_key))
      const b: TestBundle = {dir: out, peers: [], secrets: [secret, ...keys]}
      const r = await check(b)
      expect(r.findings, `${consensus} ${targets}: ${show(r)}`).to.deep.equal([])
      expect(r.peers.map((p) => p.name)).to.deep.equal(['peer-0', 'peer-1', 'peer-2'])
      await addClusterPeers({out, peers: 1})
      const grown = await check(b)
      expect(grown.findings, `after add: ${show(grown)}`).to.deep.equal([])
      expect(grown.peers).to.have.length(4)
      await removeClusterPeer({out, name: 'peer-3'})
      const shrunk = await check(b)
      expect(shrunk.findings, `after remove: ${show(shrunk)}`).to.deep.equal([])
      expect(shrunk.peers.map((p) => p.name)).to.deep.equal(['peer-0', 'peer-1', 'peer-2'])
    }
  })

  it('a `cluster create` bundle with one peer edited: exactly the finding of that edit', async () => {
    const out = join(await tmp.make(), 'bundle')
    await createCluster({out, peers: 3, consensus: 'crdt', datastore: 'pebble', env: {}})
    await setServiceConfig({path: join(out, 'peer-2'), pairs: [['consensus.crdt.cluster_name', 'elsewhere']]})
    const r = await clusterCheck({bundle: out, env: {}, offline: true})
    expect(rules(r)).to.deep.equal(['cluster-name-differs'])
    expect(r.findings[0].peers).to.deep.equal(['peer-0', 'peer-1', 'peer-2'])
  })

  it('secret-differs: says which peers agree with which, without the secrets', async () => {
    const b = await makeBundle(['crdt', 'crdt', 'crdt', 'crdt'])
    const other = randomBytes(32).toString('hex')
    const third = randomBytes(32).toString('hex')
    b.secrets.push(other, third)
    await set(b.peers[2], ['cluster.secret', other])
    await set(b.peers[3], ['cluster.secret', third])
    const f = only(await check(b), 'secret-differs')
    expect(f.groups).to.deep.equal([['peer-0', 'peer-1'], ['peer-2'], ['peer-3']])
    expect(f.message).to.equal('the cluster secret differs: peer-0 and peer-1 share one secret; peer-2 has another; peer-3 has a third')
    expect(f.keys).to.deep.equal(['cluster.secret'])
    expect(f.fix).to.contain(`service config get cluster.secret --show-secrets --path ${b.peers[0].folder} | ipfs-cluster-config service config set cluster.secret - --path ${b.peers[2].folder}`)
  })

  it('secret-differs: the same secret in upper case is the same key', async () => {
    const b = await makeBundle()
    const svc = await readJson(svcFile(b.peers[0]))
    await patch(b.peers[1], (s) => (s.cluster.secret = svc.cluster.secret.toUpperCase()))
    b.secrets.push(svc.cluster.secret.toUpperCase())
    expect(rules(await check(b))).to.deep.equal([])
  })

  it('secret-empty: some peers without a secret', async () => {
    const b = await makeBundle()
    await patch(b.peers[1], (s) => (s.cluster.secret = ''))
    const f = only(await check(b), 'secret-empty')
    expect(f.message).to.equal('peer-1 has no secret (an unprotected network) while peer-0 and peer-2 have one')
    expect(f.groups).to.deep.equal([['peer-0', 'peer-2'], ['peer-1']])
  })

  it('cluster-unprotected: no peer has a secret (a warning: exit 0)', async () => {
    const b = await makeBundle()
    for (const p of b.peers) await patch(p, (s) => (s.cluster.secret = ''))
    expect(only(await check(b), 'cluster-unprotected').peers).to.deep.equal(['peer-0', 'peer-1', 'peer-2'])
  })

  it('consensus-differs', async () => {
    const f = only(await check(await makeBundle(['crdt', 'crdt', 'raft'])), 'consensus-differs')
    expect(f.message).to.equal('peer-0 and peer-1 run crdt; peer-2 runs raft')
  })

  it('cluster-name-differs', async () => {
    const b = await makeBundle()
    await set(b.peers[2], ['consensus.crdt.cluster_name', 'other'])
    const f = only(await check(b), 'cluster-name-differs')
    expect(f.message).to.equal('crdt cluster_name differs: "ipfs-cluster" on peer-0 and peer-1; "other" on peer-2')
    expect(f.fix).to.equal(`ipfs-cluster-config service config set consensus.crdt.cluster_name ipfs-cluster --path ${b.peers[2].folder}`)
  })

  it('peer-not-trusted: names the truster, the missing peer and a complete list to set', async () => {
    const b = await makeBundle()
    const [p0, p1, p2] = b.peers
    await set(p0, ['consensus.crdt.trusted_peers', `${p0.id},${p1.id}`])
    const f = only(await check(b), 'peer-not-trusted')
    expect(f.peers).to.deep.equal(['peer-0', 'peer-2'])
    expect(f.message).to.equal(`peer-0 does not trust peer-2 (${p2.id}): peer-0 ignores the pins it makes`)
    expect(f.fix).to.equal(`ipfs-cluster-config service config set consensus.crdt.trusted_peers ${p0.id},${p1.id},${p2.id} --path ${p0.folder}`)
    // Trusting everyone is trusting them.
    await set(p0, ['consensus.crdt.trusted_peers', '*'])
    expect(rules(await check(b))).to.deep.equal([])
  })

  it('follower-trust-missing: a follower that trusts one leader of three', async () => {
    const b = await makeBundle()
    const base = await tmp.make()
    const secret = (await readJson(svcFile(b.peers[0]))).cluster.secret
    await createFollowConfig({base, name: 'all', leaders: b.peers.map((p) => p.addr), secret, env: {}})
    await createFollowConfig({base, name: 'one', leaders: [b.peers[0].addr], secret, env: {}})
    for (const name of ['all', 'one']) b.secrets.push((await readJson(join(base, name, 'identity.json'))).private_key)
    expect(rules(await check(b, {followBase: base, follow: ['all']})), 'trusting all three').to.deep.equal([])
    const f = only(await check(b, {followBase: base, follow: ['one']}), 'follower-trust-missing')
    expect(f.peers).to.deep.equal(['follower:one', 'peer-1', 'peer-2'])
    expect(f.fix).to.match(new RegExp(`^ipfs-cluster-config follow config set one consensus.crdt.trusted_peers ${b.peers[0].id},${b.peers[1].id},${b.peers[2].id} --path `))
  })

  it('raft-peerset-differs and raft-peerset-incomplete', async () => {
    const b = await makeBundle(['raft', 'raft', 'raft'])
    const [p0, p1, p2] = b.peers
    await set(p2, ['consensus.raft.init_peerset', `${p0.id},${p2.id}`])
    const differs = only(await check(b), 'raft-peerset-differs')
    expect(differs.groups).to.deep.equal([['peer-0', 'peer-1'], ['peer-2']])
    for (const p of b.peers) await set(p, ['consensus.raft.init_peerset', `${p0.id},${p1.id}`])
    const incomplete = only(await check(b), 'raft-peerset-incomplete')
    expect(incomplete.message).to.contain(`misses peer-2 (${p2.id})`)
  })

  it('duplicate-peer-id: a peer folder with a copy of a bundle peer\'s identity', async () => {
    const b = await makeBundle()
    const p0 = b.peers[0]
    const copy = join(await tmp.make(), 'copy')
    const secret = (await readJson(svcFile(p0))).cluster.secret
    await createServiceConfig({path: copy, consensus: 'crdt', datastore: 'pebble', secret, peername: 'copy', randomPorts: true, env: {}})
    await writeFile(join(copy, 'identity.json'), await readFile(join(p0.folder, 'identity.json')))
    const r = await clusterCheck({bundle: b.dir, paths: [copy], env: {}, offline: true})
    const f = only(r, 'duplicate-peer-id')
    expect(f.peers).to.deep.equal(['peer-0', copy])
    expect(f.message).to.equal(`peer-0 and ${copy} have the same identity ${p0.id} (a copied folder?): the cluster sees one peer`)
    expect(f.fix).to.equal(`give ${copy} a new identity: ipfs-cluster-config identity create > ${join(copy, 'identity.json')}`)
  })

  it('duplicate-peer-name (a warning)', async () => {
    const b = await makeBundle()
    await set(b.peers[1], ['cluster.peername', 'peer-0'])
    const f = only(await check(b), 'duplicate-peer-name')
    expect(f.peers).to.deep.equal(['peer-0', 'peer-1'])
    expect(f.fix).to.equal(`ipfs-cluster-config service config set cluster.peername peer-1 --path ${b.peers[1].folder}`)
  })

  it('identity-mismatch: an id whose key is another peer\'s', async () => {
    const b = await makeBundle()
    const file = join(b.peers[1].folder, 'identity.json')
    await writeFile(file, JSON.stringify({id: b.peers[1].id, private_key: ED2_KEY}, null, 4))
    const f = only(await check(b), 'identity-mismatch')
    expect(f.message).to.equal(`peer-1: ${file}: identity ID does not match the private_key`)
  })

  it('bundle-id-differs: cluster.json names another id than identity.json', async () => {
    const b = await makeBundle()
    const file = join(b.dir, 'cluster.json')
    const cluster = await readJson(file)
    cluster.peers[1] = JSON.parse(JSON.stringify(cluster.peers[1]).replaceAll(b.peers[1].id, ED_ID))
    await writeFile(file, JSON.stringify(cluster))
    expect(only(await check(b), 'bundle-id-differs').message).to.equal(`peer-1: cluster.json says ${ED_ID}, identity.json says ${b.peers[1].id}`)
  })

  it('replication-too-large: replication_factor_min above the number of peers', async () => {
    const b = await makeBundle()
    await set(b.peers[0], ['cluster.replication_factor_min', '4'], ['cluster.replication_factor_max', '4'])
    const f = only(await check(b), 'replication-too-large')
    expect(f.message).to.contain('replication_factor_min 4 on peer-0 is larger than the 3 peers checked')
    // Equal to the number of peers is fine.
    await set(b.peers[0], ['cluster.replication_factor_min', '3'])
    expect(rules(await check(b))).to.deep.equal([])
  })

  it('listen-port-clash: two peers on one host with one swarm port; the fix moves it to a free port', async () => {
    const b = await makeBundle()
    const [p0, p1] = b.peers
    const listen = (await readJson(svcFile(p0))).cluster.listen_multiaddress
    await patch(p1, (s) => (s.cluster.listen_multiaddress = listen))
    const r = await check(b)
    expect(rules(r), show(r)).to.deep.equal(['listen-port-clash', 'listen-port-clash'])
    const [tcp, udp] = r.findings
    const port = /\/tcp\/(\d+)/.exec(listen[0])![1]
    expect(tcp.message).to.equal(`peer-0 (cluster.listen_multiaddress) and peer-1 (cluster.listen_multiaddress) both listen on tcp/${port} on host 127.0.0.1: the second to start fails`)
    expect(udp.message).to.contain('both listen on udp/')
    expect(tcp.fix).to.match(/^ipfs-cluster-config service config set cluster.listen_multiaddress \/ip4\/0\.0\.0\.0\/tcp\/\d+,\/ip4\/0\.0\.0\.0\/udp\/\d+\/quic --path /)
    // The same ports on different hosts do not clash.
    const file = join(b.dir, 'cluster.json')
    const cluster = await readJson(file)
    cluster.peers[1].host = '10.0.0.2'
    await writeFile(file, JSON.stringify(cluster))
    expect(rules(await check(b))).to.deep.equal([])
  })

  it('unknown-peer-address: a peer address of no checked peer (a warning)', async () => {
    const b = await makeBundle()
    const stranger = `/ip4/10.9.9.9/tcp/9096/p2p/${ED_ID}`
    await set(b.peers[0], ['cluster.peer_addresses', stranger])
    const f = only(await check(b), 'unknown-peer-address')
    expect(f.message).to.contain(`${stranger} (cluster.peer_addresses)`)
    expect(f.keys).to.deep.equal(['cluster.peer_addresses'])
  })

  it('peer-unreadable and peer-invalid: one bad peer does not hide the others', async () => {
    const b = await makeBundle()
    await writeFile(svcFile(b.peers[1]), '{"cluster": ')
    const unreadable = only(await check(b), 'peer-unreadable')
    expect(unreadable.message).to.match(/^peer-1: .*service\.json is not valid JSON at line 1 column 13/)
    const good = await readJson(svcFile(b.peers[0]))
    await writeFile(svcFile(b.peers[1]), serializeService({...good, cluster: {...good.cluster, peername: 'peer-1'}}))
    await patch(b.peers[1], (s) => {
      s.cluster.connection_manager.high_water = 0
      s.cluster.listen_multiaddress = ['/ip4/0.0.0.0/tcp/0']
      s.api = {}
    })
    const invalid = only(await check(b), 'peer-invalid')
    expect(invalid.message).to.equal('peer-1: cluster.connection_manager.high_water must be greater than 0 (and 1 more)')
  })

  it('env-ignored and env-empty, derived from the schema, with the nearest real name', async () => {
    const b = await makeBundle()
    const ignored = only(await check(b, {env: {CLUSTER_MONITOR_PING_INTERVAL: '2s', HOME: '/x'}}), 'env-ignored')
    expect(ignored.message).to.equal('CLUSTER_MONITOR_PING_INTERVAL is not read by ipfs-cluster-service or ipfs-cluster-follow: it is silently ignored (did you mean CLUSTER_MONITORPINGINTERVAL?)')
    expect(ignored.fix).to.equal('rename it to CLUSTER_MONITORPINGINTERVAL')
    expect(only(await check(b, {env: {CLUSTER_SECRET: ''}}), 'env-empty').message).to.match(/^CLUSTER_SECRET is set but empty: .*unprotected/)
    // Names upstream does read are not findings.
    expect(rules(await check(b, {env: {CLUSTER_MONITORPINGINTERVAL: '2s', CLUSTER_ID: 'x', CLUSTER_CREDENTIALS: 'a:b', CLUSTER_CRDT_TRUSTEDPEERS: '*'}}))).to.deep.equal([])
  })

  it('the README lists every rule with its severity', async () => {
    const readme = await readFile(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8')
    for (const [rule, {severity, summary}] of Object.entries(RULES)) expect(readme).to.contain(`| \`${rule}\` | ${severity} | ${summary} |`)
  })
})
