import {expect} from 'chai'
import {join} from 'node:path'

import {runInPty} from '../../../support/pty.js'
import {SECRET, readJson, snapshot, tempDir} from '../../helpers.js'

const ENTER = '\r'
const DOWN = '\u001B[B'

describe('service config create prompts (on a terminal)', () => {
  it('asks for peer name, consensus, datastore and secret, and writes the answers', async () => {
    const dir = join(await tempDir(), 'p')
    const r = await runInPty(['service', 'config', 'create', '--path', dir], [
      {waitFor: /Peer name/, send: 'typed-peer' + ENTER},
      {waitFor: /Consensus/, send: ENTER}, // crdt
      {waitFor: /Datastore/, send: DOWN + ENTER}, // badger3
      {waitFor: /Cluster secret/, send: DOWN + ENTER}, // enter an existing secret
      {waitFor: /64 hex characters/, send: SECRET + ENTER},
    ])
    expect(r.code, r.output).to.equal(0)
    expect(r.output).not.to.contain(SECRET) // the password prompt masks it
    const svc = await readJson(join(dir, 'service.json'))
    expect(svc.cluster.peername).to.equal('typed-peer')
    expect(svc.cluster.secret).to.equal(SECRET)
    expect(Object.keys(svc.datastore)).to.deep.equal(['badger3'])
  })

  it('asks only for what flags and variables did not give', async () => {
    const dir = join(await tempDir(), 'p')
    const r = await runInPty(['service', 'config', 'create', '--path', dir, '--consensus', 'raft'], [{waitFor: /Peer name/, send: ENTER}], {CLUSTER_SECRET: SECRET})
    expect(r.code, r.output).to.equal(0)
    expect(r.output).not.to.match(/Consensus|Datastore|Cluster secret/)
    expect((await readJson(join(dir, 'service.json'))).consensus).to.have.key('raft')
  })

  it('never prompts with CI set or --no-prompt, even on a terminal', async () => {
    for (const [args, env] of [[['--no-prompt'], {}], [[], {CI: 'true'}]] as const) {
      const root = await tempDir()
      const r = await runInPty(['service', 'config', 'create', '--path', join(root, 'p'), ...args], [], env, 20_000)
      expect(r.code, r.output).to.equal(0)
      expect(r.output).not.to.contain('Peer name')
      expect(Object.keys(await snapshot(join(root, 'p')))).to.have.members(['service.json', 'identity.json', 'peerstore'])
    }
  })
})
