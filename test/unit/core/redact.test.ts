import {expect} from 'chai'

import {defaultServiceConfig} from '../../../src/core/defaults.js'
import {REDACTED, redact} from '../../../src/core/redact.js'
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
})
