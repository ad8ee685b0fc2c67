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

describe('identity create --count (CLI)', () => {
  it('prints N distinct identities as JSON lines, or env blocks; --json an array', async () => {
    const lines = await runCli(['identity', 'create', '--count', '5'])
    expect(lines.code).to.equal(0)
    const ids = lines.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as {id: string; private_key: string})
    expect(ids).to.have.length(5)
    expect(new Set(ids.map((i) => i.id)).size).to.equal(5)
    for (const i of ids) expect(keyInfo(i.private_key).id).to.equal(i.id)
    const env = await runCli(['identity', 'create', '--count', '2', '--format', 'env'])
    expect(env.stdout).to.match(/^CLUSTER_ID=12D3KooW\w+\nCLUSTER_PRIVATEKEY=\S+\n\nCLUSTER_ID=12D3KooW\w+\nCLUSTER_PRIVATEKEY=\S+\n$/)
    const json = await runCli(['identity', 'create', '--count', '2', '--json'])
    expect(jsonOut(json)).to.have.length(2)
    expect((await runCli(['identity', 'create', '--count', '0'])).code).to.equal(2)
  })

  it('60,000 identities: the command finishes (a generated key exported on Node 20 could deadlock in GC), all distinct and valid', async function () {
    this.timeout(180_000)
    const r = await runCli(['identity', 'create', '--count', '60000'], {timeoutMs: 150_000})
    expect(r.code, r.stderr).to.equal(0)
    const ids = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as {id: string; private_key: string})
    expect(ids).to.have.length(60_000)
    expect(new Set(ids.map((i) => i.id)).size).to.equal(60_000)
    for (const i of ids) expect(keyInfo(i.private_key).id).to.equal(i.id)
  })
})
