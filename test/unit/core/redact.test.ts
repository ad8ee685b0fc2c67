import {expect} from 'chai'

import {defaultServiceConfig} from '../../../src/core/defaults.js'
import {diffConfigs} from '../../../src/core/diff.js'
import {REDACTED, isSecretPath, redact, redactAt, secretValues} from '../../../src/core/redact.js'
import {configChanges} from '../../../src/web/events.js'
import {identitySchema} from '../../../src/core/schema/identity.js'
import {serviceSchema} from '../../../src/core/schema/service.js'
import type {SchemaNode} from '../../../src/core/schema/walk.js'
import {DEFAULT_SECRET, ED2_ID, ED2_KEY, ED_ID, ED_KEY} from '../helpers.js'

const root = serviceSchema as unknown as SchemaNode
type Obj = Record<string, any>

describe('core/redact', () => {
  it('hides cluster.secret, private keys and basic-auth passwords, keeping user names', () => {
    const c = defaultServiceConfig({consensus: 'crdt', datastore: 'pebble', secret: DEFAULT_SECRET, peername: 'peername'}) as Obj
    c.cluster.private_key = ED_KEY
    c.cluster.id = ED_ID
    c.api.restapi.basic_auth_credentials = {admin: 'hunter2', bob: 'pw2'}
    c.api.pinsvcapi.private_key = ED2_KEY
    c.api.pinsvcapi.id = ED2_ID
    const before = structuredClone(c)

    const {value, redacted} = redact(c, root) as {value: Obj; redacted: string[]}
    expect(value.cluster.secret).to.equal(REDACTED)
    expect(value.cluster.private_key).to.equal(REDACTED)
    expect(value.api.pinsvcapi.private_key).to.equal(REDACTED)
    expect(value.api.restapi.basic_auth_credentials).to.deep.equal({admin: REDACTED, bob: REDACTED})
    expect(redacted.sort()).to.deep.equal(
      [
        'api.pinsvcapi.private_key',
        'api.restapi.basic_auth_credentials.admin',
        'api.restapi.basic_auth_credentials.bob',
        'cluster.private_key',
        'cluster.secret',
      ].sort(),
    )
    // Everything else is intact, ids included; the input is not modified.
    expect(value.cluster.id).to.equal(ED_ID)
    expect(value.cluster.peername).to.equal('peername')
    expect(value.api.pinsvcapi.id).to.equal(ED2_ID)
    expect(value.datastore).to.deep.equal(c.datastore)
    expect(c).to.deep.equal(before)
    expect(JSON.stringify(value)).to.not.contain(DEFAULT_SECRET)
    expect(JSON.stringify(value)).to.not.contain('hunter2')
    expect(JSON.stringify(value)).to.not.contain(ED_KEY)
  })

  it('leaves empty and null secrets alone and does not list them', () => {
    const c = defaultServiceConfig({consensus: 'crdt', datastore: 'pebble', secret: '', peername: 'p'}) as Obj
    const {value, redacted} = redact(c, root) as {value: Obj; redacted: string[]}
    expect(value.cluster.secret).to.equal('')
    expect(value.api.restapi.basic_auth_credentials).to.equal(null)
    expect(redacted).to.deep.equal([])
  })

  it('redacts identity.json private_key', () => {
    const {value, redacted} = redact({id: ED_ID, private_key: ED_KEY}, identitySchema as unknown as SchemaNode)
    expect(value).to.deep.equal({id: ED_ID, private_key: REDACTED})
    expect(redacted).to.deep.equal(['private_key'])
  })

  it('the marker tells how to see the value', () => {
    expect(REDACTED).to.contain('--show-secrets')
  })

  describe('secrets at places the schema does not know (a renamed or misspelt section is ignored by the daemon, not by redaction)', () => {
    const mutated = () => {
      const c = defaultServiceConfig({consensus: 'crdt', datastore: 'pebble', secret: DEFAULT_SECRET, peername: 'p'}) as Obj
      c.api.restapi.basic_auth_credentials = {admin: 'hunter2'}
      c.clusterX = c.cluster
      delete c.cluster
      c.api.restapiX = c.api.restapi
      delete c.api.restapi
      return c
    }

    it('a renamed cluster / restapi section: its secret and passwords are hidden by their key names', () => {
      const {value, redacted} = redact(mutated(), root) as {value: Obj; redacted: string[]}
      expect(value.clusterX.secret).to.equal(REDACTED)
      expect(value.api.restapiX.basic_auth_credentials).to.deep.equal({admin: REDACTED})
      expect(redacted).to.include.members(['clusterX.secret', 'api.restapiX.basic_auth_credentials.admin'])
      // A name that merely says "credentials" hides strings only: a boolean is no secret.
      expect(value.api.restapiX.cors_allow_credentials).to.equal(true)
      expect(value.clusterX.peername).to.equal('p')
      expect(JSON.stringify(value)).to.not.contain(DEFAULT_SECRET).and.not.contain('hunter2')
    })

    it('secret-named keys where the schema leaves names free (map entries, unknown keys): strings hidden', () => {
      const c = defaultServiceConfig({consensus: 'crdt', datastore: 'pebble', secret: '', peername: 'p'}) as Obj
      c.informer.tags.tags = {region: 'eu', api_token: 't0ken', password: 'pw'}
      c.api.restapi.headers = {Authorization: ['Bearer abc'], 'X-Trace': ['1']}
      c.cluster.my_private_key = 'k'
      const {value} = redact(c, root) as {value: Obj}
      expect(value.informer.tags.tags).to.deep.equal({region: 'eu', api_token: REDACTED, password: REDACTED})
      expect(value.api.restapi.headers).to.deep.equal({Authorization: [REDACTED], 'X-Trace': ['1']})
      expect(value.cluster.my_private_key).to.equal(REDACTED)
      expect(isSecretPath(root, ['informer', 'tags', 'tags', 'api_token'])).to.equal(true)
      expect(isSecretPath(root, ['informer', 'tags', 'tags', 'region'])).to.equal(false)
      // Declared keys are the schema's to decide: ssl_key_file is a path, cors_allow_credentials a switch.
      expect(isSecretPath(root, ['api', 'restapi', 'ssl_key_file'])).to.equal(false)
      expect(isSecretPath(root, ['api', 'restapi', 'cors_allow_credentials'])).to.equal(false)
    })

    it('a value shaped like a cluster secret or a libp2p private key at an unknown place, whatever its name', () => {
      const c = defaultServiceConfig({consensus: 'crdt', datastore: 'pebble', secret: '', peername: 'p'}) as Obj
      c.clusterX = {s: DEFAULT_SECRET, k: ED_KEY, list: [ED2_KEY], note: 'a note'}
      const {value} = redact(c, root) as {value: Obj}
      expect(value.clusterX).to.deep.equal({s: REDACTED, k: REDACTED, list: [REDACTED], note: 'a note'})
    })

    it('a secret-shaped string anywhere (a section replaced by it, a declared string key) is hidden', () => {
      const c = defaultServiceConfig({consensus: 'crdt', datastore: 'pebble', secret: DEFAULT_SECRET, peername: 'p'}) as Obj
      c.cluster = DEFAULT_SECRET
      c.api.restapi = ED_KEY
      c.informer.tags.tags = DEFAULT_SECRET
      const {value, redacted} = redact(c, root) as {value: Obj; redacted: string[]}
      expect(value.cluster).to.equal(REDACTED)
      expect(value.api.restapi).to.equal(REDACTED)
      expect(value.informer.tags.tags).to.equal(REDACTED)
      expect(redacted).to.include.members(['cluster', 'api.restapi', 'informer.tags.tags'])
      // The secret pasted into a declared string key of a document that no longer holds it as its secret.
      const d = defaultServiceConfig({consensus: 'crdt', datastore: 'pebble', secret: '', peername: DEFAULT_SECRET}) as Obj
      d.consensus.crdt.cluster_name = ED_KEY
      const shown = redact(d, root).value as Obj
      expect([shown.cluster.peername, shown.consensus.crdt.cluster_name]).to.deep.equal([REDACTED, REDACTED])
    })

    it('a secret copied to any other place (known keys, lists) is hidden there too', () => {
      const c = defaultServiceConfig({consensus: 'crdt', datastore: 'pebble', secret: DEFAULT_SECRET, peername: 'p'}) as Obj
      c.api.restapi.basic_auth_credentials = {admin: 'hunter2'}
      c.cluster.peername = 'hunter2'
      c.consensus.crdt.trusted_peers = ['*', DEFAULT_SECRET]
      const {value, redacted} = redact(c, root) as {value: Obj; redacted: string[]}
      expect(value.cluster.peername).to.equal(REDACTED)
      expect(value.consensus.crdt.trusted_peers).to.deep.equal(['*', REDACTED])
      expect(redacted).to.include.members(['cluster.peername', 'consensus.crdt.trusted_peers.1'])
      // One key of the document: the document's secrets decide.
      expect(redactAt(c.cluster.peername, root, ['cluster', 'peername'], secretValues(c, root)).value).to.equal(REDACTED)
      expect(secretValues(c, root)).to.deep.equal(new Set([DEFAULT_SECRET, 'hunter2']))
    })

    it('diff and the live change events use the same rule', () => {
      const before = defaultServiceConfig({consensus: 'crdt', datastore: 'pebble', secret: DEFAULT_SECRET, peername: 'p'}) as Obj
      const after = mutated()
      const text = JSON.stringify([diffConfigs(before, after, root), configChanges(before, after)])
      expect(text).to.contain('clusterX').and.contain(REDACTED)
      expect(text).to.not.contain(DEFAULT_SECRET).and.not.contain('hunter2')
    })
  })
})
