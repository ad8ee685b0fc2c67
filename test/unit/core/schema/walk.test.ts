import {expect} from 'chai'

import {serviceSchema} from '../../../../src/core/schema/service.js'
import {allKeys, envNameOf, kindOf, nodeAt, type SchemaNode} from '../../../../src/core/schema/walk.js'

const root = serviceSchema as unknown as SchemaNode
const at = (key: string) => nodeAt(root, key.split('.'))

describe('core/schema/walk', () => {
  it('kindOf classifies the keys set and env vars parse', () => {
    const kinds: Record<string, string> = {
      'cluster.peername': 'string',
      'cluster.secret': 'string',
      'cluster.replication_factor_min': 'integer',
      'observations.tracing.sampling_prob': 'number',
      'cluster.leave_on_shutdown': 'boolean',
      'cluster.monitor_ping_interval': 'duration',
      'ipfs_connector.ipfshttp.node_multiaddress': 'multiaddr',
      'cluster.listen_multiaddress': 'multiaddrs',
      'consensus.crdt.trusted_peers': 'string-list',
      'datastore.leveldb.leveldb_options.compaction_table_size_multiplier_per_level': 'number-list',
      'informer.tags.tags': 'string-map',
      'api.restapi.basic_auth_credentials': 'string-map',
      'api.restapi.headers': 'string-list-map',
      'cluster.connection_manager': 'object',
      'datastore.pebble.pebble_options.levels': 'array',
    }
    for (const [key, kind] of Object.entries(kinds)) expect(kindOf(at(key)!), key).to.equal(kind)
  })

  it('nodeAt follows map entries and returns undefined for unknown keys', () => {
    expect(at('informer.tags.tags.anything')?.type).to.equal('string')
    expect(at('cluster.nope')).to.equal(undefined)
    expect(at('nope.x')).to.equal(undefined)
  })

  it('allKeys lists every key depth first in schema order, with its env prefix', () => {
    const keys = allKeys(root).map((k) => k.path.join('.'))
    expect(keys[0]).to.equal('source')
    expect(keys.indexOf('cluster.connection_manager')).to.be.lessThan(keys.indexOf('cluster.connection_manager.high_water'))
    expect(keys).to.include('datastore.pebble.pebble_options.format_major_version')
    expect(new Set(keys).size).to.equal(keys.length)
  })

  it('envNameOf: PREFIX_FIELD with underscores removed, nested fields joined by _', () => {
    const env = new Map(allKeys(root).map((k) => [k.path.join('.'), envNameOf(k)]))
    expect(env.get('cluster.leave_on_shutdown')).to.equal('CLUSTER_LEAVEONSHUTDOWN')
    expect(env.get('cluster.connection_manager.high_water')).to.equal('CLUSTER_CONNECTIONMANAGER_HIGHWATER')
    expect(env.get('consensus.crdt.batching.max_batch_size')).to.equal('CLUSTER_CRDT_BATCHING_MAXBATCHSIZE')
    expect(env.get('api.pinsvcapi.cors_max_age')).to.equal('CLUSTER_PINSVCAPI_CORSMAXAGE')
    expect(env.get('datastore.badger3.badger_options.compact_l_0_on_close')).to.equal('CLUSTER_BADGER3_BADGEROPTIONS_COMPACTL0ONCLOSE')
    expect(env.get('source')).to.equal(undefined)
    expect(env.get('consensus.crdt')).to.equal(undefined)
  })
})
