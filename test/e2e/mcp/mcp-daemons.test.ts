// The MCP tools against real daemons, as an agent would use them: peers and a follower made with the create
// tools, their status read from their own configs, and joined for real with the connect tools (`start`). Each
// test has its own server (the daemons it starts inherit its environment) and every daemon is stopped after
// each test (see useDaemons).
import {expect} from 'chai'
import {randomBytes} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {requireRealBinaries} from '../../support/binaries.js'
import {jsonOut} from '../../support/cli.js'
import {startServiceDaemon} from '../../support/daemon.js'
import {startKubo} from '../../support/kubo.js'
import {type McpSession, resultText, startMcp} from '../../support/mcp.js'
import {tempDir} from '../../support/tmp.js'
import {FAST_CRDT, cli, daemonLog, peerOf, pidInFolder, show, useDaemons} from '../cluster/cluster-helpers.js'

/** FAST_CRDT's "key=value" settings, as the tools' `set` object. */
const fastSet = (kuboApi: string): Record<string, string> => ({
  ...Object.fromEntries(FAST_CRDT.map((kv) => kv.split('=', 2) as [string, string])),
  'ipfs_connector.ipfshttp.node_multiaddress': kuboApi,
  'api.ipfsproxy.node_multiaddress': kuboApi,
})

describe('e2e: the MCP tools against real daemons', function () {
  this.timeout(180_000)
  const daemons = useDaemons()
  let binDir: string
  let mcp: McpSession | undefined

  before(function () {
    binDir = requireRealBinaries(this)
  })

  afterEach(async () => {
    await mcp?.close()
    mcp = undefined
  })

  /** A server whose daemons find the real binaries; `env` is passed on to them. */
  const server = async (env: Record<string, string> = {}) => {
    mcp = await startMcp(tempDir('icc-mcp-home-'), {IPFS_CLUSTER_CONFIG_BIN_DIR: binDir, ...env})
    return mcp
  }

  it('status of a running peer, then connect_to_networked_cluster with start joins a new peer for real', async () => {
    const m = await server()
    const base = tempDir('icc-mcp-e2e-')
    const secret = randomBytes(32).toString('hex')
    const [kubo1, kubo2] = await Promise.all([startKubo(), startKubo()])
    const create = (dir: string, peername: string, kuboApi: string) =>
      m.ok('cluster_service_config_create', {cluster_path: dir, secret, peername, random_ports: true, set: fastSet(kuboApi)})

    await create(join(base, 'leader'), 'leader', kubo1.apiMultiaddr)
    const leader = peerOf(join(base, 'leader'))
    await startServiceDaemon({configDir: leader.dir, waitFor: 'api'})

    // Status reads the API address from the peer's own service.json, and agrees with `status --json`.
    const st = await m.ok('cluster_service_status_via_api', {cluster_path: leader.dir})
    expect(st.structuredContent).to.include({kind: 'service', healthy: true, id: leader.id, idMatchesIdentity: true, peername: 'leader', api: leader.api, exitCode: 0})
    expect(st.structuredContent.ipfs).to.deep.equal({id: kubo1.peerId, error: null})
    const viaCli = jsonOut(await cli(['status', '--path', leader.dir, '--json']))
    for (const k of ['id', 'peername', 'api', 'version', 'healthy', 'exitCode']) expect(st.structuredContent[k], k).to.deep.equal(viaCli[k])
    expect(resultText(st)).to.contain('exit code: 0')

    // Join a new peer through the leader's REST API (host and port), starting its daemon.
    await create(join(base, 'peer2'), 'peer2', kubo2.apiMultiaddr)
    const peer2 = peerOf(join(base, 'peer2'))
    daemons.service(peer2.dir)
    const [host, port] = leader.api.replace('http://', '').split(':')
    const joined = await m.call('connect_to_networked_cluster', {cluster_path: peer2.dir, remote_host: host, remote_port: Number(port), start: true, timeout: '45s'})
    daemons.notePids()
    expect(joined.isError, `${resultText(joined)}\n--- daemon log ---\n${daemonLog(peer2.dir)}`).to.not.equal(true)
    const j = joined.structuredContent
    expect(j).to.include({kind: 'service', joined: true, written: true})
    expect(j.leader.id).to.equal(leader.id)
    expect(j.peers).to.include(leader.id)
    expect(j.started.pid).to.equal(pidInFolder(peer2.dir))
    const written = JSON.parse(readFileSync(join(peer2.dir, 'service.json'), 'utf8'))
    expect(written.cluster.peer_addresses).to.include(leader.addr)

    // The new peer, asked through the tool, is healthy and lists both.
    const st2 = await m.ok('cluster_service_status_via_api', {cluster_path: peer2.dir, wait: true, timeout: '20s'})
    expect(st2.structuredContent).to.include({healthy: true, id: peer2.id})
    expect(st2.structuredContent.peers.map((p: {id: string}) => p.id)).to.have.members([leader.id, peer2.id])
  })

  it('a follower made with cluster_follow_config_create joins with connect_follow_to_leader (start) and reports online', async () => {
    const secret = randomBytes(32).toString('hex')
    const [kuboL, kuboF] = await Promise.all([startKubo(), startKubo()])
    // ipfs-cluster-follow waits for IPFS where CLUSTER_IPFSHTTP_NODEMULTIADDRESS says; the server passes its
    // environment to the follower it starts.
    const m = await server({CLUSTER_IPFSHTTP_NODEMULTIADDRESS: kuboF.apiMultiaddr})
    const leaderDir = join(tempDir('icc-mcp-e2e-'), 'leader')
    const created = await cli(['service', 'config', 'create', '--path', leaderDir, '--secret', secret, '--peername', 'leader', '--random-ports',
      ...Object.entries(fastSet(kuboL.apiMultiaddr)).flatMap(([k, v]) => ['--set', `${k}=${v}`]), '--json'])
    expect(created.code, show(created)).to.equal(0)
    const leader = peerOf(leaderDir)
    await startServiceDaemon({configDir: leader.dir, waitFor: 'api'})

    const base = tempDir('icc-mcp-follow-')
    const name = 'mycluster'
    const f = await m.ok('cluster_follow_config_create', {
      cluster_path: base,
      cluster_name: name,
      bootstrap_peer: leader.addr,
      secret,
      peername: 'follower',
      set: {'cluster.mdns_interval': '0s', 'consensus.crdt.rebroadcast_interval': '2s', 'ipfs_connector.ipfshttp.node_multiaddress': kuboF.apiMultiaddr},
    })
    expect(JSON.stringify(f)).to.not.contain(secret)
    const followerId = f.structuredContent.peerId as string
    daemons.follower(base, name)

    const [host, port] = leader.api.replace('http://', '').split(':')
    const r = await m.call('connect_follow_to_leader', {cluster_path: base, cluster_name: name, leader_host: host, leader_port: Number(port), start: true, timeout: '45s'})
    daemons.notePids()
    expect(r.isError, `${resultText(r)}\n--- daemon log ---\n${daemonLog(join(base, name))}`).to.not.equal(true)
    expect(r.structuredContent).to.include({kind: 'follow', joined: true})
    expect(r.structuredContent.peers).to.include(leader.id)

    const st = await m.ok('cluster_follow_status_via_api', {cluster_path: base, cluster_name: name})
    expect(st.structuredContent).to.include({kind: 'follow', healthy: true, id: followerId, idMatchesIdentity: true})
    expect(st.structuredContent.peers.map((p: {id: string}) => p.id)).to.include(leader.id)
    expect(st.structuredContent.ipfs.id).to.equal(kuboF.peerId)
  })
})
