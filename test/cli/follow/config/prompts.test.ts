import {expect} from 'chai'
import {existsSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

import {runInPty} from '../../../support/pty.js'
import {ID, SECRET, readJson, tempDir} from '../../helpers.js'

const ENTER = '\r'
const DOWN = '\u001B[B'
const LEADER = `/ip4/10.0.0.1/tcp/9096/p2p/${ID}`

describe('follow config create prompts (on a terminal)', () => {
  it('asks for the name and the mode; source mode writes the source', async () => {
    const base = await tempDir()
    const r = await runInPty(['follow', 'config', 'create', '--path', base], [
      {waitFor: /Follower name/, send: 'mycluster' + ENTER},
      {waitFor: /Configuration/, send: ENTER}, // source mode
      {waitFor: /Source URL or DNSLink name/, send: 'https://example.org/c/service.json' + ENTER},
    ])
    expect(r.code, r.output).to.equal(0)
    expect(await readFile(join(base, 'mycluster', 'service.json'), 'utf8')).to.equal('{\n  "source": "https://example.org/c/service.json"\n}')
  })

  it('leader mode asks for the leader and, without CLUSTER_SECRET, the secret (masked)', async () => {
    const base = await tempDir()
    const r = await runInPty(['follow', 'config', 'create', 'led', '--path', base], [
      {waitFor: /Configuration/, send: DOWN + ENTER}, // leader mode
      {waitFor: /Leader multiaddress/, send: `${LEADER.slice(0, -4)}${ENTER}`}, // a peer id cut short: refused, with why
      {waitFor: /ending in \/p2p\/<peer id>: p2p: invalid value/, send: '\x7f'.repeat(LEADER.length) + LEADER + ENTER},
      {waitFor: /Cluster secret/, send: SECRET + ENTER},
    ])
    expect(r.code, r.output).to.equal(0)
    expect(r.output).not.to.match(/Follower name/) // NAME was given
    expect(r.output).not.to.contain(SECRET)
    const svc = await readJson(join(base, 'led', 'service.json'))
    expect(svc.cluster).to.include({secret: SECRET, follower_mode: true})
    expect(svc.cluster.peer_addresses).to.deep.equal([LEADER])
    expect(svc.consensus.crdt.trusted_peers).to.deep.equal([ID])
  })

  it('never prompts with --no-prompt, even on a terminal: exit 7 naming the flags, nothing written', async () => {
    const base = join(await tempDir(), 'base')
    const r = await runInPty(['follow', 'config', 'create', 'x', '--path', base, '--no-prompt'], [], {}, 20_000)
    expect(r.code, r.output).to.equal(7)
    expect(r.output).to.match(/--source.*--leader|--leader.*--source/)
    expect(existsSync(base)).to.equal(false)
  })
})
