// Runs real Kubo (`ipfs daemon`) nodes for e2e tests: a fresh temp IPFS_PATH each, loopback only, no public
// network traffic at all (test profile: no bootstrap peers, no mDNS; plus Routing.Type=none, no provide, no
// relay/AutoNAT/HTTP retrieval, telemetry off). Every node is registered in process.ts, like the daemons.
import {execFile} from 'node:child_process'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {promisify} from 'node:util'

import {binPath} from './binaries.js'
import {type ManagedProcess, spawnManaged} from './process.js'
import {tempDir} from './tmp.js'

const execFileP = promisify(execFile)

export interface StartKuboOptions {
  /**
   * By default a root `afterEach` stops the node after the current test. Set for nodes started in a `before`
   * hook and shared by several tests; they are then stopped by the root `after` hook (or your own stop()).
   */
  keepAcrossTests?: boolean
  /** Extra config settings, dotted key → JSON value (e.g. {'Gateway.NoFetch': true}), written over ours before the daemon starts. */
  config?: Record<string, unknown>
  /** Added to Kubo's environment; undefined removes a variable. */
  env?: Record<string, string | undefined>
  /** How long to wait for POST /api/v0/id to answer (default 30 s). */
  readyTimeoutMs?: number
}

export interface KuboHandle extends ManagedProcess {
  /** The repo folder (a temp folder, removed after the run). */
  ipfsPath: string
  /** RPC API as a multiaddr, e.g. /ip4/127.0.0.1/tcp/N: what ipfshttp.node_multiaddress wants. */
  apiMultiaddr: string
  /** RPC API base URL, e.g. http://127.0.0.1:N (append /api/v0/...). */
  apiUrl: string
  /** Gateway base URL, e.g. http://127.0.0.1:N. */
  gatewayUrl: string
  /** Dialable swarm addresses, each ending in /p2p/<peerId> (loopback TCP only). */
  swarmMultiaddrs: string[]
  peerId: string
}

export class KuboStartError extends Error {
  constructor(
    message: string,
    readonly kuboLog: string,
  ) {
    super(message)
  }
}

/**
 * Settings on top of `ipfs init --profile=test` (which already gives: Bootstrap [], MDNS off, AutoConf off,
 * AutoTLS off, NAT port map off, API/Gateway/Swarm on 127.0.0.1 tcp port 0 = a random free port chosen by the
 * OS at start, so no port race; the real ports are read back from the repo's `api`/`gateway` files and
 * /api/v0/id). Swarm is TCP only: no quic/webtransport/webrtc listeners.
 */
const KUBO_CONFIG: Record<string, unknown> = {
  'Addresses.API': '/ip4/127.0.0.1/tcp/0',
  'Addresses.Gateway': '/ip4/127.0.0.1/tcp/0',
  'Addresses.Swarm': ['/ip4/127.0.0.1/tcp/0'],
  'Addresses.Announce': [],
  'Addresses.AppendAnnounce': [],
  Bootstrap: [],
  'Discovery.MDNS.Enabled': false,
  // No DHT, no delegated routers: content moves only over connections we make (kuboConnect, or the cluster's
  // own ipfshttp ConnectSwarms).
  'Routing.Type': 'none',
  'Provide.Enabled': false,
  'HTTPRetrieval.Enabled': false,
  'AutoNAT.ServiceMode': 'disabled',
  'Swarm.RelayClient.Enabled': false,
  'Swarm.RelayService.Enabled': false,
  'Swarm.DisableNatPortMap': true,
  'AutoTLS.Enabled': false,
  'AutoConf.Enabled': false,
  // Kubo's telemetry plugin would POST to telemetry.ipshipyard.dev; keep it from even loading.
  'Plugins.Plugins.telemetry.Disabled': true,
}

/** The environment for Kubo: the current one minus variables Kubo/libp2p read (logging, routers, fd limits), then ours. */
function kuboEnv(ipfsPath: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(IPFS_|GOLOG_|LIBP2P_|YAMUX_)/.test(k)) continue
    env[k] = v
  }
  Object.assign(env, {IPFS_PATH: ipfsPath, IPFS_TELEMETRY: 'off', DO_NOT_TRACK: '1'})
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k]
    else env[k] = v
  }
  return env
}

/** /ip4/H/tcp/P → http://H:P */
function maToUrl(ma: string): string {
  const m = /^\/ip4\/([^/]+)\/tcp\/(\d+)/.exec(ma.trim())
  if (!m) throw new Error(`unexpected Kubo API multiaddr: ${ma}`)
  return `http://${m[1]}:${m[2]}`
}

/** A fresh repo in a temp folder with the isolated test settings (plus opts.config), and the env to run Kubo on it. */
export async function initKuboRepo(opts: Pick<StartKuboOptions, 'config' | 'env'> = {}): Promise<{ipfsPath: string; env: NodeJS.ProcessEnv}> {
  const ipfsPath = tempDir('icc-kubo-')
  const env = kuboEnv(ipfsPath, opts.env)
  await execFileP(binPath('ipfs'), ['init', '--profile=test', '--empty-repo'], {env, timeout: 60_000})
  // Edit the config file in one go (the daemon is not running yet) rather than one `ipfs config` process per key.
  const cfgFile = join(ipfsPath, 'config')
  const cfg = JSON.parse(readFileSync(cfgFile, 'utf8'))
  for (const [key, value] of Object.entries({...KUBO_CONFIG, ...opts.config})) setPath(cfg, key, value)
  writeFileSync(cfgFile, JSON.stringify(cfg, null, 2))
  return {ipfsPath, env}
}

/**
 * Creates a fresh repo in a temp folder, configures it for loopback-only testing and runs `ipfs daemon` until
 * POST /api/v0/id answers. Throws KuboStartError (with the log) when the daemon exits or is not ready in time.
 */
export async function startKubo(opts: StartKuboOptions = {}): Promise<KuboHandle> {
  const {ipfsPath, env} = await initKuboRepo(opts)
  const ipfs = binPath('ipfs')

  const handle: KuboHandle = {
    ...spawnManaged(ipfs, ['daemon'], {env, keepAcrossTests: opts.keepAcrossTests}),
    ipfsPath,
    apiMultiaddr: '',
    apiUrl: '',
    gatewayUrl: '',
    swarmMultiaddrs: [],
    peerId: '',
  }

  const t0 = Date.now()
  const deadline = t0 + (opts.readyTimeoutMs ?? 30_000)
  const fail = async (why: string): Promise<never> => {
    await handle.stop()
    throw new KuboStartError(`Kubo in ${ipfsPath} ${why}\n--- kubo log ---\n${handle.log()}`, handle.log())
  }
  for (;;) {
    if (handle.exitStatus()) return fail(`exited (${JSON.stringify(handle.exitStatus())})`)
    if (!handle.apiMultiaddr && existsSync(join(ipfsPath, 'api'))) {
      const ma = readFileSync(join(ipfsPath, 'api'), 'utf8').trim()
      if (/\/tcp\/[1-9]/.test(ma)) {
        handle.apiMultiaddr = ma
        handle.apiUrl = maToUrl(ma)
      }
    }
    if (handle.apiUrl) {
      try {
        const res = await fetch(`${handle.apiUrl}/api/v0/id`, {method: 'POST', signal: AbortSignal.timeout(1000)})
        if (res.status === 200) {
          const id = (await res.json()) as {ID: string; Addresses: string[] | null}
          handle.peerId = id.ID
          handle.swarmMultiaddrs = (id.Addresses ?? []).map((a) => (a.includes('/p2p/') ? a : `${a}/p2p/${id.ID}`))
          break
        }
      } catch {
        // not listening yet
      }
    }
    if (Date.now() >= deadline) return fail(`not ready after ${Date.now() - t0} ms`)
    await Promise.race([sleep(50), handle.exited])
  }
  // The `gateway` file is written next to `api`; fall back to the log line.
  const gwFile = join(ipfsPath, 'gateway')
  if (existsSync(gwFile)) handle.gatewayUrl = readFileSync(gwFile, 'utf8').trim()
  else {
    const m = /Gateway server listening on (\/ip4\/\S+)/.exec(handle.log())
    if (m) handle.gatewayUrl = maToUrl(m[1])
  }
  return handle
}

function setPath(obj: any, key: string, value: unknown): void {
  const parts = key.split('.')
  let cur = obj
  for (const p of parts.slice(0, -1)) {
    if (cur[p] === null || typeof cur[p] !== 'object') cur[p] = {}
    cur = cur[p]
  }
  cur[parts.at(-1)!] = value
}

/**
 * POST /api/v0/<cmd>?arg=...&k=v to a node's RPC API; returns the parsed JSON (or the text when not JSON).
 * Throws with Kubo's message on a non-2xx answer.
 */
export async function kuboRpc(
  handle: KuboHandle,
  cmd: string,
  args: string[] = [],
  params: Record<string, string | number | boolean> = {},
  init: {body?: FormData; timeoutMs?: number} = {},
): Promise<any> {
  const qs = new URLSearchParams()
  for (const a of args) qs.append('arg', a)
  for (const [k, v] of Object.entries(params)) qs.append(k, String(v))
  const res = await fetch(`${handle.apiUrl}/api/v0/${cmd}?${qs}`, {
    method: 'POST',
    body: init.body,
    signal: AbortSignal.timeout(init.timeoutMs ?? 30_000),
  })
  const text = await res.text()
  if (res.status < 200 || res.status >= 300) throw new Error(`kubo ${cmd} ${args.join(' ')}: HTTP ${res.status}: ${text.trim()}`)
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

export interface KuboAddOptions {
  /** default 1 (a bafy… CID) */
  cidVersion?: 0 | 1
  /** Pin in Kubo too (default true, as `ipfs add`). */
  pin?: boolean
  filename?: string
}

/** Adds one file through POST /api/v0/add (multipart) and returns its CID. */
export async function kuboAdd(handle: KuboHandle, content: string | Buffer, opts: KuboAddOptions = {}): Promise<string> {
  const form = new FormData()
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
  form.append('file', new Blob([new Uint8Array(bytes)]), opts.filename ?? 'file')
  const out = await kuboRpc(handle, 'add', [], {'cid-version': opts.cidVersion ?? 1, pin: opts.pin ?? true, progress: false}, {body: form})
  // The answer is one JSON object per added entry (NDJSON); a single file gives one line.
  const lines = typeof out === 'string' ? out.trim().split('\n').map((l) => JSON.parse(l)) : [out]
  const hash = lines.at(-1)?.Hash
  if (typeof hash !== 'string') throw new Error(`kubo add: unexpected answer ${JSON.stringify(out)}`)
  return hash
}

/** Connects node a to node b (POST /api/v0/swarm/connect on a with b's first swarm address). */
export async function kuboConnect(a: KuboHandle, b: KuboHandle): Promise<void> {
  const target = b.swarmMultiaddrs[0]
  if (!target) throw new Error(`Kubo ${b.peerId} has no swarm address`)
  await kuboRpc(a, 'swarm/connect', [target])
}

/** Peer IDs node `handle` is connected to (POST /api/v0/swarm/peers). */
export async function kuboPeers(handle: KuboHandle): Promise<string[]> {
  const out = await kuboRpc(handle, 'swarm/peers')
  return ((out?.Peers ?? []) as Array<{Peer: string}>).map((p) => p.Peer)
}

/** Whether the node has the block locally, without fetching it from the network (block/stat --offline). */
export async function kuboHasBlock(handle: KuboHandle, cid: string): Promise<boolean> {
  try {
    await kuboRpc(handle, 'block/stat', [cid], {offline: true}, {timeoutMs: 5000})
    return true
  } catch {
    return false
  }
}

/** CIDs pinned in Kubo (recursive pins), via POST /api/v0/pin/ls. */
export async function kuboPins(handle: KuboHandle): Promise<string[]> {
  const out = await kuboRpc(handle, 'pin/ls', [], {type: 'recursive'})
  return Object.keys(out?.Keys ?? {})
}
