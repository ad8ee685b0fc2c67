import {expect} from 'chai'
import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {keyInfo} from '../../../src/core/identity.js'
import {jsonOut, runCli} from '../../support/cli.js'
import {ID, KEY, tempDir} from '../helpers.js'

describe('identity create / show (CLI)', () => {
  it('create prints identity.json bytes (4-space indent) whose id matches the key', async () => {
    const r = await runCli(['identity', 'create'])
    expect(r.code).to.equal(0)
    const text = r.stdout.replace(/\n$/, '')
    const identity = JSON.parse(text)
    expect(text).to.equal(`{\n    "id": "${identity.id}",\n    "private_key": "${identity.private_key}"\n}`)
    expect(identity.id).to.match(/^12D3KooW/)
    expect(keyInfo(identity.private_key).id).to.equal(identity.id)
  })

  it('create --format env prints CLUSTER_ID/CLUSTER_PRIVATEKEY lines; --key-type rsa makes a Qm id', async () => {
    const r = await runCli(['identity', 'create', '--format', 'env', '--key-type', 'rsa'])
    expect(r.code).to.equal(0)
    const m = /^CLUSTER_ID=(Qm\w+)\nCLUSTER_PRIVATEKEY=(CAAS\S+)\n$/.exec(r.stdout)
    expect(m, r.stdout).to.not.equal(null)
    expect(keyInfo(m![2]).id).to.equal(m![1])
  })

  it('show reports id, type and match; a mismatch exits 4', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'identity.json'), JSON.stringify({id: ID, private_key: KEY}))
    const ok = await runCli(['identity', 'show', '--path', dir, '--json'])
    expect(ok.code).to.equal(0)
    expect(jsonOut(ok)).to.include({id: ID, keyType: 'ed25519', matches: true})
    expect(ok.stdout).not.to.contain(KEY)
    await writeFile(join(dir, 'identity.json'), JSON.stringify({id: '12D3KooWCLKKDpG1EndPjLYzsqzoqEUBwF2CNyCVdvMVci2x1ppS', private_key: KEY}))
    const bad = await runCli(['identity', 'show', '--path', dir])
    expect(bad.code).to.equal(4)
    expect(bad.stdout).to.contain('does not match')
  })
})
