import {expect} from 'chai'

import {ExitCode} from '../../../src/core/errors.js'
import {getAt, levenshtein, nearestKey, resolveKey, setAt} from '../../../src/core/keys.js'
import {serviceSchema} from '../../../src/core/schema/service.js'
import {allKeys, kindOf, type SchemaNode} from '../../../src/core/schema/walk.js'
import {expectUserError} from '../helpers.js'

const root = serviceSchema as unknown as SchemaNode
const known = allKeys(root).map((k) => k.path.join('.'))

describe('core/keys', () => {
  describe('nearestKey', () => {
    it("suggests cluster.secret for 'cluster.sceret'", () => {
      expect(nearestKey('cluster.sceret', known)).to.equal('cluster.secret')
    })
    it('suggests the key for a right name in the wrong section', () => {
      expect(nearestKey('cluster.trusted_peers', known)).to.equal('consensus.crdt.trusted_peers')
    })
    it('suggests a key for a small typo deep down', () => {
      expect(nearestKey('consensus.crdt.trusted_peer', known)).to.equal('consensus.crdt.trusted_peers')
      expect(nearestKey('cluster.replication_factor_mni', known)).to.equal('cluster.replication_factor_min')
    })
    it('suggests nothing for an unrelated name', () => {
      expect(nearestKey('zzzzzzzzzzzz', known)).to.equal(undefined)
    })
  })

  it('levenshtein', () => {
    expect(levenshtein('kitten', 'sitting')).to.equal(3)
    expect(levenshtein('', 'abc')).to.equal(3)
    expect(levenshtein('same', 'same')).to.equal(0)
  })

  describe('resolveKey', () => {
    it('an unknown key is a UserError with exit code 8 and the suggestion', async () => {
      const e = await expectUserError(() => resolveKey(root, 'cluster.sceret', 'service.json'), ExitCode.unknownKey)
      expect(e.exitCode).to.equal(8)
      expect(e.message).to.contain('cluster.sceret')
      expect(e.message).to.contain('service.json')
      expect(e.message).to.contain('did you mean cluster.secret?')
    })
    it('an unknown key with nothing close has no suggestion', async () => {
      const e = await expectUserError(() => resolveKey(root, 'zzzzzzzzzzzz', 'service.json'), 8)
      expect(e.message).to.not.contain('did you mean')
    })
    it('an empty segment is a usage error (exit 2)', async () => {
      await expectUserError(() => resolveKey(root, 'cluster..secret', 'service.json'), ExitCode.usage)
      await expectUserError(() => resolveKey(root, '', 'service.json'), ExitCode.usage)
    })
    it('resolves map entries (basic_auth_credentials.admin, tags.tags.region) to string nodes', () => {
      const r = resolveKey(root, 'api.restapi.basic_auth_credentials.admin', 'service.json')
      expect(r.path).to.deep.equal(['api', 'restapi', 'basic_auth_credentials', 'admin'])
      expect(kindOf(r.node)).to.equal('string')
      expect(kindOf(resolveKey(root, 'informer.tags.tags.region', 'service.json').node)).to.equal('string')
    })
    it('resolves sections and leaves with their kinds', () => {
      expect(kindOf(resolveKey(root, 'cluster.listen_multiaddress', 'f').node)).to.equal('multiaddrs')
      expect(kindOf(resolveKey(root, 'cluster.monitor_ping_interval', 'f').node)).to.equal('duration')
      expect(kindOf(resolveKey(root, 'consensus.crdt', 'f').node)).to.equal('object')
      expect(kindOf(resolveKey(root, 'api.restapi.headers', 'f').node)).to.equal('string-list-map')
    })
    it('a name that is not a component of its category is unknown', async () => {
      await expectUserError(() => resolveKey(root, 'informer.numpin', 'service.json'), 8)
      await expectUserError(() => resolveKey(root, 'cluster.secret.x', 'service.json'), 8)
    })
  })

  describe('getAt / setAt', () => {
    it('setAt creates intermediate objects, also where they are null', () => {
      const c: Record<string, any> = {api: null}
      setAt(c, ['api', 'restapi', 'basic_auth_credentials', 'admin'], 'pw')
      expect(c).to.deep.equal({api: {restapi: {basic_auth_credentials: {admin: 'pw'}}}})
      setAt(c, ['api', 'restapi', 'basic_auth_credentials', 'bob'], 'x')
      expect(c.api.restapi.basic_auth_credentials).to.deep.equal({admin: 'pw', bob: 'x'})
    })
    it('setAt refuses to descend into a non-object (exit 4)', async () => {
      const c: Record<string, any> = {cluster: {peername: 'x', listen_multiaddress: ['/ip4/0.0.0.0/tcp/1']}}
      await expectUserError(() => setAt(c, ['cluster', 'peername', 'x'], 1), ExitCode.invalid)
      await expectUserError(() => setAt(c, ['cluster', 'listen_multiaddress', 'x'], 1), ExitCode.invalid)
      expect(c.cluster.peername).to.equal('x')
    })
    it('getAt distinguishes a missing key from a null value', () => {
      const c = {a: {b: null, c: 0}}
      expect(getAt(c, ['a', 'b'])).to.deep.equal({found: true, value: null})
      expect(getAt(c, ['a', 'c'])).to.deep.equal({found: true, value: 0})
      expect(getAt(c, ['a', 'd'])).to.deep.equal({found: false})
      expect(getAt(c, ['a', 'b', 'x'])).to.deep.equal({found: false})
      expect(getAt(c, [])).to.deep.equal({found: true, value: c})
    })
  })
})
