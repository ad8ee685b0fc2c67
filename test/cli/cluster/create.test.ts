import {expect} from 'chai'
import {mkdir, readFile, readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {keyInfo} from '../../../src/core/identity.js'
import {jsonOut, runCli} from '../../support/cli.js'
import {SECRET, tempDir} from '../helpers.js'

describe('cluster create / add / remove (CLI)', () => {
  it('create --json: the manifest, every file written, no secret on stdout; the folders hold the peers', async () => {
    const out = join(tempDir(), 'bundle')
    const r = await runCli(['cluster', 'create', '--peers', '3', '--out', out, '--secret', SECRET, '--json'])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).not.to.contain(SECRET)
    const doc = jsonOut(r)
    expect(doc.status).to.equal('created')
    expect(doc.bundle.peers.map((p: {name: string}) => p.name)).to.deep.equal(['peer-0', 'peer-1', 'peer-2'])
    expect(JSON.parse(await readFile(join(out, 'cluster.json'), 'utf8'))).to.deep.equal(doc.bundle)
    for (const p of doc.bundle.peers) {
      const svc = JSON.parse(await readFile(join(out, p.folder, 'service.json'), 'utf8'))
      expect(svc.cluster.secret).to.equal(SECRET)
      expect(keyInfo(JSON.parse(await readFile(join(out, p.folder, 'identity.json'), 'utf8')).private_key).id).to.equal(p.id)
    }
  })

  it('the secret comes from CLUSTER_SECRET; a human summary names each peer and the next steps', async () => {
    const dir = tempDir()
    const r = await runCli(['cluster', 'create', '-n', '2', '-o', join(dir, 'b'), '--consensus', 'raft'], {env: {CLUSTER_SECRET: SECRET}})
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.match(/^wrote 7 files in .*\(folders\): 2 raft peers\n {2}\+ peer-0 12D3KooW\w+ \/ip4\/127\.0\.0\.1\/tcp\/9096\/p2p\/12D3KooW\w+\n/)
    expect(r.stdout).to.contain(`next: start peer-1: ipfs-cluster-service --config ${join(dir, 'b', 'peer-1')} daemon`)
    const svc = JSON.parse(await readFile(join(dir, 'b', 'peer-1', 'service.json'), 'utf8'))
    expect(svc.cluster.secret).to.equal(SECRET)
  })

  it('usage errors: one line naming the flag, exit 2, nothing written; --json gives the error document', async () => {
    const dir = tempDir()
    const r = await runCli(['cluster', 'create', '--peers', '2', '--out', join(dir, 'b'), '--hosts', '10.0.0.1'])
    expect(r.code).to.equal(2)
    expect(r.stderr).to.equal('Error: --hosts: 1 host(s) given for 2 peer(s); give one per peer\n')
    const j = await runCli(['cluster', 'create', '--peers', '2', '--out', join(dir, 'b'), '--host-template', 'node', '--json'])
    expect(j.code).to.equal(2)
    expect(jsonOut(j).error).to.include({exit: 2, message: '--host-template: "node" must contain {i} (the peer\'s index)'})
    // As in `service config create`: a datastore is for crdt (the flag has no default to hide this behind).
    const raft = await runCli(['cluster', 'create', '--peers', '2', '--out', join(dir, 'b'), '--consensus', 'raft', '--datastore', 'badger3'])
    expect([raft.code, raft.stderr]).to.deep.equal([2, 'Error: --consensus raft and --datastore cannot be used together: raft keeps its own state; a datastore is for crdt\n'])
    const twice = await runCli(['cluster', 'create', '--peers', '3', '--out', join(dir, 'b'), '--hosts', 'node-a,node-a,node-b'])
    expect([twice.code, twice.stderr.split('\n')[0]]).to.deep.equal([2, 'Error: --hosts: peer-0 and peer-1 are both on node-a, swarm port 9096; give each peer its own host (without --hosts, the peers share 127.0.0.1 on ports 10 apart)'])
    expect(await readdir(dir)).to.deep.equal([])
  })

  it('an existing bundle: exit 5; add then remove on it; remove of an unknown peer: exit 3', async () => {
    const out = join(tempDir(), 'b')
    expect((await runCli(['cluster', 'create', '-n', '2', '-o', out])).code).to.equal(0)
    const again = await runCli(['cluster', 'create', '-n', '2', '-o', out])
    expect(again.code).to.equal(5)
    expect(again.stderr).to.contain(`${join(out, 'cluster.json')} already exists`)
    const add = await runCli(['cluster', 'add', '-o', out, '--json'])
    expect(add.code, add.stderr).to.equal(0)
    expect(jsonOut(add).added).to.deep.equal(['peer-2'])
    const id = jsonOut(add).bundle.peers[2].id
    const rm = await runCli(['cluster', 'remove', 'peer-2', '-o', out])
    expect(rm.code, rm.stderr).to.equal(0)
    expect(rm.stdout).to.contain(`next: stop peer-2 (${id}): crdt has no peers rm`)
    expect(await readdir(out)).to.have.members(['cluster.json', 'peer-0', 'peer-1'])
    const unknown = await runCli(['cluster', 'remove', 'peer-9', '-o', out])
    expect(unknown.code).to.equal(3)
    expect(unknown.stderr).to.contain('peer-9 is not a peer of')
  })

  it('--force with fewer peers deletes exactly the folders of the peers the old cluster.json named, and says so', async () => {
    const out = join(tempDir(), 'b')
    expect((await runCli(['cluster', 'create', '-n', '4', '-o', out])).code).to.equal(0)
    // Not named by the manifest: a folder that looks like a peer's, and a file of the user's.
    await mkdir(join(out, 'peer-7'))
    await writeFile(join(out, 'peer-7', 'keep'), 'mine')
    await writeFile(join(out, 'notes.txt'), 'mine')
    const before = JSON.parse(await readFile(join(out, 'peer-1', 'identity.json'), 'utf8'))
    const dry = await runCli(['cluster', 'create', '-n', '2', '-o', out, '--force', '--dry-run', '--json'])
    expect(dry.code, dry.stderr).to.equal(0)
    expect(jsonOut(dry).removed).to.deep.equal(['peer-2', 'peer-3'])
    expect(await readdir(out)).to.include.members(['peer-2', 'peer-3'])
    const r = await runCli(['cluster', 'create', '-n', '2', '-o', out, '--force'])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.contain('  - peer-2 (its folder is deleted)\n  - peer-3 (its folder is deleted)\n')
    expect(await readdir(out)).to.have.members(['cluster.json', 'peer-0', 'peer-1', 'peer-7', 'notes.txt'])
    expect(await readFile(join(out, 'peer-7', 'keep'), 'utf8')).to.equal('mine')
    expect(JSON.parse(await readFile(join(out, 'peer-1', 'identity.json'), 'utf8'))).to.deep.equal(before)
    const svc = JSON.parse(await readFile(join(out, 'peer-0', 'service.json'), 'utf8'))
    expect(svc.consensus.crdt.trusted_peers).to.have.length(2)
  })
})
