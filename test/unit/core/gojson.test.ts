import {expect} from 'chai'

import {defaultServiceConfig} from '../../../src/core/defaults.js'
import {goString, isEmptyValue, marshalIndent} from '../../../src/core/gojson.js'
import {serializeIdentity, serializeService} from '../../../src/core/service-config.js'
import {DEFAULT_SECRET, ED_ID, ED_KEY, defaultServiceJson} from '../helpers.js'

type Obj = Record<string, any>

const defaults = (): Obj => defaultServiceConfig({consensus: 'crdt', datastore: 'pebble', secret: DEFAULT_SECRET, peername: 'peername'})

/** The lines of `text` from the one starting with `"key":` (at any depth), up to `count` lines. */
function linesFrom(text: string, key: string, count = 1): string[] {
  const lines = text.split('\n')
  const i = lines.findIndex((l) => l.trimStart().startsWith(`"${key}":`))
  expect(i, `"${key}" not found in output`).to.be.greaterThan(-1)
  return lines.slice(i, i + count)
}

/** Keys of the object written at `"key": {` in order (only its direct children). */
function keysOf(text: string, key: string): string[] {
  const lines = text.split('\n')
  const i = lines.findIndex((l) => l.trimStart().startsWith(`"${key}": {`))
  expect(i, `"${key}" object not found in output`).to.be.greaterThan(-1)
  const indent = lines[i].length - lines[i].trimStart().length + 2
  const out: string[] = []
  for (let j = i + 1; j < lines.length; j++) {
    const l = lines[j]
    const ind = l.length - l.trimStart().length
    if (ind < indent) break
    const m = /^\s*"((?:[^"\\]|\\.)*)":/.exec(l)
    if (ind === indent && m) out.push(m[1])
  }
  return out
}

describe('core/gojson (Go json.MarshalIndent)', () => {
  describe('the default service.json', () => {
    it('is byte for byte what `ipfs-cluster-service init` writes (crdt + pebble)', async () => {
      const expected = await defaultServiceJson()
      const actual = serializeService(defaults())
      if (actual !== expected) {
        // Point at the first differing line rather than dumping 274 lines.
        const a = actual.split('\n')
        const e = expected.split('\n')
        const i = a.findIndex((l, n) => l !== e[n])
        expect(a[i], `first difference at line ${i + 1}`).to.equal(e[i])
      }
      expect(actual).to.equal(expected)
    })

    it('has no trailing newline and 2-space indentation', () => {
      const text = serializeService(defaults())
      expect(text.endsWith('}')).to.equal(true)
      expect(text.startsWith('{\n  "cluster": {\n    "peername": "peername",')).to.equal(true)
    })

    it('sorts the category maps byte-wise (api: ipfsproxy, pinsvcapi, restapi)', () => {
      const config = defaults()
      // Build the categories in the "wrong" order: the output must not depend on insertion order.
      config.api = {restapi: config.api.restapi, pinsvcapi: config.api.pinsvcapi, ipfsproxy: config.api.ipfsproxy}
      config.informer = {tags: config.informer.tags, pinqueue: config.informer.pinqueue, disk: config.informer.disk}
      const text = serializeService(config)
      expect(keysOf(text, 'api')).to.deep.equal(['ipfsproxy', 'pinsvcapi', 'restapi'])
      expect(keysOf(text, 'informer')).to.deep.equal(['disk', 'pinqueue', 'tags'])
    })

    it('writes top-level sections in Go order whatever the object order', () => {
      const c = defaults()
      const shuffled: Obj = {}
      for (const k of Object.keys(c).reverse()) shuffled[k] = c[k]
      expect(serializeService(shuffled)).to.equal(serializeService(c))
    })

    it('a raft config has no datastore key, and raft keys in Go struct order', () => {
      const config = defaultServiceConfig({consensus: 'raft', datastore: 'pebble', secret: DEFAULT_SECRET, peername: 'p'})
      const text = serializeService(config)
      const parsed = JSON.parse(text)
      expect(parsed).to.not.have.property('datastore')
      expect(Object.keys(parsed.consensus)).to.deep.equal(['raft'])
      expect(keysOf(text, 'raft')).to.deep.equal([
        'init_peerset',
        'wait_for_leader_timeout',
        'network_timeout',
        'commit_retries',
        'commit_retry_delay',
        'backups_rotate',
        'heartbeat_timeout',
        'election_timeout',
        'commit_timeout',
        'max_append_entries',
        'trailing_logs',
        'snapshot_interval',
        'snapshot_threshold',
        'leader_lease_timeout',
      ])
      expect(parsed.consensus.raft.commit_retry_delay).to.equal('200ms')
      expect(parsed.consensus.raft.leader_lease_timeout).to.equal('500ms')
    })

    it('a leveldb config writes the two *_per_level lists as null and hides folder', () => {
      const config = defaultServiceConfig({consensus: 'crdt', datastore: 'leveldb', secret: DEFAULT_SECRET, peername: 'p'})
      const text = serializeService(config)
      expect(linesFrom(text, 'compaction_table_size_multiplier_per_level')).to.deep.equal([
        '        "compaction_table_size_multiplier_per_level": null,',
      ])
      expect(JSON.parse(text).datastore.leveldb).to.not.have.property('folder')
    })
  })

  describe('string escaping', () => {
    it('escapes <, > and & in a peername like Go', () => {
      const c = defaults()
      c.cluster.peername = 'a<b>&c'
      expect(serializeService(c)).to.contain('"peername": "a\\u003cb\\u003e\\u0026c",')
    })
    it('escapes U+2028 and U+2029, and keeps other non-ASCII text as is', () => {
      expect(goString('x\u2028y\u2029z')).to.equal('"x\\u2028y\\u2029z"')
      expect(goString('Zoë 日本')).to.equal('"Zoë 日本"')
    })
    it('escapes quotes, backslashes and control characters', () => {
      expect(goString('a"b\\c\n\t')).to.equal('"a\\"b\\\\c\\n\\t"')
      expect(goString('\u0001')).to.equal('"\\u0001"')
    })
    it('escapes map keys too', () => {
      const c = defaults()
      c.informer.tags.tags = {'<k>': 'v&'}
      expect(serializeService(c)).to.contain('"\\u003ck\\u003e": "v\\u0026"')
    })
  })

  describe('multiaddress lists (config.Strings)', () => {
    it('writes a one-element list as a plain string', () => {
      const c = defaults()
      c.cluster.listen_multiaddress = ['/ip4/0.0.0.0/tcp/9096']
      expect(linesFrom(serializeService(c), 'listen_multiaddress')).to.deep.equal(['    "listen_multiaddress": "/ip4/0.0.0.0/tcp/9096",'])
    })
    it('writes an empty list (or an empty string) as []', () => {
      const c = defaults()
      c.cluster.listen_multiaddress = []
      c.cluster.announce_multiaddress = ''
      const text = serializeService(c)
      expect(linesFrom(text, 'listen_multiaddress')).to.deep.equal(['    "listen_multiaddress": [],'])
      expect(linesFrom(text, 'announce_multiaddress')).to.deep.equal(['    "announce_multiaddress": [],'])
    })
    it('writes two elements as an array, one per line', () => {
      const c = defaults()
      c.api.restapi.http_listen_multiaddress = ['/ip4/127.0.0.1/tcp/9094', '/ip6/::1/tcp/9094']
      expect(restapiListenLines(serializeService(c))).to.deep.equal([
        '      "http_listen_multiaddress": [',
        '        "/ip4/127.0.0.1/tcp/9094",',
        '        "/ip6/::1/tcp/9094"',
        '      ],',
      ])
    })
    it('keeps a plain string value as a string', () => {
      const c = defaults()
      c.api.restapi.http_listen_multiaddress = '/ip4/127.0.0.1/tcp/9094'
      expect(restapiListenLines(serializeService(c))).to.deep.equal(['      "http_listen_multiaddress": "/ip4/127.0.0.1/tcp/9094",'])
    })
    it('does not collapse one-element lists that are not config.Strings (peer_addresses, trusted_peers)', () => {
      const c = defaults()
      c.cluster.peer_addresses = [`/ip4/1.2.3.4/tcp/9096/p2p/${ED_ID}`]
      const text = serializeService(c)
      expect(linesFrom(text, 'peer_addresses', 3)).to.deep.equal([
        '    "peer_addresses": [',
        `      "/ip4/1.2.3.4/tcp/9096/p2p/${ED_ID}"`,
        '    ]',
      ])
      expect(linesFrom(text, 'trusted_peers', 3)).to.deep.equal(['      "trusted_peers": [', '        "*"', '      ],'])
    })
  })

  describe('omitted keys', () => {
    it("leaves out x-omit 'empty' keys when empty and writes them when set", () => {
      const c = defaults()
      c.cluster.id = ''
      c.cluster.private_key = ''
      c.cluster.follower_mode = false
      c.cluster.peerstore_file = ''
      let parsed = JSON.parse(serializeService(c))
      for (const k of ['id', 'private_key', 'follower_mode', 'peerstore_file']) expect(parsed.cluster).to.not.have.property(k)

      c.cluster.follower_mode = true
      c.cluster.peerstore_file = 'peers.txt'
      const text = serializeService(c)
      parsed = JSON.parse(text)
      expect(parsed.cluster.follower_mode).to.equal(true)
      // Written in struct order: after disable_repinning, before peer_addresses.
      expect(keysOf(text, 'cluster').slice(-4)).to.deep.equal(['disable_repinning', 'follower_mode', 'peerstore_file', 'peer_addresses'])
    })

    it("leaves out x-omit 'default' keys at their default and writes them otherwise", () => {
      const c = defaults()
      c.consensus.crdt.batching.max_queue_size = 50000
      c.consensus.crdt.peerset_metric = 'ping'
      c.consensus.crdt.datastore_namespace = '/c'
      c.consensus.crdt.rebroadcast_interval = '1m0s'
      c.datastore.pebble.folder = 'pebble'
      let parsed = JSON.parse(serializeService(c))
      expect(parsed.consensus.crdt.batching).to.not.have.property('max_queue_size')
      expect(parsed.consensus.crdt).to.not.have.property('peerset_metric')
      expect(parsed.consensus.crdt).to.not.have.property('rebroadcast_interval')
      expect(parsed.consensus.crdt).to.not.have.property('datastore_namespace')
      expect(parsed.datastore.pebble).to.not.have.property('folder')

      c.consensus.crdt.batching.max_queue_size = 1000
      c.consensus.crdt.peerset_metric = 'freespace'
      c.consensus.crdt.rebroadcast_interval = '2m0s'
      c.datastore.pebble.folder = '/data/pebble'
      const text = serializeService(c)
      parsed = JSON.parse(text)
      expect(parsed.consensus.crdt.batching.max_queue_size).to.equal(1000)
      expect(parsed.consensus.crdt.peerset_metric).to.equal('freespace')
      expect(parsed.datastore.pebble.folder).to.equal('/data/pebble')
      expect(keysOf(text, 'crdt')).to.deep.equal(['cluster_name', 'trusted_peers', 'batching', 'repair_interval', 'rebroadcast_interval', 'peerset_metric'])
    })

    it('writes null maps as null and empty maps as {}', () => {
      const c = defaults()
      expect(linesFrom(serializeService(c), 'basic_auth_credentials')).to.deep.equal(['      "basic_auth_credentials": null,'])
      expect(linesFrom(serializeService(c), 'headers')).to.deep.equal(['      "headers": {},'])
    })
  })

  describe('Go maps', () => {
    it('sorts tags byte-wise, integer-like keys included', () => {
      const c = defaults()
      c.informer.tags.tags = {b: '1', a: '2', 10: 'x', 9: 'y', B: 'z'}
      const text = serializeService(c)
      const lines = text.split('\n')
      const i = lines.indexOf('      "tags": {')
      expect(lines.slice(i, i + 7)).to.deep.equal([
        '      "tags": {',
        '        "10": "x",',
        '        "9": "y",',
        '        "B": "z",',
        '        "a": "2",',
        '        "b": "1"',
        '      }',
      ])
    })

    it('sorts basic_auth_credentials byte-wise', () => {
      const c = defaults()
      c.api.restapi.basic_auth_credentials = {zed: 'p1', Admin: 'p2', 2: 'p3', admin: 'p4'}
      const parsedOrder = keysOf(serializeService(c), 'basic_auth_credentials')
      expect(parsedOrder).to.deep.equal(['2', 'Admin', 'admin', 'zed'])
    })

    it('sorts by UTF-8 bytes, not UTF-16 code units', () => {
      // U+FF21 (EF BC A1) sorts before U+1F600 (F0 9F 98 80) in UTF-8, after it in UTF-16.
      const out = marshalIndent({'\u{1F600}': '1', '\uFF21': '2'}, {type: 'object', 'x-sorted': true, additionalProperties: {type: 'string'}}, '  ')
      expect(out).to.equal('{\n  "\uFF21": "2",\n  "\u{1F600}": "1"\n}')
    })
  })

  describe('unknown keys', () => {
    it('are preserved, after the known keys of their object', () => {
      const c = defaults()
      const cluster: Obj = {zzz_custom: 1, aaa_custom: {x: [1, 2]}}
      Object.assign(cluster, c.cluster)
      c.cluster = cluster
      const top: Obj = {extra_top: true}
      Object.assign(top, c)
      const text = serializeService(top)
      const keys = keysOf(text, 'cluster')
      expect(keys.slice(-3)).to.deep.equal(['peer_addresses', 'zzz_custom', 'aaa_custom'])
      const parsed = JSON.parse(text)
      expect(parsed.cluster.aaa_custom).to.deep.equal({x: [1, 2]})
      expect(Object.keys(parsed).at(-1)).to.equal('extra_top')
      expect(Object.keys(parsed).at(0)).to.equal('cluster')
    })
  })

  describe('identity.json', () => {
    it('is written with 4-space indent, id then private_key, no trailing newline', () => {
      expect(serializeIdentity({private_key: ED_KEY, id: ED_ID} as any)).to.equal(`{\n    "id": "${ED_ID}",\n    "private_key": "${ED_KEY}"\n}`)
    })
  })

  describe('numbers and literals', () => {
    it('writes floats and negative integers as Go does for these values', () => {
      expect(marshalIndent({a: 0.3, b: -1, c: 0.01, d: 1073741824, e: true, f: null}, undefined, '  ')).to.equal(
        '{\n  "a": 0.3,\n  "b": -1,\n  "c": 0.01,\n  "d": 1073741824,\n  "e": true,\n  "f": null\n}',
      )
    })
    it('writes empty arrays and objects inline', () => {
      expect(marshalIndent({a: [], b: {}}, undefined, '  ')).to.equal('{\n  "a": [],\n  "b": {}\n}')
    })
  })

  describe('isEmptyValue (Go omitempty)', () => {
    it('treats zero values as empty', () => {
      for (const v of [null, undefined, false, 0, '', [], {}]) expect(isEmptyValue(v), JSON.stringify(v)).to.equal(true)
      for (const v of [true, 1, -1, 'x', [0], {a: 1}]) expect(isEmptyValue(v), JSON.stringify(v)).to.equal(false)
    })
  })
})

function restapiListenLines(text: string): string[] {
  const lines = text.split('\n')
  const r = lines.indexOf('    "restapi": {')
  const first = lines[r + 1]
  if (first.endsWith('[')) {
    const end = lines.indexOf('      ],', r)
    return lines.slice(r + 1, end + 1)
  }
  return [first]
}
