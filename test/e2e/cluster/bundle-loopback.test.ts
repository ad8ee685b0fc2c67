// `cluster create --hosts` with loopback addresses: three "hosts" that share this machine, 127.209.9.1-3, each
// with its own Kubo and ipfs-cluster-service daemon on the DEFAULT ports of its own address. The separate-hosts
// suite (bundle-netns.test.ts) needs root for its namespaces; this one runs anywhere, CI included, and is
// where its crdt case runs when namespaces cannot be made (DNS names need namespaces, so Compose and the
// Kubernetes pods stay there).
import {expect} from 'chai'
import {cp, readFile, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {binPath, clusterEnv, requireRealBinaries} from '../../support/binaries.js'
import {runCli} from '../../support/cli.js'
import {READY_MARKER} from '../../support/daemon.js'
import {initKuboRepo} from '../../support/kubo.js'
import {type ManagedProcess, spawnManaged} from '../../support/process.js'
import {tempDir} from '../../support/tmp.js'
import {peerIds, waitForLog} from './cluster-helpers.js'

const HOSTS = ['127.209.9.1', '127.209.9.2', '127.209.9.3']
const FAST = ['cluster.monitor_ping_interval=2s', 'cluster.peer_watch_interval=1s', 'ipfs_connector.ipfshttp.connect_swarms_delay=1s', 'consensus.crdt.rebroadcast_interval=2s']

interface Host {
  ip: string
  dir: string
  kubo?: ManagedProcess
  daemon?: ManagedProcess
}

async function getText(url: string): Promise<string | undefined> {
  try {
    const r = await fetch(url, {signal: AbortSignal.timeout(5000)})
    return r.status === 200 ? await r.text() : undefined
  } catch {
    return undefined
  }
}

describe('e2e: a cluster bundle on loopback hosts (127.209.9.x, default ports, one machine)', function () {
  this.timeout(600_000)
  const hosts: Host[] = []

  before(function () {
    requireRealBinaries(this)
  })

  after(async () => {
    await Promise.all(hosts.flatMap((h) => [h.daemon?.stop(), h.kubo?.stop()]))
  })

  const startDaemon = (h: Host) => (h.daemon = spawnManaged(binPath('ipfs-cluster-service'), ['--config', h.dir, 'daemon'], {env: clusterEnv(), keepAcrossTests: true}))

  const peersSeenBy = async (h: Host) => (await peerIds(`http://${h.ip}:9094`)).sort()

  async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs} ms\n${hosts.map((h) => `--- ${h.ip} ---\n${h.daemon?.log().slice(-2000)}`).join('\n')}`)
      await sleep(1000)
    }
  }

  const allSee = (ids: string[]) => async () => {
    for (const h of hosts) if (JSON.stringify(await peersSeenBy(h)) !== JSON.stringify([...ids].sort())) return false
    return true
  }

  it('crdt: every peer listens on its own address only, lists all 3, a pin reaches all, a wiped peer keeps its id', async () => {
    const out = join(tempDir(), 'bundle')
    const r = await runCli(['cluster', 'create', '--peers', '3', '--out', out, '--hosts', HOSTS.join(','), ...FAST.flatMap((p) => ['--set', p]), '--json'])
    expect(r.code, r.stderr).to.equal(0)
    const bundle = JSON.parse(r.stdout).bundle
    const ids: string[] = bundle.peers.map((p: {id: string}) => p.id)
    expect(bundle.peers.map((p: {api: string}) => p.api)).to.deep.equal(HOSTS.map((ip) => `/ip4/${ip}/tcp/9094`))
    // Every listener and the IPFS daemon of peer 1 are on its own address, the default ports.
    const service = JSON.parse(await readFile(join(out, 'peer-1', 'service.json'), 'utf8'))
    expect(service.cluster.listen_multiaddress).to.deep.equal([`/ip4/${HOSTS[1]}/tcp/9096`, `/ip4/${HOSTS[1]}/udp/9096/quic`])
    expect(service.api.restapi.http_listen_multiaddress).to.equal(`/ip4/${HOSTS[1]}/tcp/9094`)
    expect(service.api.ipfsproxy.listen_multiaddress).to.equal(`/ip4/${HOSTS[1]}/tcp/9095`)
    expect(service.api.pinsvcapi.http_listen_multiaddress).to.equal(`/ip4/${HOSTS[1]}/tcp/9097`)
    expect(service.ipfs_connector.ipfshttp.node_multiaddress).to.equal(`/ip4/${HOSTS[1]}/tcp/5001`)

    for (const [i, ip] of HOSTS.entries()) {
      const h: Host = {ip, dir: join(tempDir(), `host-${i}`)}
      await cp(join(out, `peer-${i}`), h.dir, {recursive: true})
      hosts.push(h)
    }
    await Promise.all(
      hosts.map(async (h) => {
        const {env} = await initKuboRepo({config: {'Addresses.API': `/ip4/${h.ip}/tcp/5001`, 'Addresses.Gateway': `/ip4/${h.ip}/tcp/8080`, 'Addresses.Swarm': [`/ip4/${h.ip}/tcp/4001`]}})
        h.kubo = spawnManaged(binPath('ipfs'), ['daemon'], {env, keepAcrossTests: true})
        await waitForLog(`Kubo on ${h.ip}`, h.kubo, 'Daemon is ready')
      }),
    )
    await Promise.all(hosts.map((h) => waitForLog(`daemon on ${h.ip}`, startDaemon(h), READY_MARKER)))
    await eventually('every peer lists all 3', allSee(ids))

    const file = join(tempDir(), 'content.txt')
    await writeFile(file, `pinned across loopback hosts ${Date.now()}\n`)
    const added = await runCtl(['--host', `/ip4/${HOSTS[0]}/tcp/9094`, 'add', '--quieter', file])
    const cid = added.trim().split('\n').at(-1)!
    await eventually(`pin ${cid} on every peer`, async () => {
      for (const h of hosts) {
        const text = await getText(`http://${h.ip}:9094/pins/${cid}`)
        if (!text) return false
        const status = JSON.parse(text) as {peer_map: Record<string, {status: string}>}
        if (!ids.every((id) => status.peer_map[id]?.status === 'pinned')) return false
      }
      return true
    })

    // Peer 1 killed: the others report it missing; restarted from an EMPTY folder refilled from the bundle, same id.
    await hosts[1].daemon!.stop()
    await eventually('the others report peer-1 missing', async () => {
      for (const h of [hosts[0], hosts[2]]) if ((await peersSeenBy(h)).includes(ids[1])) return false
      return true
    })
    await rm(hosts[1].dir, {recursive: true, force: true})
    await cp(join(out, 'peer-1'), hosts[1].dir, {recursive: true})
    await waitForLog('restarted peer-1', startDaemon(hosts[1]), READY_MARKER)
    expect((JSON.parse((await getText(`http://${HOSTS[1]}:9094/id`))!) as {id: string}).id).to.equal(ids[1])
    await eventually('every peer lists all 3 after the restart', allSee(ids))
  })
})

async function runCtl(args: string[]): Promise<string> {
  const {execFile} = await import('node:child_process')
  return new Promise((resolve, reject) =>
    execFile(binPath('ipfs-cluster-ctl'), args, {env: clusterEnv(), timeout: 60_000}, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout))),
  )
}
