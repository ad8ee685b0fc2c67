import {expect} from 'chai'

import {ValueError, normalizeValue, parseCliValue, parseEnvValue} from '../../../src/core/values.js'
import {serviceSchema} from '../../../src/core/schema/service.js'
import {nodeAt, type SchemaNode} from '../../../src/core/schema/walk.js'
import {ED2_ID, ED_ID} from '../helpers.js'

const root = serviceSchema as unknown as SchemaNode
const node = (key: string): SchemaNode => {
  const n = nodeAt(root, key.split('.'))
  if (!n) throw new Error(`no schema node for ${key}`)
  return n
}
const cli = (key: string, text: string) => parseCliValue(text, node(key), key)
const env = (key: string, text: string) => parseEnvValue(text, node(key), 'VAR')

function valueError(fn: () => unknown): ValueError {
  try {
    fn()
  } catch (error) {
    expect(error).to.be.instanceOf(ValueError)
    return error as ValueError
  }
  expect.fail('expected a ValueError')
}

describe('core/values', () => {
  describe('parseCliValue', () => {
    describe('integer', () => {
      it('parses integers, negative included', () => {
        expect(cli('cluster.replication_factor_min', '3')).to.equal(3)
        expect(cli('cluster.replication_factor_min', '-1')).to.equal(-1)
        expect(cli('cluster.connection_manager.high_water', '400')).to.equal(400)
      })
      it('rejects "2.5" and "x", naming the key', () => {
        for (const bad of ['2.5', 'x', '', '1e3', '0x10']) {
          const e = valueError(() => cli('cluster.replication_factor_min', bad))
          expect(e.message).to.contain('cluster.replication_factor_min')
        }
      })
      it('rejects integers beyond 2^53', () => {
        valueError(() => cli('cluster.replication_factor_min', '9007199254740993'))
      })
    })

    describe('number', () => {
      it('parses decimals', () => {
        expect(cli('observations.tracing.sampling_prob', '0.5')).to.equal(0.5)
        expect(cli('observations.tracing.sampling_prob', '1')).to.equal(1)
      })
      it('rejects text', () => {
        valueError(() => cli('observations.tracing.sampling_prob', 'half'))
        valueError(() => cli('observations.tracing.sampling_prob', ''))
      })
    })

    describe('boolean (Go strconv.ParseBool)', () => {
      for (const t of ['1', 't', 'T', 'TRUE', 'true', 'True'])
        it(`"${t}" is true`, () => expect(cli('cluster.leave_on_shutdown', t)).to.equal(true))
      for (const f of ['0', 'f', 'F', 'FALSE', 'false', 'False'])
        it(`"${f}" is false`, () => expect(cli('cluster.leave_on_shutdown', f)).to.equal(false))
      for (const bad of ['yes', 'no', 'tRUE', 'on', '', ' true'])
        it(`"${bad}" is rejected`, () => {
          expect(valueError(() => cli('cluster.leave_on_shutdown', bad)).message).to.contain('cluster.leave_on_shutdown')
        })
    })

    describe('duration', () => {
      it('normalises to the form the daemon writes', () => {
        expect(cli('cluster.monitor_ping_interval', '90s')).to.equal('1m30s')
        expect(cli('cluster.monitor_ping_interval', '1h')).to.equal('1h0m0s')
        expect(cli('cluster.monitor_ping_interval', '0')).to.equal('0s')
        expect(cli('cluster.monitor_ping_interval', '1.5s')).to.equal('1.5s')
      })
      it('rejects 1d, "" and a number without unit, with an example in the message', () => {
        for (const bad of ['1d', '', '5']) {
          const e = valueError(() => cli('cluster.monitor_ping_interval', bad))
          expect(e.message).to.contain('cluster.monitor_ping_interval')
          expect(e.message).to.contain('1m30s')
        }
      })
    })

    describe('multiaddr', () => {
      it('accepts a valid address and rejects an invalid one', () => {
        expect(cli('ipfs_connector.ipfshttp.node_multiaddress', '/ip4/10.0.0.1/tcp/5001')).to.equal('/ip4/10.0.0.1/tcp/5001')
        expect(cli('ipfs_connector.ipfshttp.node_multiaddress', '/dns4/ipfs/tcp/5001')).to.equal('/dns4/ipfs/tcp/5001')
        const e = valueError(() => cli('ipfs_connector.ipfshttp.node_multiaddress', 'localhost:5001'))
        expect(e.message).to.contain('ipfs_connector.ipfshttp.node_multiaddress')
      })
      it('accepts a raw unix socket path as go-multiaddr does', () => {
        expect(cli('ipfs_connector.ipfshttp.node_multiaddress', '/unix/var/run/ipfs.sock')).to.equal('/unix/var/run/ipfs.sock')
      })
    })

    describe('multiaddress list', () => {
      it('from comma-separated text', () => {
        expect(cli('cluster.listen_multiaddress', '/ip4/0.0.0.0/tcp/9096,/ip4/0.0.0.0/udp/9096/quic')).to.deep.equal([
          '/ip4/0.0.0.0/tcp/9096',
          '/ip4/0.0.0.0/udp/9096/quic',
        ])
        expect(cli('cluster.listen_multiaddress', '/ip4/0.0.0.0/tcp/9096, /ip4/0.0.0.0/udp/9096/quic')).to.deep.equal([
          '/ip4/0.0.0.0/tcp/9096',
          '/ip4/0.0.0.0/udp/9096/quic',
        ])
      })
      it('from JSON', () => {
        expect(cli('cluster.listen_multiaddress', '["/ip4/0.0.0.0/tcp/9096"]')).to.deep.equal(['/ip4/0.0.0.0/tcp/9096'])
        expect(cli('cluster.announce_multiaddress', '[]')).to.deep.equal([])
      })
      it('empty text is an empty list', () => {
        expect(cli('cluster.announce_multiaddress', '')).to.deep.equal([])
      })
      it('broken JSON is a ValueError', () => {
        valueError(() => cli('cluster.listen_multiaddress', '["/ip4/0.0.0.0/tcp/9096"'))
      })
    })

    describe('string list', () => {
      it('from comma text and JSON', () => {
        expect(cli('consensus.crdt.trusted_peers', `${ED_ID},${ED2_ID}`)).to.deep.equal([ED_ID, ED2_ID])
        expect(cli('allocator.balanced.allocate_by', '["tag:group","freespace"]')).to.deep.equal(['tag:group', 'freespace'])
        expect(cli('api.restapi.cors_allowed_methods', 'null')).to.equal(null)
      })
    })

    describe('string map', () => {
      it('from k:v,k2:v2', () => {
        expect(cli('api.restapi.basic_auth_credentials', 'admin:s3cret,bob:pw')).to.deep.equal({admin: 's3cret', bob: 'pw'})
        expect(cli('informer.tags.tags', 'group:eu,region:x')).to.deep.equal({group: 'eu', region: 'x'})
      })
      it('keeps colons after the first in the value', () => {
        expect(cli('api.restapi.basic_auth_credentials', 'admin:a:b')).to.deep.equal({admin: 'a:b'})
      })
      it('from JSON and null', () => {
        expect(cli('api.restapi.basic_auth_credentials', '{"admin":"pw"}')).to.deep.equal({admin: 'pw'})
        expect(cli('api.restapi.basic_auth_credentials', 'null')).to.equal(null)
        expect(cli('informer.tags.tags', '{}')).to.deep.equal({})
      })
      it('rejects an item without a colon, naming the key', () => {
        const e = valueError(() => cli('informer.tags.tags', 'group:eu,oops'))
        expect(e.message).to.contain('informer.tags.tags')
        expect(e.message).to.contain('oops')
      })
    })

    describe('objects', () => {
      it('take JSON only', () => {
        expect(cli('cluster.connection_manager', '{"high_water":10,"low_water":5,"grace_period":"1m0s"}')).to.deep.equal({
          high_water: 10,
          low_water: 5,
          grace_period: '1m0s',
        })
        valueError(() => cli('cluster.connection_manager', 'high_water:10'))
        expect(cli('api.restapi.headers', '{"X-A":["1"]}')).to.deep.equal({'X-A': ['1']})
      })
    })

    it('a string is taken verbatim', () => {
      expect(cli('cluster.peername', ' my peer ')).to.equal(' my peer ')
      expect(cli('cluster.peername', '')).to.equal('')
    })
  })

  describe('parseEnvValue (envconfig rules)', () => {
    it('integers accept 0x hex (ParseInt base 0)', () => {
      expect(env('cluster.replication_factor_min', '0x10')).to.equal(16)
      expect(env('cluster.replication_factor_min', '0X1f')).to.equal(31)
      expect(env('cluster.replication_factor_min', '7')).to.equal(7)
      expect(env('cluster.replication_factor_min', '-1')).to.equal(-1)
    })
    it('a negative hex integer stays negative: -0x10 = -16', () => {
      expect(env('cluster.replication_factor_min', '-0x10')).to.equal(-16)
    })
    it('integers accept the other Go base prefixes too: 0o17 = 15, 0b101 = 5, 017 = 15 (octal), 1_000 = 1000', () => {
      // envconfig v1.4.0 calls strconv.ParseInt(value, 0, bits): base prefixes and underscores.
      expect(env('cluster.replication_factor_min', '0o17')).to.equal(15)
      expect(env('cluster.replication_factor_min', '0b101')).to.equal(5)
      expect(env('cluster.replication_factor_min', '017')).to.equal(15)
      expect(env('cluster.replication_factor_min', '1_000')).to.equal(1000)
    })
    it('integers reject decimals and text', () => {
      valueError(() => env('cluster.replication_factor_min', '2.5'))
      valueError(() => env('cluster.replication_factor_min', 'abc'))
    })
    it('an empty list variable is an empty list', () => {
      expect(env('cluster.listen_multiaddress', '')).to.deep.equal([])
      expect(env('consensus.crdt.trusted_peers', '')).to.deep.equal([])
      expect(env('cluster.peer_addresses', '  ')).to.deep.equal([])
    })
    it('lists are comma-separated', () => {
      expect(env('consensus.crdt.trusted_peers', `${ED_ID},${ED2_ID}`)).to.deep.equal([ED_ID, ED2_ID])
      expect(env('consensus.crdt.trusted_peers', '*')).to.deep.equal(['*'])
    })
    it('lists do not take JSON (envconfig splits on commas)', () => {
      expect(env('allocator.balanced.allocate_by', '["a"]')).to.deep.equal(['["a"]'])
    })
    it('maps are k:v pairs; an empty value is an empty map', () => {
      expect(env('api.restapi.basic_auth_credentials', 'user:pass')).to.deep.equal({user: 'pass'})
      expect(env('informer.tags.tags', 'group:eu,region:x')).to.deep.equal({group: 'eu', region: 'x'})
      expect(env('informer.tags.tags', '')).to.deep.equal({})
    })
    it('a map item with two colons is an error, as envconfig reports "invalid map item"', () => {
      // envconfig v1.4.0: kvpair := strings.Split(pair, ":"); len(kvpair) != 2 → error.
      valueError(() => env('api.restapi.basic_auth_credentials', 'admin:pa:ss'))
    })
    it('booleans use ParseBool; durations and strings are kept verbatim', () => {
      expect(env('cluster.leave_on_shutdown', 'T')).to.equal(true)
      valueError(() => env('cluster.leave_on_shutdown', 'yes'))
      expect(env('cluster.monitor_ping_interval', '90s')).to.equal('90s')
      expect(env('cluster.secret', '')).to.equal('')
    })
    it('numbers parse as floats', () => {
      expect(env('observations.tracing.sampling_prob', '0.25')).to.equal(0.25)
      valueError(() => env('observations.tracing.sampling_prob', 'x'))
    })
  })

  describe('normalizeValue', () => {
    it('reduces a trusted_peers list containing "*" to ["*"]', () => {
      expect(normalizeValue([ED_ID, '*', ED2_ID], node('consensus.crdt.trusted_peers'))).to.deep.equal(['*'])
      expect(normalizeValue([ED_ID, ED2_ID], node('consensus.crdt.trusted_peers'))).to.deep.equal([ED_ID, ED2_ID])
    })
    it('normalises durations and leaves invalid ones for validation', () => {
      expect(normalizeValue('90s', node('cluster.monitor_ping_interval'))).to.equal('1m30s')
      expect(normalizeValue('1d', node('cluster.monitor_ping_interval'))).to.equal('1d')
    })
    it('turns a config.Strings string into a list', () => {
      expect(normalizeValue('/ip4/0.0.0.0/tcp/9096', node('cluster.listen_multiaddress'))).to.deep.equal(['/ip4/0.0.0.0/tcp/9096'])
      expect(normalizeValue('', node('cluster.listen_multiaddress'))).to.deep.equal([])
    })
    it('recurses into objects, leaving unknown keys alone', () => {
      expect(normalizeValue({grace_period: '120s', high_water: 1, extra: '90s'}, node('cluster.connection_manager'))).to.deep.equal({
        grace_period: '2m0s',
        high_water: 1,
        extra: '90s',
      })
    })
    it('a zero value of an x-zero key becomes the default, as the daemon reads it', () => {
      expect(normalizeValue(0, node('cluster.replication_factor_min'))).to.equal(-1)
      expect(normalizeValue(0, node('api.restapi.max_header_bytes'))).to.equal(4096)
      expect(normalizeValue('0s', node('pin_tracker.stateless.priority_pin_max_age'))).to.equal('24h0m0s')
      expect(normalizeValue('', node('consensus.crdt.cluster_name'))).to.equal('ipfs-cluster')
      expect(normalizeValue([], node('api.restapi.http_listen_multiaddress'))).to.deep.equal('/ip4/127.0.0.1/tcp/9094')
      // Keys without x-zero keep their zero.
      expect(normalizeValue(0, node('consensus.crdt.batching.max_batch_size'))).to.equal(0)
      expect(normalizeValue('0s', node('api.restapi.read_timeout'))).to.equal('0s')
    })
    it('does not mutate its input', () => {
      const input = {connection_manager: {grace_period: '120s'}}
      normalizeValue(input, node('cluster'))
      expect(input.connection_manager.grace_period).to.equal('120s')
    })
  })
})
