import {expect} from 'chai'
import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {ExitCode} from '../../../src/core/errors.js'
import {formatIdentity, newIdentity, showIdentity} from '../../../src/core/identity-ops.js'
import {keyInfo} from '../../../src/core/identity.js'
import {REDACTED} from '../../../src/core/redact.js'
import {serializeIdentity} from '../../../src/core/service-config.js'
import {ED2_ID, ED_ID, ED_KEY, expectUserError, tempDirs} from '../helpers.js'

describe('core/identity-ops', () => {
  const tmp = tempDirs()

  it('newIdentity returns a matching pair and its key type', async () => {
    const n = await newIdentity('ed25519')
    expect(n.keyType).to.equal('ed25519')
    expect(keyInfo(n.private_key).id).to.equal(n.id)
  })

  it('formatIdentity: identity.json bytes, or CLUSTER_ID/CLUSTER_PRIVATEKEY lines', () => {
    expect(formatIdentity({id: ED_ID, private_key: ED_KEY}, 'json')).to.equal(`{\n    "id": "${ED_ID}",\n    "private_key": "${ED_KEY}"\n}`)
    expect(formatIdentity({id: ED_ID, private_key: ED_KEY}, 'env')).to.equal(`CLUSTER_ID=${ED_ID}\nCLUSTER_PRIVATEKEY=${ED_KEY}`)
  })

  it('showIdentity of a valid identity.json: key type, derived id, key redacted', async () => {
    const dir = await tmp.make()
    await writeFile(join(dir, 'identity.json'), serializeIdentity({id: ED_ID, private_key: ED_KEY}))
    const r = await showIdentity({path: dir})
    expect(r).to.deep.equal({file: join(dir, 'identity.json'), id: ED_ID, keyType: 'ed25519', keyId: ED_ID, matches: true, problems: [], private_key: REDACTED})
    expect((await showIdentity({path: dir, showSecrets: true})).private_key).to.equal(ED_KEY)
  })

  it('showIdentity of a mismatched identity reports it', async () => {
    const dir = await tmp.make()
    await writeFile(join(dir, 'identity.json'), serializeIdentity({id: ED2_ID, private_key: ED_KEY}))
    const r = await showIdentity({path: dir})
    expect(r.matches).to.equal(false)
    expect(r.keyId).to.equal(ED_ID)
    expect(r.id).to.equal(ED2_ID)
    expect(r.problems).to.deep.equal(['identity ID does not match the private_key'])
  })

  it('showIdentity without identity.json exits 3; with broken JSON exits 4', async () => {
    const dir = await tmp.make()
    await expectUserError(() => showIdentity({path: dir}), ExitCode.notFound)
    await mkdir(join(dir, 'b'))
    await writeFile(join(dir, 'b', 'identity.json'), '{"id": ')
    await expectUserError(() => showIdentity({path: join(dir, 'b')}), ExitCode.invalid)
  })
})
