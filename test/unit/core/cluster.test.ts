import {expect} from 'chai'
import {readFile, readdir} from 'node:fs/promises'
import {join} from 'node:path'

import {bundleProblem, readBundle} from '../../../src/core/bundle.js'
import {type CreateClusterOptions, addClusterPeers, createCluster, removeClusterPeer} from '../../../src/core/cluster.js'
import {ExitCode} from '../../../src/core/errors.js'
import {keyInfo} from '../../../src/core/identity.js'
import {serializeService, validateServiceFolder} from '../../../src/core/service-config.js'
import {DEFAULT_SECRET, expectUserError, tempDirs} from '../helpers.js'

const read = (dir: string, ...p: string[]) => readFile(join(dir, ...p), 'utf8')
const json = async (dir: string, ...p: string[]) => JSON.parse(await read(dir, ...p))

/** Every file under a folder (relative path → bytes). */
async function tree(dir: string, prefix = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const e of await readdir(join(dir, prefix), {withFileTypes: true})) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name
    if (e.isDirectory()) Object.assign(out, await tree(dir, rel))
    else out[rel] = await read(dir, rel)
  }
  return out
}

describe('core/cluster: create, add, remove', () => {
  const tmp = tempDirs('icc-cluster-')
  const create = async (o: Partial<CreateClusterOptions> = {}) => {
    const out = o.out ?? join(await tmp.make(), 'bundle')
    return createCluster({out, peers: 3, consensus: 'crdt', secret: DEFAULT_SECRET, env: {}, ...o})
  }

  it('crdt on one machine: trusted_peers = the N ids, peer_addresses and peerstore = the others, ports 10 apart', async () => {
    const r = await create()
    const {bundle} = await readBundle(r.out)
    expect(bundle.peers.map((p) => p.name)).to.deep.equal(['peer-0', 'peer-1', 'peer-2'])
    const ids = bundle.peers.map((p) => p.id)
    expect(new Set(ids).size).to.equal(3)
    for (const [i, p] of bundle.peers.entries()) {
      const svc = await json(r.out, p.folder, 'service.json')
      const identity = await json(r.out, p.folder, 'identity.json')
      expect(identity.id).to.equal(p.id)
      expect(keyInfo(identity.private_key).id).to.equal(p.id)
      expect(svc.cluster.peername).to.equal(p.name)
      expect(svc.cluster.secret).to.equal(DEFAULT_SECRET)
      expect(svc.cluster.mdns_interval).to.equal('0s')
      expect(svc.consensus.crdt.trusted_peers).to.deep.equal(ids)
      expect(svc.cluster.listen_multiaddress).to.deep.equal([`/ip4/127.0.0.1/tcp/${9096 + 10 * i}`, `/ip4/127.0.0.1/udp/${9096 + 10 * i}/quic`])
      expect(svc.api.restapi.http_listen_multiaddress).to.equal(`/ip4/127.0.0.1/tcp/${9094 + 10 * i}`)
      expect(svc.api.ipfsproxy.listen_multiaddress).to.equal(`/ip4/127.0.0.1/tcp/${9095 + 10 * i}`)
      expect(svc.api.pinsvcapi.http_listen_multiaddress).to.equal(`/ip4/127.0.0.1/tcp/${9097 + 10 * i}`)
      const others = bundle.peers.filter((o) => o !== p).map((o) => `/ip4/127.0.0.1/tcp/${9096 + 10 * o.index}/p2p/${o.id}`)
      expect(p.addresses).to.deep.equal([`/ip4/127.0.0.1/tcp/${9096 + 10 * i}/p2p/${p.id}`])
      expect(p.api).to.equal(`/ip4/127.0.0.1/tcp/${9094 + 10 * i}`)
      expect(svc.cluster.peer_addresses).to.deep.equal(others)
      expect(await read(r.out, p.folder, 'peerstore')).to.equal(others.map((a) => a + '\n').join(''))
      // Written by the same serializer as `service config create` (2 spaces, no final newline).
      expect(await read(r.out, p.folder, 'service.json')).to.equal(serializeService(svc))
      expect((await validateServiceFolder({path: join(r.out, p.folder)})).errors).to.deep.equal([])
    }
    const manifest = await read(r.out, 'cluster.json')
    expect(manifest).not.to.contain(DEFAULT_SECRET)
    expect(manifest).not.to.contain('private_key')
    expect(bundleProblem(JSON.parse(manifest))).to.equal(undefined)
    expect(bundleProblem({...JSON.parse(manifest), nextIndex: 2})).to.equal("nextIndex: must be a whole number above every peer's index (2)")
    const parsed = JSON.parse(manifest)
    parsed.peers[1].joined = false
    expect(bundleProblem(parsed)).to.equal('peers[1].joined: must be true or absent')
    expect(r.files.sort()).to.deep.equal(['cluster.json', ...bundle.peers.flatMap((p) => ['identity.json', 'peerstore', 'service.json'].map((f) => `${p.folder}/${f}`))].sort())
  })

  it('raft: init_peerset = the N ids and no datastore section', async () => {
    const r = await create({consensus: 'raft', peers: 2})
    const ids = r.bundle.peers.map((p) => p.id)
    expect(r.bundle.datastore).to.equal(null)
    for (const p of r.bundle.peers) {
      const svc = await json(r.out, p.folder, 'service.json')
      expect(svc.consensus.raft.init_peerset).to.deep.equal(ids)
      expect(svc.datastore).to.equal(undefined)
    }
  })

  it('--hosts: every peer on the default ports, swarm on all interfaces, /ip4 /ip6 /dns4 addresses', async () => {
    const r = await create({hosts: ['10.1.0.1', 'fd00::2', 'node-2.example.net']})
    const [a, b, c] = r.bundle.peers
    expect(a.addresses).to.deep.equal([`/ip4/10.1.0.1/tcp/9096/p2p/${a.id}`])
    expect(b.addresses).to.deep.equal([`/ip6/fd00::2/tcp/9096/p2p/${b.id}`])
    expect(c.addresses).to.deep.equal([`/dns4/node-2.example.net/tcp/9096/p2p/${c.id}`])
    const svc = await json(r.out, 'peer-2', 'service.json')
    expect(svc.cluster.listen_multiaddress).to.deep.equal(['/ip4/0.0.0.0/tcp/9096', '/ip4/0.0.0.0/udp/9096/quic'])
    expect(svc.api.restapi.http_listen_multiaddress).to.equal('/ip4/127.0.0.1/tcp/9094')
    expect(svc.cluster.peer_addresses).to.deep.equal([...a.addresses, ...b.addresses])
    // add: a host a peer of the bundle is already on is refused, and the bundle is left as it was.
    const before = await tree(r.out)
    const e = await expectUserError(() => addClusterPeers({out: r.out, peers: 1, hosts: ['node-2.example.net']}), ExitCode.usage)
    expect(e.message).to.equal('--hosts: peer-2 and peer-3 are both on node-2.example.net, swarm port 9096; give each peer its own host (without --hosts, the peers share 127.0.0.1 on ports 10 apart)')
    expect(await tree(r.out)).to.deep.equal(before)
  })

  it('--hosts on loopback addresses: each peer listens on its own address only (default ports), its IPFS there too; add places a new peer alike', async () => {
    const r = await create({hosts: ['127.0.0.2', '127.0.0.3', '127.0.0.4']})
    const svc = await json(r.out, 'peer-1', 'service.json')
    expect(svc.cluster.listen_multiaddress).to.deep.equal(['/ip4/127.0.0.3/tcp/9096', '/ip4/127.0.0.3/udp/9096/quic'])
    expect(svc.api.restapi.http_listen_multiaddress).to.equal('/ip4/127.0.0.3/tcp/9094')
    expect(svc.api.ipfsproxy.listen_multiaddress).to.equal('/ip4/127.0.0.3/tcp/9095')
    expect(svc.api.ipfsproxy.node_multiaddress).to.equal('/ip4/127.0.0.3/tcp/5001')
    expect(svc.api.pinsvcapi.http_listen_multiaddress).to.equal('/ip4/127.0.0.3/tcp/9097')
    expect(svc.ipfs_connector.ipfshttp.node_multiaddress).to.equal('/ip4/127.0.0.3/tcp/5001')
    expect(r.bundle.peers[1].api).to.equal('/ip4/127.0.0.3/tcp/9094')
    // A loopback newcomer gets its own address; a real host gets back all interfaces and 127.0.0.1.
    await addClusterPeers({out: r.out, peers: 2, hosts: ['127.0.0.5', '10.1.0.9']})
    const lo = await json(r.out, 'peer-3', 'service.json')
    expect(lo.cluster.listen_multiaddress).to.deep.equal(['/ip4/127.0.0.5/tcp/9096', '/ip4/127.0.0.5/udp/9096/quic'])
    expect(lo.ipfs_connector.ipfshttp.node_multiaddress).to.equal('/ip4/127.0.0.5/tcp/5001')
    const real = await json(r.out, 'peer-4', 'service.json')
    expect(real.cluster.listen_multiaddress).to.deep.equal(['/ip4/0.0.0.0/tcp/9096', '/ip4/0.0.0.0/udp/9096/quic'])
    expect(real.api.restapi.http_listen_multiaddress).to.equal('/ip4/127.0.0.1/tcp/9094')
    expect(real.ipfs_connector.ipfshttp.node_multiaddress).to.equal('/ip4/127.0.0.1/tcp/5001')
  })

  it('--host-template, --name-prefix, --base-port and --set apply to every peer', async () => {
    const r = await create({peers: 2, hostTemplate: 'node-{i}.lan', namePrefix: 'ipfs', basePort: 20000, set: [['cluster.replication_factor_min', '2'], ['cluster.replication_factor_max', '3']]})
    expect(r.bundle.peers.map((p) => [p.name, p.host, p.api])).to.deep.equal([
      ['ipfs-0', 'node-0.lan', '/ip4/127.0.0.1/tcp/20000'],
      ['ipfs-1', 'node-1.lan', '/ip4/127.0.0.1/tcp/20000'],
    ])
    const svc = await json(r.out, 'ipfs-1', 'service.json')
    expect(svc.cluster.replication_factor_min).to.equal(2)
    expect(svc.cluster.listen_multiaddress[0]).to.equal('/ip4/0.0.0.0/tcp/20002')
    expect(r.bundle.peers[1].addresses[0]).to.equal(`/dns4/node-1.lan/tcp/20002/p2p/${r.bundle.peers[1].id}`)
  })

  it('bad input is one usage error and writes nothing', async () => {
    const parent = await tmp.make()
    const out = join(parent, 'b')
    for (const [o, message] of [
      [{hosts: ['10.0.0.1']}, '1 host(s) given for 3 peer(s)'],
      [{hosts: ['10.0.0.1', 'bad host', '10.0.0.3']}, '"bad host" is neither'],
      [{hostTemplate: 'node'}, 'must contain {i}'],
      [{peers: 0}, 'from 1 to'],
      [{namePrefix: 'Peer'}, 'DNS label'],
      [{basePort: 65530}, 'leaves no room'],
      // One address cannot be two peers: names both, whatever the case of the DNS name.
      [{hosts: ['node-a', 'NODE-A', 'node-b']}, '--hosts: peer-0 and peer-1 are both on NODE-A, swarm port 9096; give each peer its own host'],
      [{consensus: 'raft', datastore: 'pebble'}, '--consensus raft and --datastore cannot be used together'],
    ] as [Partial<CreateClusterOptions>, string][]) {
      const e = await expectUserError(() => create({out, ...o}), ExitCode.usage)
      expect(e.message).to.contain(message)
    }
    const raftFolder = await expectUserError(() => create({out, consensus: 'raft', targets: ['kubernetes'], set: [['consensus.raft.data_folder', '/raft']]}), ExitCode.usage)
    expect(raftFolder.message).to.match(/^consensus\.raft\.data_folder: a Compose or Kubernetes raft bundle keeps its raft state in the peer's folder/)
    const bad = await expectUserError(() => create({out, set: [['cluster.replication_factor_min', '5'], ['cluster.replication_factor_max', '2']]}), ExitCode.invalid)
    expect(bad.message).to.match(/^nothing written: .*peer-0\/service\.json/)
    expect(await readdir(parent)).to.deep.equal([])
  })

  it('an existing bundle is exit 5 unless --force, which keeps the identities already there', async () => {
    const r = await create()
    const before = await tree(r.out)
    await expectUserError(() => create({out: r.out}), ExitCode.exists)
    expect(await tree(r.out)).to.deep.equal(before)
    const again = await create({out: r.out, force: true, peers: 4})
    expect(again.status).to.equal('overwritten')
    expect(again.bundle.peers.slice(0, 3).map((p) => p.id)).to.deep.equal(r.bundle.peers.map((p) => p.id))
    expect(again.added).to.deep.equal(['peer-3'])
    for (const p of r.bundle.peers) expect(await read(again.out, p.folder, 'identity.json')).to.equal(before[`${p.folder}/identity.json`])
  })

  it('--dry-run writes nothing', async () => {
    const parent = await tmp.make()
    const r = await create({out: join(parent, 'b'), dryRun: true})
    expect(r.status).to.equal('dry-run')
    expect(r.bundle.peers).to.have.length(3)
    expect(await readdir(parent)).to.deep.equal([])
  })

  it('add learns the new peer everywhere and changes nothing else; remove then gives back every byte but the manifest\'s nextIndex', async () => {
    const r = await create()
    const before = await tree(r.out)
    const added = await addClusterPeers({out: r.out, peers: 1})
    expect(added.added).to.deep.equal(['peer-3'])
    const {bundle} = await readBundle(r.out)
    const ids = bundle.peers.map((p) => p.id)
    expect(ids.slice(0, 3)).to.deep.equal(r.bundle.peers.map((p) => p.id))
    expect(bundle.peers[3]).to.deep.include({name: 'peer-3', index: 3, folder: 'peer-3', api: '/ip4/127.0.0.1/tcp/9124'})
    for (const p of bundle.peers) {
      const svc = await json(r.out, p.folder, 'service.json')
      expect(svc.consensus.crdt.trusted_peers).to.deep.equal(ids)
      const others = bundle.peers.filter((o) => o !== p).flatMap((o) => o.addresses)
      expect(svc.cluster.peer_addresses).to.deep.equal(others)
      expect(await read(r.out, p.folder, 'peerstore')).to.equal(others.map((a) => a + '\n').join(''))
      if (p.index < 3) {
        // Only the membership keys changed.
        const old = JSON.parse(before[`${p.folder}/service.json`])
        old.consensus.crdt.trusted_peers = ids
        old.cluster.peer_addresses = others
        expect(await read(r.out, p.folder, 'service.json')).to.equal(serializeService(old))
        expect(await read(r.out, p.folder, 'identity.json')).to.equal(before[`${p.folder}/identity.json`])
      }
    }
    const svc3 = await json(r.out, 'peer-3', 'service.json')
    expect(svc3.cluster.listen_multiaddress[0]).to.equal('/ip4/127.0.0.1/tcp/9126')
    expect((await validateServiceFolder({path: join(r.out, 'peer-3')})).errors).to.deep.equal([])

    const removed = await removeClusterPeer({out: r.out, name: 'peer-3'})
    expect(removed.removed).to.deep.equal(['peer-3'])
    expect(removed.nextSteps[0]).to.equal(`stop peer-3 (${bundle.peers[3].id}): crdt has no peers rm; it leaves the peerset once its last ping metric expires (twice monitor_ping_interval)`)
    const after = await tree(r.out)
    // The manifest remembers that index 3 was used, so that a later add does not reuse the name.
    expect(JSON.parse(after['cluster.json'])).to.deep.equal({...JSON.parse(before['cluster.json']), nextIndex: 4})
    expect({...after, 'cluster.json': ''}).to.deep.equal({...before, 'cluster.json': ''})
    expect((await addClusterPeers({out: r.out, peers: 1})).added).to.deep.equal(['peer-4'])
  })

  it('remove: an unknown name is exit 3, the last peer cannot go, raft says peers rm is required', async () => {
    const r = await create({consensus: 'raft', peers: 2})
    const before = await tree(r.out)
    const e = await expectUserError(() => removeClusterPeer({out: r.out, name: 'nope'}), ExitCode.notFound)
    expect(e.message).to.contain('peer-0, peer-1')
    const gone = await removeClusterPeer({out: r.out, name: 'peer-0'})
    expect(gone.nextSteps.find((s) => s.startsWith('required: '))).to.contain(`ipfs-cluster-ctl --host /ip4/127.0.0.1/tcp/9104 peers rm ${r.bundle.peers[0].id}`)
    const svc = await json(r.out, 'peer-1', 'service.json')
    expect(svc.consensus.raft.init_peerset).to.deep.equal([r.bundle.peers[1].id])
    expect(svc.cluster.peer_addresses).to.deep.equal([])
    expect(await read(r.out, 'peer-1', 'identity.json')).to.equal(before['peer-1/identity.json'])
    await expectUserError(() => removeClusterPeer({out: r.out, name: 'peer-1'}), ExitCode.usage)
    // A new peer after a remove takes a new index: names are never reused.
    const added = await addClusterPeers({out: r.out, peers: 1})
    expect(added.added).to.deep.equal(['peer-2'])
  })

  it('add/remove on a folder without cluster.json is exit 3', async () => {
    const dir = await tmp.make()
    await expectUserError(() => addClusterPeers({out: dir, peers: 1}), ExitCode.notFound)
    await expectUserError(() => removeClusterPeer({out: dir, name: 'peer-0'}), ExitCode.notFound)
  })
})
