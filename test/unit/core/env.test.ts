import {expect} from 'chai'

import {defaultServiceConfig} from '../../../src/core/defaults.js'
import {applyServiceEnv, clusterEnvNames, clusterEnvWarnings, envVariableFor, serviceEnvKeys} from '../../../src/core/env.js'
import {ValueError} from '../../../src/core/values.js'
import {DEFAULT_SECRET, ED2_ID, ED_ID} from '../helpers.js'

type Obj = Record<string, any>
const crdt = (): Obj => defaultServiceConfig({consensus: 'crdt', datastore: 'pebble', secret: DEFAULT_SECRET, peername: 'peername'})

describe('core/env', () => {
  describe('serviceEnvKeys', () => {
    const names = () => new Set(serviceEnvKeys().keys())

    for (const v of [
      'CLUSTER_SECRET',
      'CLUSTER_PEERNAME',
      'CLUSTER_MONITORPINGINTERVAL',
      'CLUSTER_CONNECTIONMANAGER_HIGHWATER',
      'CLUSTER_CRDT_TRUSTEDPEERS',
      'CLUSTER_CRDT_BATCHING_MAXBATCHSIZE',
      'CLUSTER_RESTAPI_BASICAUTHCREDENTIALS',
      'CLUSTER_PEBBLE_PEBBLEOPTIONS_FORMATMAJORVERSION',
      'CLUSTER_LISTENMULTIADDRESS',
      'CLUSTER_REPLICATIONFACTORMIN',
      'CLUSTER_RAFT_COMMITRETRIES',
      'CLUSTER_PINSVCAPI_HTTPLISTENMULTIADDRESS',
      'CLUSTER_IPFSHTTP_NODEMULTIADDRESS',
      'CLUSTER_PUBSUBMON_CHECKINTERVAL',
      'CLUSTER_TAGS_TAGS',
      'CLUSTER_METRICS_PROMETHEUSENDPOINT',
      'CLUSTER_PEBBLE_FOLDER',
      'CLUSTER_BADGER3_BADGEROPTIONS_NUMGOROUTINES',
      'CLUSTER_RESOURCEMANAGER_MEMORYLIMITBYTES',
      'CLUSTER_PUBSUB_DFACTOR',
    ])
      it(`contains ${v}`, () => expect(names().has(v)).to.equal(true))

    for (const v of ['CLUSTER_MONITOR_PING_INTERVAL', 'CLUSTER_ID', 'CLUSTER_PRIVATEKEY', 'CLUSTER_CONNECTIONMANAGER', 'CLUSTER_PEBBLE_PEBBLEOPTIONS_LEVELS'])
      it(`does not contain ${v}`, () => expect(names().has(v)).to.equal(false))

    it('maps each variable to its dotted key', () => {
      expect(serviceEnvKeys().get('CLUSTER_CRDT_BATCHING_MAXBATCHSIZE')!.path.join('.')).to.equal('consensus.crdt.batching.max_batch_size')
      expect(serviceEnvKeys().get('CLUSTER_MONITORPINGINTERVAL')!.path.join('.')).to.equal('cluster.monitor_ping_interval')
      expect(envVariableFor('api.restapi.basic_auth_credentials')).to.equal('CLUSTER_RESTAPI_BASICAUTHCREDENTIALS')
      expect(envVariableFor('cluster.nope')).to.equal(undefined)
    })
  })

  describe('applyServiceEnv', () => {
    it('applies lists, maps, ints, bools and durations (normalised)', () => {
      const c = crdt()
      const applied = applyServiceEnv(c, {
        CLUSTER_LISTENMULTIADDRESS: '/ip4/0.0.0.0/tcp/9196,/ip4/0.0.0.0/udp/9196/quic',
        CLUSTER_RESTAPI_BASICAUTHCREDENTIALS: 'admin:pw,bob:x',
        CLUSTER_TAGS_TAGS: 'group:eu,region:x',
        CLUSTER_MONITORPINGINTERVAL: '90s',
        CLUSTER_CONNECTIONMANAGER_HIGHWATER: '0x20',
        CLUSTER_ENABLERELAYHOP: 'false',
        CLUSTER_CRDT_TRUSTEDPEERS: `${ED_ID},${ED2_ID}`,
        CLUSTER_PEBBLE_PEBBLEOPTIONS_FORMATMAJORVERSION: '20',
        HOME: '/home/x',
        CLUSTER_MONITOR_PING_INTERVAL: '1s', // wrong name: ignored like the daemon does
      })
      expect(c.cluster.listen_multiaddress).to.deep.equal(['/ip4/0.0.0.0/tcp/9196', '/ip4/0.0.0.0/udp/9196/quic'])
      expect(c.api.restapi.basic_auth_credentials).to.deep.equal({admin: 'pw', bob: 'x'})
      expect(c.informer.tags.tags).to.deep.equal({group: 'eu', region: 'x'})
      expect(c.cluster.monitor_ping_interval).to.equal('1m30s')
      expect(c.cluster.connection_manager.high_water).to.equal(32)
      expect(c.cluster.enable_relay_hop).to.equal(false)
      expect(c.consensus.crdt.trusted_peers).to.deep.equal([ED_ID, ED2_ID])
      expect(c.datastore.pebble.pebble_options.format_major_version).to.equal(20)
      expect(applied.map((a) => a.variable).sort()).to.deep.equal(
        [
          'CLUSTER_LISTENMULTIADDRESS',
          'CLUSTER_RESTAPI_BASICAUTHCREDENTIALS',
          'CLUSTER_TAGS_TAGS',
          'CLUSTER_MONITORPINGINTERVAL',
          'CLUSTER_CONNECTIONMANAGER_HIGHWATER',
          'CLUSTER_ENABLERELAYHOP',
          'CLUSTER_CRDT_TRUSTEDPEERS',
          'CLUSTER_PEBBLE_PEBBLEOPTIONS_FORMATMAJORVERSION',
        ].sort(),
      )
      expect(applied.find((a) => a.variable === 'CLUSTER_MONITORPINGINTERVAL')!.key).to.equal('cluster.monitor_ping_interval')
    })

    it('a set-but-empty CLUSTER_SECRET gives an empty secret', () => {
      const c = crdt()
      applyServiceEnv(c, {CLUSTER_SECRET: ''})
      expect(c.cluster.secret).to.equal('')
    })

    it('CLUSTER_SECRET and CLUSTER_PEERNAME replace the generated values', () => {
      const c = defaultServiceConfig({consensus: 'crdt', datastore: 'pebble'}) as Obj
      applyServiceEnv(c, {CLUSTER_SECRET: DEFAULT_SECRET, CLUSTER_PEERNAME: 'peername'})
      expect(c.cluster.secret).to.equal(DEFAULT_SECRET)
      expect(c.cluster.peername).to.equal('peername')
    })

    it('CLUSTER_CRDT_TRUSTEDPEERS with "*" is reduced to ["*"]', () => {
      const c = crdt()
      applyServiceEnv(c, {CLUSTER_CRDT_TRUSTEDPEERS: `${ED_ID},*`})
      expect(c.consensus.crdt.trusted_peers).to.deep.equal(['*'])
    })

    it('ignores CLUSTER_RAFT_* for a crdt config (no raft section is created)', () => {
      const c = crdt()
      const before = structuredClone(c)
      const applied = applyServiceEnv(c, {CLUSTER_RAFT_COMMITRETRIES: '5', CLUSTER_RAFT_INITPEERSET: ED_ID, CLUSTER_BADGER3_GCINTERVAL: '1m'})
      expect(applied).to.deep.equal([])
      expect(c).to.deep.equal(before)
      expect(c.consensus).to.not.have.property('raft')
      expect(c.datastore).to.not.have.property('badger3')
    })

    it('ignores CLUSTER_PEBBLE_* for a raft config', () => {
      const c = defaultServiceConfig({consensus: 'raft', datastore: 'pebble', secret: DEFAULT_SECRET, peername: 'p'}) as Obj
      applyServiceEnv(c, {CLUSTER_PEBBLE_PEBBLEOPTIONS_FORMATMAJORVERSION: '20', CLUSTER_RAFT_COMMITRETRIES: '3'})
      expect(c).to.not.have.property('datastore')
      expect(c.consensus.raft.commit_retries).to.equal(3)
    })

    it('creates a nested option object that is missing inside a present section', () => {
      const c = crdt()
      delete c.cluster.connection_manager
      applyServiceEnv(c, {CLUSTER_CONNECTIONMANAGER_HIGHWATER: '500'})
      expect(c.cluster.connection_manager).to.deep.equal({high_water: 500})
    })

    it('throws a ValueError naming the variable for CLUSTER_REPLICATIONFACTORMIN=abc', () => {
      const c = crdt()
      let error: unknown
      try {
        applyServiceEnv(c, {CLUSTER_REPLICATIONFACTORMIN: 'abc'})
      } catch (e) {
        error = e
      }
      expect(error).to.be.instanceOf(ValueError)
      expect((error as Error).message).to.contain('CLUSTER_REPLICATIONFACTORMIN')
      expect((error as Error).message).to.contain('abc')
    })

    it('throws for a bad boolean too', () => {
      expect(() => applyServiceEnv(crdt(), {CLUSTER_LEAVEONSHUTDOWN: 'yes'})).to.throw(ValueError, /CLUSTER_LEAVEONSHUTDOWN/)
    })
  })

  describe('clusterEnvWarnings: names upstream ignores, values set but empty', () => {
    const of = (env: NodeJS.ProcessEnv) => clusterEnvWarnings(env).map((w) => [w.variable, w.problem, w.nearest])

    it('every name the schema derives, the identity pair and ctl\'s CLUSTER_CREDENTIALS are read; other keys are not', () => {
      const env = Object.fromEntries([...serviceEnvKeys().keys(), 'CLUSTER_ID', 'CLUSTER_PRIVATEKEY', 'CLUSTER_CREDENTIALS', 'CLUSTER_PEBBLE_PEBBLEOPTIONS_LEVELS'].map((v) => [v, 'x']))
      expect(of(env)).to.deep.equal([])
      expect(clusterEnvNames().has('CLUSTER_CONNECTIONMANAGER'), 'a struct is walked into, not read').to.equal(false)
      expect(of({PATH: '/bin', IPFS_CLUSTER_PATH: '/x', cluster_secret: 'x'}), 'only exact CLUSTER_ names').to.deep.equal([])
    })

    it('the nearest real name: the same letters without underscores, else the closest spelling', () => {
      expect(of({CLUSTER_MONITOR_PING_INTERVAL: '2s', CLUSTER_CRDT_TRUSTED_PEERS: '*', CLUSTER_PEERNAM: 'a', CLUSTER_NOTHING_LIKE_IT_AT_ALL: '1'})).to.deep.equal([
        ['CLUSTER_CRDT_TRUSTED_PEERS', 'ignored', 'CLUSTER_CRDT_TRUSTEDPEERS'],
        ['CLUSTER_MONITOR_PING_INTERVAL', 'ignored', 'CLUSTER_MONITORPINGINTERVAL'],
        ['CLUSTER_NOTHING_LIKE_IT_AT_ALL', 'ignored', undefined],
        ['CLUSTER_PEERNAM', 'ignored', 'CLUSTER_PEERNAME'],
      ])
    })

    it('CLUSTER_SECRET_FILE is ours only: the daemon ignores it', () => {
      expect(clusterEnvWarnings({CLUSTER_SECRET_FILE: '/run/secret'})[0].message).to.match(/^is read by ipfs-cluster-config only/)
    })

    it('set but empty: applied as empty (the secret: unprotected), or the daemon fails to start (an integer)', () => {
      const w = clusterEnvWarnings({CLUSTER_SECRET: '', CLUSTER_REPLICATIONFACTORMIN: '', CLUSTER_PEERNAME: ''})
      expect(w.map((x) => [x.variable, x.problem])).to.deep.equal([['CLUSTER_PEERNAME', 'empty'], ['CLUSTER_REPLICATIONFACTORMIN', 'empty'], ['CLUSTER_SECRET', 'empty']])
      expect(w[0].message).to.equal('is set but empty: the daemon applies the empty value over service.json')
      expect(w[1].message).to.match(/^is set but empty: the daemon fails to start \(CLUSTER_REPLICATIONFACTORMIN takes an integer/)
      expect(w[2].message).to.contain('unprotected')
    })
  })
})
