import {expect} from 'chai'

import {defaultPeername, defaultServiceConfig, newClusterSecret, sectionDefaults} from '../../../src/core/defaults.js'
import {serviceSchema} from '../../../src/core/schema/service.js'
import type {SchemaNode} from '../../../src/core/schema/walk.js'
import {hostname} from 'node:os'

type Obj = Record<string, any>

describe('core/defaults', () => {
  it('newClusterSecret is 64 lowercase hex chars, different every time', () => {
    const a = newClusterSecret()
    expect(a).to.match(/^[0-9a-f]{64}$/)
    expect(newClusterSecret()).to.not.equal(a)
  })

  it('the default peername is the hostname, and the default secret is random', () => {
    expect(defaultPeername()).to.equal(hostname())
    const c = defaultServiceConfig({consensus: 'crdt', datastore: 'pebble'}) as Obj
    expect(c.cluster.peername).to.equal(hostname())
    expect(c.cluster.secret).to.match(/^[0-9a-f]{64}$/)
  })

  it('init writes these sections, with exactly one consensus and (crdt) one datastore', () => {
    const c = defaultServiceConfig({consensus: 'crdt', datastore: 'badger3', secret: '', peername: 'p'}) as Obj
    expect(Object.keys(c)).to.deep.equal(['cluster', 'consensus', 'api', 'ipfs_connector', 'pin_tracker', 'monitor', 'allocator', 'informer', 'observations', 'datastore'])
    expect(Object.keys(c.consensus)).to.deep.equal(['crdt'])
    expect(Object.keys(c.datastore)).to.deep.equal(['badger3'])
    expect(Object.keys(c.informer).sort()).to.deep.equal(['disk', 'pinqueue', 'tags'])
    expect(c.informer).to.not.have.property('numpin')
    const r = defaultServiceConfig({consensus: 'raft', datastore: 'badger3', secret: '', peername: 'p'}) as Obj
    expect(Object.keys(r.consensus)).to.deep.equal(['raft'])
    expect(r).to.not.have.property('datastore')
  })

  it('key defaults match the reference (v1.1.6)', () => {
    const c = defaultServiceConfig({consensus: 'crdt', datastore: 'pebble', secret: '', peername: 'p'}) as Obj
    expect(c.cluster.listen_multiaddress).to.deep.equal(['/ip4/0.0.0.0/tcp/9096', '/ip4/0.0.0.0/udp/9096/quic'])
    expect(c.cluster.replication_factor_min).to.equal(-1)
    expect(c.cluster.state_sync_interval).to.equal('5m0s')
    expect(c.cluster.pin_recover_interval).to.equal('12m0s')
    expect(c.consensus.crdt.trusted_peers).to.deep.equal(['*'])
    expect(c.api.pinsvcapi.http_listen_multiaddress).to.equal('/ip4/127.0.0.1/tcp/9097')
    expect(c.api.restapi.basic_auth_credentials).to.equal(null)
    expect(c.observations.metrics.reporting_interval).to.equal('30s')
    expect(c.observations.tracing.jaeger_agent_endpoint).to.equal('/ip4/0.0.0.0/udp/6831')
    expect(c.datastore.pebble.pebble_options.format_major_version).to.equal(24)
    expect(c.datastore.pebble.pebble_options.levels.map((l: Obj) => l.target_file_size)).to.deep.equal([4194304, 8388608, 16777216, 33554432, 67108864, 134217728, 268435456])
    expect(c.datastore.pebble.pebble_options.levels.every((l: Obj) => l.compression === 1)).to.equal(true)
  })

  it('each call returns independent objects (no shared default arrays or maps)', () => {
    const a = defaultServiceConfig({consensus: 'crdt', datastore: 'pebble', secret: '', peername: 'p'}) as Obj
    a.cluster.listen_multiaddress.push('/ip4/1.1.1.1/tcp/1')
    a.informer.tags.tags.region = 'eu'
    a.datastore.pebble.pebble_options.levels[0].block_size = 1
    a.consensus.crdt.trusted_peers.length = 0
    const b = defaultServiceConfig({consensus: 'crdt', datastore: 'pebble', secret: '', peername: 'p'}) as Obj
    expect(b.cluster.listen_multiaddress).to.have.length(2)
    expect(b.informer.tags.tags).to.deep.equal({group: 'default'})
    expect(b.datastore.pebble.pebble_options.levels[0].block_size).to.equal(4096)
    expect(b.consensus.crdt.trusted_peers).to.deep.equal(['*'])
  })

  it('sectionDefaults recurses into nested option objects, in schema order', () => {
    const cluster = sectionDefaults((serviceSchema as unknown as SchemaNode).properties!.cluster)
    expect(cluster.connection_manager).to.deep.equal({high_water: 400, low_water: 100, grace_period: '2m0s'})
    expect(Object.keys(cluster).slice(0, 4)).to.deep.equal(['id', 'peername', 'private_key', 'secret'])
  })
})
