// Helpers for the e2e tests of `status`, `connect` and `stop` against real daemons: peers are made with OUR
// CLI (`service config create`, `follow config create`), joined and started with OUR `connect --start`, and
// every daemon `connect --start` launched (detached, pid file in the peer folder) is stopped after each test,
// also when the test fails: first with our `stop`, then, as a last resort, by killing the pid in the pid file.
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {expect} from 'chai'

import {requireRealBinaries} from '../../support/binaries.js'
import {type CliResult, runCli} from '../../support/cli.js'
import {type KuboHandle} from '../../support/kubo.js'
import type {ManagedProcess} from '../../support/process.js'
import {LOG_FILE} from '../../../src/cluster/process.js'
import {PID_FILE, alive} from '../../../src/core/running.js'

export {LOG_FILE, PID_FILE, alive}

/** The env every CLI run gets: where the real binaries are (the CLI looks there before PATH). */
let binDir = ''
export function setBinDir(dir: string): void {
  binDir = dir
}

/** Runs our CLI with IPFS_CLUSTER_CONFIG_BIN_DIR set (plus `env`). */
export function cli(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 90_000): Promise<CliResult> {
  if (!binDir) throw new Error('setBinDir() first')
  return runCli(args, {env: {IPFS_CLUSTER_CONFIG_BIN_DIR: binDir, ...env}, timeoutMs})
}

/** The CLI result as one line for assertion messages. */
export function show(r: CliResult): string {
  return `exit ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`
}

/** Settings that make a test cluster on one host fast and isolated (no mDNS, quick pings and rebroadcasts). */
export const FAST: string[] = [
  'cluster.mdns_interval=0s',
  'cluster.monitor_ping_interval=2s',
  'cluster.peer_watch_interval=1s',
  'ipfs_connector.ipfshttp.connect_swarms_delay=1s',
]
export const FAST_CRDT: string[] = [...FAST, 'consensus.crdt.rebroadcast_interval=2s']

export interface Peer {
  dir: string
  id: string
  /** Every port the peer listens on (swarm, REST, pinning service, proxy), as "tcp/N" or "udp/N". */
  ports: string[]
  /** http://127.0.0.1:N */
  api: string
  /** /ip4/127.0.0.1/tcp/N/p2p/ID: the swarm address other peers dial. */
  addr: string
}

const setFlags = (pairs: string[]) => pairs.flatMap((p) => ['--set', p])

/** `service config create` with random ports, the given secret and Kubo, and the FAST settings. */
export async function createPeer(o: {
  dir: string
  secret: string
  peername: string
  kubo: KuboHandle
  consensus?: 'crdt' | 'raft'
  set?: string[]
}): Promise<Peer> {
  const consensus = o.consensus ?? 'crdt'
  const r = await cli([
    'service', 'config', 'create',
    '--path', o.dir,
    '--consensus', consensus,
    '--secret', o.secret,
    '--peername', o.peername,
    '--random-ports',
    ...setFlags([
      ...(consensus === 'crdt' ? FAST_CRDT : FAST),
      `ipfs_connector.ipfshttp.node_multiaddress=${o.kubo.apiMultiaddr}`,
      `api.ipfsproxy.node_multiaddress=${o.kubo.apiMultiaddr}`,
      ...(o.set ?? []),
    ]),
    '--json',
  ])
  if (r.code !== 0) throw new Error(`service config create ${o.dir} failed: ${show(r)}`)
  return peerOf(o.dir)
}

/** Reads a service peer's id, REST API URL and loopback swarm address from its folder. */
export function peerOf(dir: string): Peer {
  const svc = JSON.parse(readFileSync(join(dir, 'service.json'), 'utf8'))
  const id = JSON.parse(readFileSync(join(dir, 'identity.json'), 'utf8')).id as string
  const listen = ([] as string[]).concat(svc.cluster.listen_multiaddress)
  const tcp = listen.find((m) => /\/tcp\/\d+$/.test(m))
  if (!tcp) throw new Error(`no tcp listen address in ${dir}/service.json`)
  const port = /\/tcp\/(\d+)$/.exec(tcp)![1]
  const apiPort = /\/tcp\/(\d+)/.exec(svc.api.restapi.http_listen_multiaddress)![1]
  const listens = [...listen, svc.api.restapi.http_listen_multiaddress, svc.api.pinsvcapi?.http_listen_multiaddress, svc.api.ipfsproxy?.listen_multiaddress]
  const ports = listens.filter((m): m is string => typeof m === 'string').map((m) => /\/((?:tcp|udp)\/\d+)/.exec(m)![1])
  return {dir, id, ports, api: `http://127.0.0.1:${apiPort}`, addr: `/ip4/127.0.0.1/tcp/${port}/p2p/${id}`}
}

/** The ids in a /peers answer (NDJSON) that carry no error; [] for no answer. */
export function livePeerIds(text: string | undefined): string[] {
  return (text ?? '')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as {id: string; error?: string})
    .filter((p) => !p.error)
    .map((p) => p.id)
}

/** GET /peers of a REST API (NDJSON) → the peer ids; [] when it does not answer. */
export async function peerIds(api: string, headers: Record<string, string> = {}): Promise<string[]> {
  try {
    const res = await fetch(`${api}/peers`, {headers, signal: AbortSignal.timeout(5000)})
    return res.status === 200 ? livePeerIds(await res.text()) : []
  } catch {
    return []
  }
}

/** Waits until a process's log shows `marker` (or one of them); throws with the log's tail when it exits first or time runs out. */
export async function waitForLog(what: string, proc: ManagedProcess, marker: string | string[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  const markers = [marker].flat()
  while (!markers.some((m) => proc.log().includes(m))) {
    if (proc.exitStatus()) throw new Error(`${what} exited: ${proc.log().slice(-3000)}`)
    if (Date.now() > deadline) throw new Error(`${what}: no "${markers.join('" or "')}" after ${timeoutMs} ms: ${proc.log().slice(-3000)}`)
    await sleep(200)
  }
}

/** Polls until every peer's /peers lists exactly the set of all of them (itself and the others). */
export async function waitAllSeeAll(peers: Peer[], timeoutMs = 30_000): Promise<Record<string, string[]>> {
  const want = peers.map((p) => p.id).sort()
  const deadline = Date.now() + timeoutMs
  let seen: Record<string, string[]> = {}
  for (;;) {
    seen = Object.fromEntries(await Promise.all(peers.map(async (p) => [p.id, (await peerIds(p.api)).sort()] as const)))
    if (peers.every((p) => JSON.stringify(seen[p.id]) === JSON.stringify(want))) return seen
    if (Date.now() > deadline) return seen
    await sleep(500)
  }
}

/** Alive and still one of the cluster binaries (a pid the OS recycled is never signalled). */
function aliveClusterDaemon(pid: number): boolean {
  if (!alive(pid)) return false
  try {
    return /ipfs-cluster-(service|follow)/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))
  } catch {
    return existsSync('/proc') ? false : true // gone meanwhile; without /proc, trust the pid file
  }
}

/** The pid in a folder's pid file, if the file exists. */
export function pidInFolder(folder: string): number | undefined {
  const f = join(folder, PID_FILE)
  if (!existsSync(f)) return undefined
  const pid = Number(readFileSync(f, 'utf8').trim())
  return Number.isInteger(pid) && pid > 0 ? pid : undefined
}

export interface Started {
  /** The folder that holds the pid file (service: the config folder; follower: BASE/NAME). */
  folder: string
  /** Arguments that select the peer for `stop`. */
  stopArgs: string[]
}

/**
 * Tracks folders where `connect --start` may have started a daemon. cleanup() (call it in afterEach) runs our
 * `stop` on each and, if a daemon is still alive after that, kills its process group with SIGKILL. Returns what
 * it had to do, so a test of `stop` itself can also look at it.
 */
export class Daemons {
  private readonly started: Started[] = []
  /** pids seen in pid files (remembered, in case `stop` removed the file but the process lives on). */
  private readonly pids = new Set<number>()

  track(s: Started): void {
    this.started.push(s)
  }

  service(dir: string): void {
    this.track({folder: dir, stopArgs: ['--path', dir]})
  }

  follower(base: string, name: string): void {
    this.track({folder: join(base, name), stopArgs: ['--follow', name, '--path', base]})
  }

  /** Remember the current pid of every tracked folder (call after each `connect --start`). */
  notePids(): void {
    for (const s of this.started) {
      const pid = pidInFolder(s.folder)
      if (pid) this.pids.add(pid)
    }
  }

  /** Every pid the last resort had to kill, over all cleanups (our `stop` should leave this empty). */
  readonly killedByLastResort: number[] = []

  async cleanup(): Promise<{stopped: number; killed: number[]}> {
    this.notePids()
    const started = this.started.splice(0)
    let stopped = 0
    await Promise.all(
      started.map(async (s) => {
        const r = await cli(['stop', ...s.stopArgs, '--timeout', '10s', '--json'], {}, 30_000).catch(() => undefined)
        if (r?.code === 0 && JSON.parse(r.stdout).stopped) stopped++
      }),
    )
    const killed: number[] = []
    for (const pid of this.pids) {
      if (!aliveClusterDaemon(pid)) continue
      killed.push(pid)
      try {
        process.kill(-pid, 'SIGKILL')
      } catch {
        try {
          process.kill(pid, 'SIGKILL')
        } catch {
          // gone
        }
      }
    }
    this.pids.clear()
    for (const pid of killed) for (let i = 0; i < 50 && alive(pid); i++) await sleep(100)
    this.killedByLastResort.push(...killed)
    return {stopped, killed}
  }
}

/**
 * Hooks for a suite whose tests start daemons with `connect --start`: the real binaries are required, every
 * tracked daemon is stopped after each test, and at the end our `stop` must have ended all of them (the
 * last-resort kill never had to).
 */
export function useDaemons(): Daemons {
  const daemons = new Daemons()
  before(function () {
    setBinDir(requireRealBinaries(this))
  })
  afterEach(async () => {
    await daemons.cleanup()
  })
  after(() => {
    expect(daemons.killedByLastResort, 'daemons `stop` failed to end').to.deep.equal([])
  })
  return daemons
}

/** The daemon log `connect --start` wrote in the folder (for failure messages). */
export function daemonLog(folder: string): string {
  try {
    return readFileSync(join(folder, LOG_FILE), 'utf8')
  } catch {
    return '(no log)'
  }
}
