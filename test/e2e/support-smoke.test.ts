// Smoke test of the e2e support for Kubo and followers (test/support/kubo.ts, follow.ts): a real leader
// (ipfs-cluster-service) on Kubo A pins content; two real followers (ipfs-cluster-follow) on Kubo B, one with a
// local service.json and one in source mode (template served by a local HTTP server), get the pin and Kubo B
// fetches the block from Kubo A. Everything on loopback, in temp folders. Processes are started concurrently
// in `before` because every follower start costs ~3 s (`run` waits 2 s for IPFS even when it is up).
import {expect} from 'chai'
import {createServer, type Server} from 'node:http'
import {type AddressInfo} from 'node:net'

import {requireRealBinaries} from '../support/binaries.js'
import {type DaemonHandle, startServiceDaemon} from '../support/daemon.js'
import {
  type FollowerHandle,
  followCli,
  followerTemplateFromLeader,
  initFollowerFolder,
  parseNdjson,
  startFollower,
  waitForFollowList,
} from '../support/follow.js'
import {type KuboHandle, kuboAdd, kuboConnect, kuboHasBlock, kuboPins, startKubo} from '../support/kubo.js'
import {initServiceConfig, readIdentityJson, readServiceJson, writeServiceJson} from '../support/service-config.js'
import {tempDir} from '../support/tmp.js'

describe('e2e: support for Kubo and followers (smoke)', function () {
  this.timeout(60_000)
  let kuboA: KuboHandle
  let kuboB: KuboHandle
  let leaderDir: string
  let leader: DaemonHandle
  const base = {local: '', src: ''}
  const follower: {local?: FollowerHandle; src?: FollowerHandle} = {}
  let followerId: string
  let sourceUrl: string
  let sourceFetches = 0
  let server: Server | undefined

  before(async function () {
    requireRealBinaries(this)
    ;[kuboA, kuboB] = await Promise.all([startKubo({keepAcrossTests: true}), startKubo({keepAcrossTests: true})])
    const init = await initServiceConfig({peername: 'e2e-leader', ports: {ipfsApi: Number(/\/tcp\/(\d+)$/.exec(kuboA.apiMultiaddr)![1])}})
    leaderDir = init.dir
    // crdt heads are re-broadcast every rebroadcast_interval (hidden key, default 1m, randomized): that is how a
    // follower that misses a broadcast (or starts after a pin) learns about it. Short here for robustness.
    const svc = readServiceJson(leaderDir)
    svc.consensus.crdt.rebroadcast_interval = '1s'
    writeServiceJson(leaderDir, svc)
    leader = await startServiceDaemon({configDir: leaderDir, keepAcrossTests: true})

    const template = followerTemplateFromLeader(leaderDir, {peername: 'e2e-follower', ipfsApi: kuboB.apiMultiaddr})
    server = createServer((_req, res) => {
      sourceFetches++
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify(template))
    })
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
    sourceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/follower.json`

    base.local = tempDir('icc-follow-')
    base.src = tempDir('icc-follow-')
    const [local] = await Promise.all([
      initFollowerFolder({base: base.local, name: 'local', service: template}),
      initFollowerFolder({base: base.src, name: 'src', source: sourceUrl}),
    ])
    followerId = local.id
    expect(sourceFetches, 'init never fetches the source').to.equal(0)
    ;[follower.local, follower.src] = await Promise.all([
      startFollower({base: base.local, name: 'local', ipfsApi: kuboB.apiMultiaddr, keepAcrossTests: true}),
      startFollower({base: base.src, name: 'src', ipfsApi: kuboB.apiMultiaddr, keepAcrossTests: true}),
    ])
    expect(sourceFetches, 'run fetches the source').to.be.greaterThan(0)
  })

  after(() => server?.close())

  it('Kubo nodes are loopback-only, isolated, and serve their RPC API and gateway', async () => {
    for (const k of [kuboA, kuboB]) {
      expect(k.apiMultiaddr).to.match(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+$/)
      expect(k.apiUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(k.gatewayUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(k.swarmMultiaddrs).to.have.length.greaterThan(0)
      for (const ma of k.swarmMultiaddrs) expect(ma).to.match(new RegExp(`^/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/${k.peerId}$`))
    }
    const cid = await kuboAdd(kuboA, `gateway check ${Date.now()}`)
    expect(await (await fetch(`${kuboA.gatewayUrl}/ipfs/${cid}`)).text()).to.match(/^gateway check /)
    // No bootstrap peers and no routing: B cannot get A's block while they are not connected.
    expect(await kuboHasBlock(kuboB, cid)).to.equal(false)
  })

  it('a pin on the leader reaches both followers (local and source-mode config) and Kubo B fetches the block', async () => {
    await kuboConnect(kuboB, kuboA)
    const cid = await kuboAdd(kuboA, `support smoke ${Date.now()}`)
    const res = await fetch(`${leader.apiUrl}/pins/${cid}`, {method: 'POST'})
    expect(res.status, await res.text()).to.equal(200)

    const [localLine, srcLine] = await Promise.all([
      waitForFollowList(base.local, 'local', cid, /^pinned\b/, 15_000),
      waitForFollowList(base.src, 'src', cid, /^pinned\b/, 15_000),
    ])
    expect(localLine).to.match(new RegExp(`^pinned +${cid}`))
    expect(srcLine).to.match(new RegExp(`^pinned +${cid}`))
    expect(await kuboPins(kuboB)).to.include(cid)

    const pins = parseNdjson((await follower.local!.api('/pins')).body)
    expect(pins.map((p) => p.cid)).to.include(cid)
    // Followers cannot write to the pinset.
    const write = await follower.local!.api(`/pins/${cid}`, {method: 'POST'})
    expect(write.status).to.equal(500)
    expect(write.body).to.include('follower mode')
  })

  it('the followers see the leader over the REST API socket, and info reports them online', async () => {
    const me = JSON.parse((await follower.local!.api('/id')).body)
    expect(me.id).to.equal(followerId)
    expect(me.peername).to.equal('e2e-follower')
    expect(me.cluster_peers).to.include(readIdentityJson(leaderDir).id)

    const env = {CLUSTER_IPFSHTTP_NODEMULTIADDRESS: kuboB.apiMultiaddr}
    const [local, src] = await Promise.all([
      followCli(['--config', base.local, 'local', 'info'], env),
      followCli(['--config', base.src, 'src', 'info'], env),
    ])
    for (const r of [local, src]) {
      expect(r.code, r.stderr).to.equal(0)
      expect(r.stdout).to.include('Cluster Peer online: true')
      expect(r.stdout).to.include('IPFS peer online: true')
    }
    expect(src.stdout).to.include(`Config source URL: Available (${sourceUrl})`)
    // A local (non-source) service.json is reported as an available source with an empty URL.
    expect(local.stdout).to.include('Config source URL: Available ()')
  })
})
