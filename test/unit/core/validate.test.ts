import {expect} from 'chai'
import {fileURLToPath} from 'node:url'

import {defaultServiceConfig} from '../../../src/core/defaults.js'
import {type Problem, formatProblem, validateConfig} from '../../../src/core/validate.js'
import {DEFAULT_SECRET, ED2_ID, ED_ID, ED_KEY} from '../helpers.js'

type Obj = Record<string, any>
const SF = '/peer/service.json'
const IF = '/peer/identity.json'

const crdt = (): Obj => defaultServiceConfig({consensus: 'crdt', datastore: 'pebble', secret: DEFAULT_SECRET, peername: 'peername'})
const raft = (): Obj => defaultServiceConfig({consensus: 'raft', datastore: 'pebble', secret: DEFAULT_SECRET, peername: 'peername'})

function problemsOf(mutate: (c: Obj) => void, base = crdt): Problem[] {
  const c = base()
  mutate(c)
  return validateConfig({service: c, serviceFile: SF})
}

/** A real self-signed pair and an unrelated key (test/fixtures/tls). */
const TLS = (f: string) => fileURLToPath(new URL(`../../fixtures/tls/${f}`, import.meta.url))

const show = (ps: Problem[]) => JSON.stringify(ps, null, 1)

/** Expects a problem of this severity at exactly `key` (and, for errors, that it is not just a warning). */
function expectProblem(ps: Problem[], severity: Problem['severity'], key: string, message?: RegExp): Problem {
  const found = ps.find((p) => p.key === key && p.severity === severity && (!message || message.test(p.message)))
  expect(found, `no ${severity} at "${key}"${message ? ` matching ${message}` : ''} in ${show(ps)}`).to.not.equal(undefined)
  expect(found!.file).to.equal(SF)
  return found!
}
const expectError = (ps: Problem[], key: string, message?: RegExp) => expectProblem(ps, 'error', key, message)
const expectWarning = (ps: Problem[], key: string, message?: RegExp) => expectProblem(ps, 'warning', key, message)
const errorsOf = (ps: Problem[]) => ps.filter((p) => p.severity === 'error')
function expectNoErrors(ps: Problem[]) {
  expect(errorsOf(ps), show(ps)).to.deep.equal([])
}

interface Case {
  name: string
  bad: (c: Obj) => void
  key: string
  message?: RegExp
  good: (c: Obj) => void
  base?: () => Obj
}

/** One failing and one passing configuration per rule. */
function rules(title: string, cases: Case[]) {
  describe(title, () => {
    for (const k of cases) {
      it(`${k.name}: error at ${k.key}`, () => {
        const ps = problemsOf(k.bad, k.base)
        expectError(ps, k.key, k.message)
      })
      it(`${k.name}: passing counterpart`, () => {
        const ps = problemsOf(k.good, k.base)
        expectNoErrors(ps)
      })
    }
  })
}

describe('core/validate (validateConfig)', () => {
  it('the default crdt + pebble config has no problem at all', () => {
    expect(validateConfig({service: crdt(), serviceFile: SF})).to.deep.equal([])
  })
  it('the default raft config (no datastore section) has no problem at all', () => {
    expect(validateConfig({service: raft(), serviceFile: SF})).to.deep.equal([])
  })
  for (const ds of ['badger3', 'badger', 'leveldb'] as const)
    it(`the default crdt + ${ds} config has no problem at all`, () => {
      const c = defaultServiceConfig({consensus: 'crdt', datastore: ds, secret: DEFAULT_SECRET, peername: 'p'})
      expect(validateConfig({service: c, serviceFile: SF})).to.deep.equal([])
    })
  it('the default file, parsed back from JSON (one-element lists as strings), has no problem', () => {
    const c = crdt()
    c.api.restapi.http_listen_multiaddress = '/ip4/127.0.0.1/tcp/9094'
    c.cluster.listen_multiaddress = '/ip4/0.0.0.0/tcp/9096'
    expect(validateConfig({service: c, serviceFile: SF})).to.deep.equal([])
  })
  it('formatProblem names the file and the key', () => {
    expect(formatProblem({severity: 'error', file: SF, key: 'cluster.secret', message: 'is bad'})).to.equal(`${SF}: cluster.secret is bad`)
    expect(formatProblem({severity: 'error', file: SF, key: '', message: 'must be a JSON object'})).to.equal(`${SF}: must be a JSON object`)
  })

  rules('cluster.secret', [
    {name: 'odd length', key: 'cluster.secret', message: /must be 64 hex characters \(32 bytes\), got 63 characters/, bad: (c) => (c.cluster.secret = DEFAULT_SECRET.slice(1)), good: (c) => (c.cluster.secret = DEFAULT_SECRET.toUpperCase())},
    {name: 'short', key: 'cluster.secret', message: /must be 64 hex characters \(32 bytes\), got 32 characters/, bad: (c) => (c.cluster.secret = DEFAULT_SECRET.slice(32)), good: () => {}},
    {name: 'non-hex', key: 'cluster.secret', message: /must be 64 hex characters \(32 bytes\); it holds characters that are not hex/, bad: (c) => (c.cluster.secret = 'z' + DEFAULT_SECRET.slice(1)), good: () => {}},
    {name: 'too long', key: 'cluster.secret', message: /got 66 characters/, bad: (c) => (c.cluster.secret = DEFAULT_SECRET + 'ab'), good: () => {}},
    {name: 'not a string', key: 'cluster.secret', bad: (c) => (c.cluster.secret = 42), good: () => {}},
  ])
  it('cluster.secret: an empty or missing secret is a warning (unprotected network), not an error', () => {
    for (const mutate of [(c: Obj) => (c.cluster.secret = ''), (c: Obj) => delete c.cluster.secret]) {
      const ps = problemsOf(mutate)
      expectNoErrors(ps)
      expectWarning(ps, 'cluster.secret', /unprotected/)
    }
  })

  rules('replication factors', [
    {name: 'min > max', key: 'cluster.replication_factor_min', message: /larger than/, bad: (c) => Object.assign(c.cluster, {replication_factor_min: 3, replication_factor_max: 2}), good: (c) => Object.assign(c.cluster, {replication_factor_min: 2, replication_factor_max: 3})},
    {name: '-1 with 3', key: 'cluster.replication_factor_min', message: /-1/, bad: (c) => Object.assign(c.cluster, {replication_factor_min: -1, replication_factor_max: 3}), good: (c) => Object.assign(c.cluster, {replication_factor_min: -1, replication_factor_max: -1})},
    {name: '3 with -1', key: 'cluster.replication_factor_min', bad: (c) => Object.assign(c.cluster, {replication_factor_min: 3, replication_factor_max: -1}), good: (c) => Object.assign(c.cluster, {replication_factor_min: 3, replication_factor_max: 3})},
    {name: '0 is read as -1, so 0 with 3 is invalid', key: 'cluster.replication_factor_min', bad: (c) => Object.assign(c.cluster, {replication_factor_min: 0, replication_factor_max: 3}), good: (c) => Object.assign(c.cluster, {replication_factor_min: 0, replication_factor_max: -1})},
    {name: '0 and 0 are both -1', key: 'cluster.replication_factor_max', bad: (c) => Object.assign(c.cluster, {replication_factor_min: -1, replication_factor_max: -2}), good: (c) => Object.assign(c.cluster, {replication_factor_min: 0, replication_factor_max: 0})},
    {name: 'min -2', key: 'cluster.replication_factor_min', message: /-1 or more/, bad: (c) => Object.assign(c.cluster, {replication_factor_min: -2, replication_factor_max: -1}), good: (c) => Object.assign(c.cluster, {replication_factor_min: 1, replication_factor_max: 1})},
    {name: 'a string', key: 'cluster.replication_factor_min', message: /integer/, bad: (c) => (c.cluster.replication_factor_min = '2'), good: (c) => delete c.cluster.replication_factor_min},
  ])

  rules('consensus and datastore sections', [
    {name: 'both crdt and raft', key: 'consensus', message: /both/, bad: (c) => (c.consensus.raft = raft().consensus.raft), good: (c) => (c.consensus.raft = null)},
    {name: 'neither', key: 'consensus', message: /neither/, bad: (c) => (c.consensus = {}), good: () => {}},
    {name: 'no consensus category', key: 'consensus', bad: (c) => delete c.consensus, good: () => {}},
    {name: 'crdt with no datastore', key: 'datastore', message: /no datastore/, bad: (c) => delete c.datastore, good: () => {}},
    {name: 'crdt with two datastores', key: 'datastore', message: /several/, bad: (c) => (c.datastore.badger3 = defaultServiceConfig({consensus: 'crdt', datastore: 'badger3'}).datastore!), good: (c) => (c.datastore.badger3 = null)},
    {name: 'crdt with an empty datastore category', key: 'datastore', bad: (c) => (c.datastore = {}), good: () => {}},
  ])
  it('raft without a datastore section is valid', () => {
    expect(validateConfig({service: raft(), serviceFile: SF})).to.deep.equal([])
  })
  it('raft with a stray datastore section is valid, with a warning that it is ignored', () => {
    const ps = problemsOf((c) => (c.datastore = crdt().datastore), raft)
    expectNoErrors(ps)
    expectWarning(ps, 'datastore', /ignored/)
  })

  rules('cluster.listen_multiaddress', [
    {name: 'missing', key: 'cluster.listen_multiaddress', message: /undefined/, bad: (c) => delete c.cluster.listen_multiaddress, good: (c) => (c.cluster.listen_multiaddress = '/ip4/0.0.0.0/tcp/9096')},
    {name: 'empty string', key: 'cluster.listen_multiaddress', message: /empty/, bad: (c) => (c.cluster.listen_multiaddress = ''), good: (c) => (c.cluster.listen_multiaddress = ['/ip4/0.0.0.0/tcp/9096'])},
    {name: 'empty list', key: 'cluster.listen_multiaddress', message: /empty/, bad: (c) => (c.cluster.listen_multiaddress = []), good: (c) => (c.cluster.listen_multiaddress = ['/ip6/::/tcp/9096'])},
    {name: 'unparsable string', key: 'cluster.listen_multiaddress', message: /multiaddress/, bad: (c) => (c.cluster.listen_multiaddress = '0.0.0.0:9096'), good: () => {}},
    {name: 'unparsable protocol', key: 'cluster.listen_multiaddress', message: /multiaddress/, bad: (c) => (c.cluster.listen_multiaddress = '/ip4/0.0.0.0/tcp/notaport'), good: () => {}},
    {name: 'a bad entry in a list', key: 'cluster.listen_multiaddress.1', message: /multiaddress/, bad: (c) => (c.cluster.listen_multiaddress = ['/ip4/0.0.0.0/tcp/9096', 'bad']), good: () => {}},
    {name: 'api address list entry', key: 'api.restapi.http_listen_multiaddress', message: /multiaddress/, bad: (c) => (c.api.restapi.http_listen_multiaddress = 'http://127.0.0.1:9094'), good: (c) => (c.api.restapi.http_listen_multiaddress = '/unix/run/cluster.sock')},
  ])
  it('a list with one bad entry reports that entry, not a misleading "must be string" on the list', () => {
    const ps = problemsOf((c) => (c.cluster.listen_multiaddress = ['/ip4/0.0.0.0/tcp/9096', 'bad']))
    const errs = errorsOf(ps).filter((p) => p.key.startsWith('cluster.listen_multiaddress'))
    expect(errs.map((p) => p.message).filter((m) => /must be string/.test(m)), show(errs)).to.deep.equal([])
    expect(errs, show(errs)).to.have.length(1)
  })

  rules('durations', [
    {name: '1d in the cluster section', key: 'cluster.monitor_ping_interval', message: /Go duration/, bad: (c) => (c.cluster.monitor_ping_interval = '1d'), good: (c) => (c.cluster.monitor_ping_interval = '24h')},
    {name: 'number without unit', key: 'cluster.state_sync_interval', bad: (c) => (c.cluster.state_sync_interval = '300'), good: (c) => (c.cluster.state_sync_interval = '300s')},
    {name: 'number instead of string', key: 'cluster.dial_peer_timeout', message: /string/, bad: (c) => (c.cluster.dial_peer_timeout = 3), good: () => {}},
    {name: 'dial_peer_timeout 0', key: 'cluster.dial_peer_timeout', message: /greater than 0/, bad: (c) => (c.cluster.dial_peer_timeout = '0s'), good: (c) => (c.cluster.dial_peer_timeout = '1ms')},
    {name: 'negative peer_watch_interval', key: 'cluster.peer_watch_interval', bad: (c) => (c.cluster.peer_watch_interval = '-5s'), good: () => {}},
    {name: 'pin_recover_interval 0', key: 'cluster.pin_recover_interval', bad: (c) => (c.cluster.pin_recover_interval = '0'), good: (c) => (c.cluster.mdns_interval = '0s')},
    {name: 'pubsub seen_messages_ttl 0', key: 'cluster.pubsub.seen_messages_ttl', bad: (c) => (c.cluster.pubsub.seen_messages_ttl = '0s'), good: (c) => delete c.cluster.pubsub.seen_messages_ttl},
    {name: 'pubsub heartbeat_interval 0', key: 'cluster.pubsub.heartbeat_interval', bad: (c) => (c.cluster.pubsub.heartbeat_interval = '0s'), good: () => {}},
    {name: 'negative restapi read_timeout', key: 'api.restapi.read_timeout', message: /negative/, bad: (c) => (c.api.restapi.read_timeout = '-1s'), good: (c) => (c.api.restapi.read_timeout = '0s')},
    {name: 'negative ipfsproxy idle_timeout', key: 'api.ipfsproxy.idle_timeout', bad: (c) => (c.api.ipfsproxy.idle_timeout = '-1m'), good: () => {}},
    {name: 'negative ipfshttp pin_timeout', key: 'ipfs_connector.ipfshttp.pin_timeout', bad: (c) => (c.ipfs_connector.ipfshttp.pin_timeout = '-2m'), good: (c) => (c.ipfs_connector.ipfshttp.pin_timeout = '0s')},
    {name: 'bad raft duration', key: 'consensus.raft.commit_timeout', base: raft, bad: (c) => (c.consensus.raft.commit_timeout = 5), good: () => {}},
  ])
  it('a bad crdt repair_interval (x-lenient) is a warning naming the default the daemon keeps', () => {
    const ps = problemsOf((c) => (c.consensus.crdt.repair_interval = '1d'))
    expectNoErrors(ps)
    const w = expectWarning(ps, 'consensus.crdt.repair_interval', /Go duration/)
    expect(w.message).to.contain('1h0m0s')
  })
  it('a bad raft wait_for_leader_timeout (x-lenient) is a warning', () => {
    const ps = problemsOf((c) => (c.consensus.raft.wait_for_leader_timeout = '15'), raft)
    expectNoErrors(ps)
    expectWarning(ps, 'consensus.raft.wait_for_leader_timeout')
  })

  rules('connection_manager, pubsub, resource_manager', [
    {name: 'low_water > high_water', key: 'cluster.connection_manager.low_water', message: /greater than high_water/, bad: (c) => Object.assign(c.cluster.connection_manager, {low_water: 500, high_water: 400}), good: (c) => Object.assign(c.cluster.connection_manager, {low_water: 400, high_water: 400})},
    {name: 'missing high_water', key: 'cluster.connection_manager.high_water', bad: (c) => delete c.cluster.connection_manager.high_water, good: (c) => delete c.cluster.connection_manager},
    {name: 'low_water 0', key: 'cluster.connection_manager.low_water', bad: (c) => (c.cluster.connection_manager.low_water = 0), good: (c) => (c.cluster.connection_manager.low_water = 1)},
    {name: 'missing grace_period', key: 'cluster.connection_manager.grace_period', bad: (c) => delete c.cluster.connection_manager.grace_period, good: (c) => (c.cluster.connection_manager.grace_period = '30s')},
    {name: 'grace_period 0s', key: 'cluster.connection_manager.grace_period', bad: (c) => (c.cluster.connection_manager.grace_period = '0s'), good: () => {}},
    {name: 'd_factor 0', key: 'cluster.pubsub.d_factor', message: /at least 1/, bad: (c) => (c.cluster.pubsub.d_factor = 0), good: (c) => (c.cluster.pubsub.d_factor = 1)},
    {name: 'history_gossip missing', key: 'cluster.pubsub.history_gossip', bad: (c) => delete c.cluster.pubsub.history_gossip, good: (c) => delete c.cluster.pubsub},
    {name: 'history_length 0', key: 'cluster.pubsub.history_length', bad: (c) => (c.cluster.pubsub.history_length = 0), good: () => {}},
    {name: 'negative memory_limit_bytes', key: 'cluster.resource_manager.memory_limit_bytes', bad: (c) => (c.cluster.resource_manager.memory_limit_bytes = -1), good: (c) => (c.cluster.resource_manager.memory_limit_bytes = 2 ** 31)},
    {name: 'connection_manager not an object', key: 'cluster.connection_manager', message: /object/, bad: (c) => (c.cluster.connection_manager = 'x'), good: () => {}},
  ])

  rules('cluster flags and peers', [
    {name: 'pin_only on trusted and untrusted', key: 'cluster.pin_only_on_trusted_peers', bad: (c) => Object.assign(c.cluster, {pin_only_on_trusted_peers: true, pin_only_on_untrusted_peers: true}), good: (c) => Object.assign(c.cluster, {pin_only_on_trusted_peers: true, pin_only_on_untrusted_peers: false})},
    {name: 'peer_addresses with /p2p/ that is not a peer id', key: 'cluster.peer_addresses.0', bad: (c) => (c.cluster.peer_addresses = ['/ip4/1.2.3.4/tcp/9096/p2p/abc']), good: (c) => (c.cluster.peer_addresses = [])},
    {name: 'unparsable peer_addresses', key: 'cluster.peer_addresses.1', message: /multiaddress/, bad: (c) => (c.cluster.peer_addresses = [`/ip4/1.2.3.4/tcp/9096/p2p/${ED_ID}`, 'nope']), good: (c) => (c.cluster.peer_addresses = null)},
    {name: 'leave_on_shutdown as a string', key: 'cluster.leave_on_shutdown', message: /boolean/, bad: (c) => (c.cluster.leave_on_shutdown = 'true'), good: (c) => (c.cluster.leave_on_shutdown = true)},
    {name: 'peername as a number', key: 'cluster.peername', message: /string/, bad: (c) => (c.cluster.peername = 5), good: (c) => (c.cluster.peername = '')},
    {name: 'peer_addresses as a string', key: 'cluster.peer_addresses', message: /array/, bad: (c) => (c.cluster.peer_addresses = `/ip4/1.2.3.4/tcp/9096/p2p/${ED_ID}`), good: () => {}},
  ])
  it('peer_addresses without /p2p is a warning (the daemon drops it); full addresses pass', () => {
    const ps = problemsOf((c) => (c.cluster.peer_addresses = ['/ip4/1.2.3.4/tcp/9096']))
    expectNoErrors(ps)
    expectWarning(ps, 'cluster.peer_addresses.0', /p2p/)
    const ok = problemsOf((c) => (c.cluster.peer_addresses = [`/ip4/1.2.3.4/tcp/9096/p2p/${ED_ID}`, `/dns4/x.example/tcp/9096/ipfs/${ED2_ID}`]))
    expect(ok).to.deep.equal([])
  })
  it('missing enable_relay_hop / disable_repinning are warnings (the daemon reads false)', () => {
    const ps = problemsOf((c) => {
      delete c.cluster.enable_relay_hop
      delete c.cluster.disable_repinning
    })
    expectNoErrors(ps)
    expectWarning(ps, 'cluster.enable_relay_hop', /false/)
    expectWarning(ps, 'cluster.disable_repinning', /false/)
  })
  it('a missing cluster section is an error at "cluster"', () => {
    expectError(problemsOf((c) => delete c.cluster), 'cluster', /listen_multiaddress is undefined/)
    expectError(problemsOf((c) => (c.cluster = null)), 'cluster')
  })

  rules('crdt', [
    {name: 'trusted_peers with an invalid id', key: 'consensus.crdt.trusted_peers.0', message: /peer id/, bad: (c) => (c.consensus.crdt.trusted_peers = ['abc']), good: (c) => (c.consensus.crdt.trusted_peers = [ED_ID, ED2_ID])},
    {name: 'second trusted peer invalid', key: 'consensus.crdt.trusted_peers.1', bad: (c) => (c.consensus.crdt.trusted_peers = [ED_ID, 'Qmnotapeer']), good: (c) => (c.consensus.crdt.trusted_peers = ['*'])},
    {name: 'negative repair_interval', key: 'consensus.crdt.repair_interval', message: /negative/, bad: (c) => (c.consensus.crdt.repair_interval = '-1h'), good: (c) => (c.consensus.crdt.repair_interval = '0s')},
    {name: 'negative rebroadcast_interval', key: 'consensus.crdt.rebroadcast_interval', bad: (c) => (c.consensus.crdt.rebroadcast_interval = '-1s'), good: (c) => (c.consensus.crdt.rebroadcast_interval = '10s')},
    {name: 'negative max_queue_size', key: 'consensus.crdt.batching.max_queue_size', bad: (c) => (c.consensus.crdt.batching.max_queue_size = -5), good: (c) => (c.consensus.crdt.batching.max_queue_size = 0)},
  ])
  it('an empty cluster_name is read as the default: no error', () => {
    expectNoErrors(problemsOf((c) => (c.consensus.crdt.cluster_name = '')))
  })
  it('a missing trusted_peers is a warning (trust nobody but self)', () => {
    const ps = problemsOf((c) => delete c.consensus.crdt.trusted_peers)
    expectNoErrors(ps)
    expectWarning(ps, 'consensus.crdt.trusted_peers')
  })

  rules('raft', [
    {name: 'init_peerset with an invalid id', key: 'consensus.raft.init_peerset.0', base: raft, bad: (c) => (c.consensus.raft.init_peerset = ['abc']), good: (c) => (c.consensus.raft.init_peerset = [ED_ID])},
    {name: 'negative commit_retries', key: 'consensus.raft.commit_retries', base: raft, bad: (c) => (c.consensus.raft.commit_retries = -1), good: (c) => (c.consensus.raft.commit_retries = 0)},
    {name: 'negative backups_rotate', key: 'consensus.raft.backups_rotate', base: raft, bad: (c) => (c.consensus.raft.backups_rotate = -1), good: (c) => (c.consensus.raft.backups_rotate = 1)},
    {name: 'heartbeat_timeout below 5ms', key: 'consensus.raft.heartbeat_timeout', base: raft, bad: (c) => Object.assign(c.consensus.raft, {heartbeat_timeout: '1ms', leader_lease_timeout: '1ms'}), good: (c) => Object.assign(c.consensus.raft, {heartbeat_timeout: '5ms', election_timeout: '5ms', leader_lease_timeout: '5ms'})},
    {name: 'election_timeout below 5ms', key: 'consensus.raft.election_timeout', base: raft, bad: (c) => (c.consensus.raft.election_timeout = '4ms'), good: (c) => (c.consensus.raft.election_timeout = '0s')},
    {name: 'election_timeout below heartbeat_timeout', key: 'consensus.raft.election_timeout', message: /heartbeat_timeout/, base: raft, bad: (c) => Object.assign(c.consensus.raft, {heartbeat_timeout: '2s', election_timeout: '1s'}), good: (c) => Object.assign(c.consensus.raft, {heartbeat_timeout: '2s', election_timeout: '2s'})},
    {name: 'leader_lease_timeout above heartbeat_timeout', key: 'consensus.raft.leader_lease_timeout', message: /heartbeat_timeout/, base: raft, bad: (c) => (c.consensus.raft.leader_lease_timeout = '2s'), good: (c) => (c.consensus.raft.leader_lease_timeout = '1s')},
    {name: 'leader_lease_timeout below 5ms', key: 'consensus.raft.leader_lease_timeout', base: raft, bad: (c) => (c.consensus.raft.leader_lease_timeout = '1ms'), good: (c) => (c.consensus.raft.leader_lease_timeout = '0s')},
    {name: 'commit_timeout below 1ms', key: 'consensus.raft.commit_timeout', base: raft, bad: (c) => (c.consensus.raft.commit_timeout = '500us'), good: (c) => (c.consensus.raft.commit_timeout = '1ms')},
    {name: 'snapshot_interval below 5ms', key: 'consensus.raft.snapshot_interval', base: raft, bad: (c) => (c.consensus.raft.snapshot_interval = '1ms'), good: (c) => (c.consensus.raft.snapshot_interval = '1h')},
    {name: 'max_append_entries above 1024', key: 'consensus.raft.max_append_entries', base: raft, bad: (c) => (c.consensus.raft.max_append_entries = 1025), good: (c) => (c.consensus.raft.max_append_entries = 1024)},
  ])

  it('raft timeouts are compared exactly, not truncated to milliseconds (lease 10.5ms > heartbeat 10ms)', () => {
    // hashicorp/raft: LeaderLeaseTimeout > HeartbeatTimeout is an error, whatever the unit.
    const ps = problemsOf((c) => Object.assign(c.consensus.raft, {heartbeat_timeout: '10ms', election_timeout: '10ms', leader_lease_timeout: '10.5ms'}), raft)
    expectError(ps, 'consensus.raft.leader_lease_timeout', /heartbeat_timeout/)
  })

  rules('TLS key pair of an HTTP API (loaded at start, relative to the config folder)', [
    {name: 'certificate file missing', key: 'api.restapi.ssl_cert_file', message: /^error loading TLS certificate\/key: cannot read \/peer\/cert\.pem: ENOENT/, bad: (c) => Object.assign(c.api.restapi, {ssl_cert_file: 'cert.pem', ssl_key_file: TLS('key.pem')}), good: (c) => Object.assign(c.api.restapi, {ssl_cert_file: TLS('cert.pem'), ssl_key_file: TLS('key.pem')})},
    {name: 'key does not match the certificate', key: 'api.restapi.ssl_key_file', message: /does not match the certificate/, bad: (c) => Object.assign(c.api.restapi, {ssl_cert_file: TLS('cert.pem'), ssl_key_file: TLS('other-key.pem')}), good: (c) => Object.assign(c.api.restapi, {ssl_cert_file: '', ssl_key_file: ''})},
    {name: 'only the certificate set', key: 'api.pinsvcapi.ssl_key_file', message: /is empty but ssl_cert_file is set/, bad: (c) => Object.assign(c.api.pinsvcapi, {ssl_cert_file: TLS('cert.pem')}), good: (c) => Object.assign(c.api.pinsvcapi, {ssl_cert_file: TLS('cert.pem'), ssl_key_file: TLS('key.pem')})},
    {name: 'a key where the certificate should be', key: 'api.restapi.ssl_cert_file', message: /no PEM certificate/, bad: (c) => Object.assign(c.api.restapi, {ssl_cert_file: TLS('key.pem'), ssl_key_file: TLS('key.pem')}), good: () => {}},
  ])

  it('a follower loads its api sections before replacing them with its socket API: their TLS files count too', () => {
    const c = crdt()
    Object.assign(c.api.restapi, {ssl_cert_file: 'missing.pem', ssl_key_file: 'missing.pem'})
    expectError(validateConfig({service: c, serviceFile: SF, follower: true}), 'api.restapi.ssl_cert_file', /cannot read \/peer\/missing\.pem/)
  })

  rules('HTTP APIs', [
    {name: 'basic_auth_credentials {}', key: 'api.restapi.basic_auth_credentials', message: /null or have at least one entry/, bad: (c) => (c.api.restapi.basic_auth_credentials = {}), good: (c) => (c.api.restapi.basic_auth_credentials = {admin: 'pw'})},
    {name: 'pinsvcapi basic_auth_credentials {}', key: 'api.pinsvcapi.basic_auth_credentials', bad: (c) => (c.api.pinsvcapi.basic_auth_credentials = {}), good: (c) => (c.api.pinsvcapi.basic_auth_credentials = null)},
    {name: 'basic_auth password not a string', key: 'api.restapi.basic_auth_credentials.admin', message: /string/, bad: (c) => (c.api.restapi.basic_auth_credentials = {admin: 1}), good: () => {}},
    {name: 'max_header_bytes 100', key: 'api.restapi.max_header_bytes', message: /4096/, bad: (c) => (c.api.restapi.max_header_bytes = 100), good: (c) => (c.api.restapi.max_header_bytes = 0)},
    {name: 'ipfsproxy max_header_bytes 100', key: 'api.ipfsproxy.max_header_bytes', bad: (c) => (c.api.ipfsproxy.max_header_bytes = 100), good: (c) => (c.api.ipfsproxy.max_header_bytes = 8192)},
    {name: 'libp2p trio incomplete', key: 'api.restapi.libp2p_listen_multiaddress', bad: (c) => (c.api.restapi.id = ED_ID), good: (c) => Object.assign(c.api.restapi, {id: ED_ID, private_key: ED_KEY, libp2p_listen_multiaddress: '/ip4/0.0.0.0/tcp/9099'})},
    {name: 'libp2p id does not match private_key', key: 'api.restapi.id', bad: (c) => Object.assign(c.api.restapi, {id: ED2_ID, private_key: ED_KEY, libp2p_listen_multiaddress: ['/ip4/0.0.0.0/tcp/9099']}), good: (c) => Object.assign(c.api.restapi, {id: '', private_key: '', libp2p_listen_multiaddress: []})},
    {name: 'libp2p private_key garbage', key: 'api.pinsvcapi.private_key', bad: (c) => Object.assign(c.api.pinsvcapi, {id: ED_ID, private_key: 'abc', libp2p_listen_multiaddress: '/ip4/0.0.0.0/tcp/9099'}), good: () => {}},
    {name: 'cors_allowed_origins not a list', key: 'api.restapi.cors_allowed_origins', bad: (c) => (c.api.restapi.cors_allowed_origins = '*'), good: (c) => (c.api.restapi.cors_allowed_origins = null)},
  ])
  it('a missing restapi is a warning (the API is disabled)', () => {
    const ps = problemsOf((c) => delete c.api.restapi)
    expectNoErrors(ps)
    expectWarning(ps, 'api.restapi', /not start/)
  })

  rules('other components', [
    {name: 'ipfshttp without node_multiaddress', key: 'ipfs_connector.ipfshttp.node_multiaddress', bad: (c) => delete c.ipfs_connector.ipfshttp.node_multiaddress, good: (c) => (c.ipfs_connector.ipfshttp.node_multiaddress = '/unix/run/ipfs.sock')},
    {name: 'ipfshttp bad node_multiaddress', key: 'ipfs_connector.ipfshttp.node_multiaddress', message: /multiaddress/, bad: (c) => (c.ipfs_connector.ipfshttp.node_multiaddress = 'localhost:5001'), good: (c) => (c.ipfs_connector.ipfshttp.node_multiaddress = '/dns/ipfs/tcp/5001')},
    {name: 'ipfshttp negative informer_trigger_interval', key: 'ipfs_connector.ipfshttp.informer_trigger_interval', bad: (c) => (c.ipfs_connector.ipfshttp.informer_trigger_interval = -1), good: (c) => (c.ipfs_connector.ipfshttp.informer_trigger_interval = 10)},
    {name: 'stateless negative concurrent_pins', key: 'pin_tracker.stateless.concurrent_pins', bad: (c) => (c.pin_tracker.stateless.concurrent_pins = -1), good: (c) => (c.pin_tracker.stateless.concurrent_pins = 0)},
    {name: 'stateless negative max_pin_queue_size', key: 'pin_tracker.stateless.max_pin_queue_size', bad: (c) => (c.pin_tracker.stateless.max_pin_queue_size = -1), good: (c) => (c.pin_tracker.stateless.max_pin_queue_size = 5)},
    {name: 'pubsubmon check_interval missing', key: 'monitor.pubsubmon.check_interval', message: /too low/, bad: (c) => delete c.monitor.pubsubmon.check_interval, good: (c) => (c.monitor.pubsubmon.check_interval = '1m')},
    {name: 'pubsubmon check_interval 0s', key: 'monitor.pubsubmon.check_interval', bad: (c) => (c.monitor.pubsubmon.check_interval = '0s'), good: (c) => delete c.monitor.pubsubmon},
    {name: 'disk metric_type bad', key: 'informer.disk.metric_type', message: /freespace/, bad: (c) => (c.informer.disk.metric_type = 'numpin'), good: (c) => (c.informer.disk.metric_type = 'reposize')},
    {name: 'disk metric_type missing', key: 'informer.disk.metric_type', bad: (c) => delete c.informer.disk.metric_type, good: () => {}},
    {name: 'disk metric_ttl missing', key: 'informer.disk.metric_ttl', bad: (c) => delete c.informer.disk.metric_ttl, good: (c) => delete c.informer.disk},
    {name: 'pinqueue metric_ttl 0s', key: 'informer.pinqueue.metric_ttl', bad: (c) => (c.informer.pinqueue.metric_ttl = '0s'), good: (c) => delete c.informer.pinqueue.weight_bucket_size},
    {name: 'tags not a map of strings', key: 'informer.tags.tags.group', bad: (c) => (c.informer.tags.tags = {group: 1}), good: (c) => (c.informer.tags.tags = null)},
    {name: 'allocate_by not a list', key: 'allocator.balanced.allocate_by', bad: (c) => (c.allocator.balanced.allocate_by = 'freespace'), good: (c) => (c.allocator.balanced.allocate_by = ['freespace'])},
    {name: 'prometheus_endpoint missing', key: 'observations.metrics.prometheus_endpoint', message: /missing/, bad: (c) => delete c.observations.metrics.prometheus_endpoint, good: (c) => (c.observations.metrics.prometheus_endpoint = '/ip4/0.0.0.0/tcp/8888')},
    {name: 'prometheus_endpoint invalid', key: 'observations.metrics.prometheus_endpoint', bad: (c) => (c.observations.metrics.prometheus_endpoint = ':8888'), good: () => {}},
    {name: 'jaeger_agent_endpoint missing', key: 'observations.tracing.jaeger_agent_endpoint', bad: (c) => delete c.observations.tracing.jaeger_agent_endpoint, good: () => {}},
    {name: 'sampling_prob a string', key: 'observations.tracing.sampling_prob', message: /number/, bad: (c) => (c.observations.tracing.sampling_prob = '0.3'), good: (c) => (c.observations.tracing.sampling_prob = 1)},
  ])

  rules('datastores', [
    {name: 'pebble l0_compaction_threshold > l0_stop_writes_threshold', key: 'datastore.pebble.pebble_options.l0_compaction_threshold', bad: (c) => (c.datastore.pebble.pebble_options.l0_compaction_threshold = 13), good: (c) => (c.datastore.pebble.pebble_options.l0_compaction_threshold = 12)},
    {name: 'pebble mem_table_size 4 GiB', key: 'datastore.pebble.pebble_options.mem_table_size', bad: (c) => (c.datastore.pebble.pebble_options.mem_table_size = 4 * 1024 ** 3), good: (c) => (c.datastore.pebble.pebble_options.mem_table_size = 4 * 1024 ** 3 - 1)},
    {name: 'pebble mem_table_stop_writes_threshold 1', key: 'datastore.pebble.pebble_options.mem_table_stop_writes_threshold', bad: (c) => (c.datastore.pebble.pebble_options.mem_table_stop_writes_threshold = 1), good: (c) => (c.datastore.pebble.pebble_options.mem_table_stop_writes_threshold = 2)},
    {name: 'pebble format_major_version 25', key: 'datastore.pebble.pebble_options.format_major_version', bad: (c) => (c.datastore.pebble.pebble_options.format_major_version = 25), good: (c) => (c.datastore.pebble.pebble_options.format_major_version = 13)},
    {name: 'pebble format_major_version 12', key: 'datastore.pebble.pebble_options.format_major_version', bad: (c) => (c.datastore.pebble.pebble_options.format_major_version = 12), good: () => {}},
    {name: 'pebble folder empty', key: 'datastore.pebble.folder', bad: (c) => (c.datastore.pebble.folder = ''), good: (c) => (c.datastore.pebble.folder = '/var/lib/pebble')},
    {name: 'pebble levels wrong type', key: 'datastore.pebble.pebble_options.levels.0.block_size', bad: (c) => (c.datastore.pebble.pebble_options.levels[0].block_size = '4k'), good: (c) => (c.datastore.pebble.pebble_options.levels = c.datastore.pebble.pebble_options.levels.slice(0, 2))},
    {
      name: 'badger3 gc_discard_ratio 1.5',
      key: 'datastore.badger3.gc_discard_ratio',
      base: () => defaultServiceConfig({consensus: 'crdt', datastore: 'badger3', secret: DEFAULT_SECRET, peername: 'p'}),
      bad: (c) => (c.datastore.badger3.gc_discard_ratio = 1.5),
      good: (c) => (c.datastore.badger3.gc_discard_ratio = 0.5),
    },
    {
      name: 'leveldb folder empty',
      key: 'datastore.leveldb.folder',
      base: () => defaultServiceConfig({consensus: 'crdt', datastore: 'leveldb', secret: DEFAULT_SECRET, peername: 'p'}),
      bad: (c) => (c.datastore.leveldb.folder = ''),
      good: (c) => (c.datastore.leveldb.leveldb_options.compaction_table_size_multiplier_per_level = [1, 2.5]),
    },
  ])

  describe('unknown keys', () => {
    it('are warnings with a "did you mean" suggestion', () => {
      const ps = problemsOf((c) => {
        c.cluster.sceret = 'x'
        c.consensus.crdt.trusted_peer = []
      })
      expectNoErrors(ps)
      expect(expectWarning(ps, 'cluster.sceret').message).to.contain('did you mean cluster.secret?')
      expect(expectWarning(ps, 'consensus.crdt.trusted_peer').message).to.contain('did you mean consensus.crdt.trusted_peers?')
    })
    it('an unknown component (numpin, monbasic) or top-level key is a warning', () => {
      const ps = problemsOf((c) => {
        c.informer.numpin = {metric_ttl: '10s'}
        c.monitor.monbasic = {}
        c.extra = 1
      })
      expectNoErrors(ps)
      expectWarning(ps, 'informer.numpin', /ignored/)
      expectWarning(ps, 'monitor.monbasic')
      expectWarning(ps, 'extra')
    })
    it('map entries are not unknown keys', () => {
      expect(problemsOf((c) => (c.informer.tags.tags = {region: 'eu', rack: '2'}))).to.deep.equal([])
    })
  })

  describe('null sections and source-only configs', () => {
    it('null component sections mean "defaults" and are valid', () => {
      const ps = problemsOf((c) => {
        c.api.ipfsproxy = null
        c.observations = {metrics: null, tracing: null}
        c.monitor.pubsubmon = null
        c.informer.tags = null
        c.consensus.raft = null
      })
      expectNoErrors(ps)
    })
    it('a null category is valid', () => {
      expectNoErrors(problemsOf((c) => (c.observations = null)))
    })
    it('a source-only config is valid', () => {
      expect(validateConfig({service: {source: 'http://127.0.0.1:8080/ipns/config.example.org'}, serviceFile: SF})).to.deep.equal([])
    })
    it('a source with other keys warns that they are ignored', () => {
      const ps = validateConfig({service: {source: 'https://example.org/service.json', cluster: {}}, serviceFile: SF})
      expectNoErrors(ps)
      expectWarning(ps, 'cluster', /ignored/)
    })
    it('a source that is not a URL is an error', () => {
      expectError(validateConfig({service: {source: 'example.org/service.json'}, serviceFile: SF}), 'source')
    })
    it('a service that is not an object is an error at the file level', () => {
      for (const s of [[], 'x', null, 5]) expectError(validateConfig({service: s, serviceFile: SF}), '')
    })
    it('no service and no identity: nothing to report', () => {
      expect(validateConfig({serviceFile: SF})).to.deep.equal([])
    })
  })

  describe('follower configs (ipfs-cluster-follow)', () => {
    const followerProblems = (mutate: (c: Obj) => void, base = crdt) => {
      const c = base()
      mutate(c)
      return validateConfig({service: c, serviceFile: SF, follower: true})
    }
    it('raft is an error at consensus', () => {
      expectError(followerProblems(() => {}, raft), 'consensus', /crdt only/)
    })
    it('crdt without an api category is fine: no "API will not start" warnings', () => {
      expect(followerProblems((c) => delete c.api)).to.deep.equal([])
    })
    it('an api category is a warning (follow serves its API on a unix socket)', () => {
      const ps = followerProblems(() => {})
      expectNoErrors(ps)
      expectWarning(ps, 'api', /ignored/)
    })
  })

  describe('identity', () => {
    const idProblems = (identity: unknown) => validateConfig({serviceFile: SF, identity, identityFile: IF})
    const expectIdError = (ps: Problem[], keys: string[], message: RegExp) => {
      const p = ps.find((x) => x.severity === 'error' && x.file === IF && message.test(x.message))
      expect(p, show(ps)).to.not.equal(undefined)
      expect(keys).to.include(p!.key)
    }
    it('a valid identity has no problem', () => {
      expect(idProblems({id: ED_ID, private_key: ED_KEY})).to.deep.equal([])
    })
    it('a mismatched identity is an error in identity.json', () => {
      expectIdError(idProblems({id: ED2_ID, private_key: ED_KEY}), ['id', 'private_key'], /identity ID does not match the private_key/)
    })
    it('an invalid id is an error at id', () => {
      expectIdError(idProblems({id: 'abc', private_key: ED_KEY}), ['id'], /peer id|decoding cluster ID/)
    })
    it('an invalid key is an error at private_key', () => {
      expectIdError(idProblems({id: ED_ID, private_key: 'abc'}), ['private_key'], /private_key/)
    })
    it('missing fields are errors at that field', () => {
      expectIdError(idProblems({private_key: ED_KEY}), ['id'], /missing|not set/)
      expectIdError(idProblems({id: ED_ID}), ['private_key'], /missing|not set/)
    })
    it('a non-object identity is an error', () => {
      expectIdError(idProblems([]), [''], /object/)
    })
    it('service and identity problems are reported together', () => {
      const ps = validateConfig({service: crdt(), serviceFile: SF, identity: {id: ED2_ID, private_key: ED_KEY}, identityFile: IF})
      expect(ps.filter((p) => p.file === IF)).to.have.length(1)
      expect(ps.filter((p) => p.file === SF)).to.have.length(0)
    })
  })
})
