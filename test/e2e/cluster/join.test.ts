// Proof with the real programs that a cluster can be built with this tool alone: `service config create` makes
// every peer, the first one runs as a plain `ipfs-cluster-service daemon` (there is no "start without a leader"
// command), and `connect ... --start` joins and starts the others (detached, `--bootstrap`). Each peer has its
// own Kubo. Every daemon is stopped after each test, also on failure (see Daemons in cluster-helpers.ts).
import {expect} from 'chai'
import {randomBytes} from 'node:crypto'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {jsonOut} from '../../support/cli.js'
import {startServiceDaemon} from '../../support/daemon.js'
import {followCli, socketRequest} from '../../support/follow.js'
import {kuboAdd, startKubo} from '../../support/kubo.js'
import {tempDir} from '../../support/tmp.js'
import {type Peer, cli, createPeer, daemonLog, pidInFolder, show, waitAllSeeAll, useDaemons} from './cluster-helpers.js'

describe('e2e: join a cluster with create + connect --start', function () {
  this.timeout(120_000)
  const daemons = useDaemons()

  /** Creates a peer and joins it with `connect <leader> --start`; returns the peer and the connect result. */
  async function joinPeer(o: {leader: Peer; dir: string; name: string; secret: string; consensus: 'crdt' | 'raft'; how: 'api' | 'addr'}) {
    const kubo = await startKubo()
    const peer = await createPeer({dir: o.dir, secret: o.secret, peername: o.name, kubo, consensus: o.consensus})
    daemons.service(peer.dir)
    // --api: the leader's id and addresses are discovered from its REST API, and the join is checked from both
    // sides; a /p2p/ address (plus --api for the leader-side check) is the other way to name the leader.
    const target = o.how === 'api' ? ['--api', o.leader.api] : [o.leader.addr, '--api', o.leader.api]
    const r = await cli(['connect', ...target, '--path', peer.dir, '--start', '--timeout', '60s', '--json'])
    daemons.notePids()
    expect(r.code, `${show(r)}\n--- daemon log ---\n${daemonLog(peer.dir)}`).to.equal(0)
    return {peer, result: jsonOut(r)}
  }

  for (const consensus of ['crdt', 'raft'] as const) {
    it(`a 3-peer ${consensus} cluster made only with this tool: every peer lists the other two`, async () => {
      const base = tempDir('icc-join-')
      const secret = randomBytes(32).toString('hex')
      const kubo1 = await startKubo()
      const leader = await createPeer({dir: join(base, 'peer1'), secret, peername: 'peer1', kubo: kubo1, consensus})
      // 'consensus': with raft the API answers before the single-peer leader election is over.
      await startServiceDaemon({configDir: leader.dir, waitFor: 'consensus'})

      const how = consensus === 'crdt' ? 'api' : 'addr'
      const {peer: peer2, result: r2} = await joinPeer({leader, dir: join(base, 'peer2'), name: 'peer2', secret, consensus, how})
      const {peer: peer3, result: r3} = await joinPeer({leader, dir: join(base, 'peer3'), name: 'peer3', secret, consensus, how})

      for (const [peer, r] of [[peer2, r2], [peer3, r3]] as const) {
        expect(r).to.include({kind: 'service', joined: true})
        expect(r.leader.id).to.equal(leader.id)
        expect(r.leader.addresses).to.include(leader.addr)
        expect(r.peers).to.include(leader.id)
        expect(r.started.pid).to.equal(pidInFolder(peer.dir))
        expect(r.started.command).to.include('--bootstrap')
        expect(r.changes.map((c: {key: string}) => c.key)).to.include('cluster.peer_addresses')
      }

      const all = [leader, peer2, peer3]
      // --random-ports: no default port (9094-9097), and no two peers share one.
      const ports = all.flatMap((p) => p.ports)
      expect(ports).to.have.length(15)
      expect(new Set(ports).size, ports.join(' ')).to.equal(15)
      for (const p of ports) expect(p).not.to.match(/\/909[4-7]$/)

      const seen = await waitAllSeeAll(all)
      for (const p of all) expect(seen[p.id], `/peers of ${p.dir}`).to.have.members(all.map((q) => q.id))

      // Our `status` says the same, for every peer.
      for (const p of all) {
        const s = await cli(['status', '--path', p.dir, '--json'])
        expect(s.code, show(s)).to.equal(0)
        const st = jsonOut(s)
        expect(st).to.include({healthy: true, id: p.id, idMatchesIdentity: true})
        expect(st.peers.map((x: {id: string}) => x.id)).to.have.members(all.map((q) => q.id))
      }
    })
  }

  it('a follower joined with `connect --follow NAME --start` follows the leader and reports online', async () => {
    const secret = randomBytes(32).toString('hex')
    const [kuboL, kuboF] = await Promise.all([startKubo(), startKubo()])
    const leader = await createPeer({dir: join(tempDir('icc-join-'), 'leader'), secret, peername: 'leader', kubo: kuboL})
    await startServiceDaemon({configDir: leader.dir, waitFor: 'api'})

    // A template-mode follower, made by this tool, following the leader.
    const base = tempDir('icc-follow-')
    const name = 'mycluster'
    const created = await cli([
      'follow', 'config', 'create', name, '--path', base, '--leader', leader.addr, '--secret', secret, '--peername', 'follower',
      ...['cluster.mdns_interval=0s', 'cluster.monitor_ping_interval=2s', 'consensus.crdt.rebroadcast_interval=2s', `ipfs_connector.ipfshttp.node_multiaddress=${kuboF.apiMultiaddr}`].flatMap((s) => ['--set', s]),
      '--json',
    ])
    expect(created.code, show(created)).to.equal(0)
    const followerId = jsonOut(created).peerId as string
    const folder = join(base, name)
    daemons.follower(base, name)

    // ipfs-cluster-follow waits for IPFS where CLUSTER_IPFSHTTP_NODEMULTIADDRESS says (not at the template's
    // node_multiaddress); connect passes its environment to the daemon it starts.
    const ipfsEnv = {CLUSTER_IPFSHTTP_NODEMULTIADDRESS: kuboF.apiMultiaddr}
    const r = await cli(['connect', leader.addr, '--follow', name, '--path', base, '--start', '--timeout', '60s', '--json'], ipfsEnv)
    daemons.notePids()
    expect(r.code, `${show(r)}\n--- daemon log ---\n${daemonLog(folder)}`).to.equal(0)
    const c = jsonOut(r)
    expect(c).to.include({kind: 'follow', joined: true, written: false}) // the template already had the leader
    expect(c.started.command.slice(-4)).to.deep.equal(['--config', base, name, 'run'])
    expect(c.started.pid).to.equal(pidInFolder(folder))
    expect(c.peers).to.include(leader.id)

    // status --follow: healthy, the follower's own identity, and it sees the leader.
    const s = await cli(['status', '--follow', name, '--path', base, '--json'])
    expect(s.code, show(s)).to.equal(0)
    const st = jsonOut(s)
    expect(st).to.include({kind: 'follow', healthy: true, id: followerId, idMatchesIdentity: true, api: `unix socket ${join(folder, 'api-socket')}`})
    expect(st.peers.map((p: {id: string}) => p.id)).to.include(leader.id)
    expect(st.ipfs.id, 'the follower talks to its own Kubo').to.equal(kuboF.peerId)

    // It follows: a pin made on the leader reaches the follower's pinset.
    const cid = await kuboAdd(kuboL, `follow me ${Date.now()}`)
    const pin = await fetch(`${leader.api}/pins/${cid}`, {method: 'POST'})
    expect(pin.status, await pin.text()).to.equal(200)
    const deadline = Date.now() + 20_000
    let alloc = await socketRequest(join(folder, 'api-socket'), `/allocations/${cid}`)
    while (alloc.status !== 200 && Date.now() < deadline) {
      await sleep(500)
      alloc = await socketRequest(join(folder, 'api-socket'), `/allocations/${cid}`)
    }
    expect(alloc.status, `the follower's /allocations/${cid}: ${alloc.body}`).to.equal(200)

    // And the real ipfs-cluster-follow reports it online.
    const info = await followCli(['--config', base, name, 'info'], ipfsEnv)
    expect(info.code, info.stderr).to.equal(0)
    expect(info.stdout).to.include('Cluster Peer online: true')
    expect(info.stdout).to.include('IPFS peer online: true')
  })
})
