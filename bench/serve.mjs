#!/usr/bin/env node
// `serve` under a bounded load on loopback, beside the real ipfs-cluster REST API measured the same way in
// the same run. Figures:
//   - requests/s and p99 latency at BENCH_CONCURRENCY (default 16) keep-alive connections, for
//       POST /api/mcp/cluster_service_config_get   (serve)
//       GET  /api/peers                            (serve)
//       GET  /id                                   (the real ipfs-cluster-service daemon's REST API: the baseline)
//     each for BENCH_SECONDS (default 5 s) after a 1 s warm-up; target: serve's config_get rate >= /id's rate;
//   - start-to-first-answer: from spawning `serve` to its first 200 on GET /api/tools (median of BENCH_STARTS, default 5);
//   - memory under load: the serve process's peak RSS while the load runs (sampled from /proc every 50 ms);
//   - page weight: the dashboard's files (html, js, css), uncompressed; target < 150 KB.
// Needs a build (`npm run build`) and the real binaries (scripts/install-real-binaries.sh; IPFS_CLUSTER_BIN_DIR or
// what `--check` prints). Only loopback; every process it starts is stopped and its temp folder removed.
// Exits 1 when something failed to run or answered wrongly; a missed target is reported, not an exit code.
import {execFileSync, spawn} from 'node:child_process'
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs'
import {Agent, request} from 'node:http'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {fileURLToPath} from 'node:url'

import {tsImport} from 'tsx/esm/api'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const RUN_JS = join(ROOT, 'bin', 'run.js')
const num = (name, def) => {
  const n = Number(process.env[name] ?? def)
  if (!Number.isFinite(n) || n <= 0) fail(`${name} must be a positive number`)
  return n
}
const SECONDS = num('BENCH_SECONDS', 5)
const CONCURRENCY = num('BENCH_CONCURRENCY', 16)
const STARTS = num('BENCH_STARTS', 5)

const children = new Set()
const tmp = mkdtempSync(join(tmpdir(), 'icc-bench-serve-'))
function cleanup() {
  for (const c of children) c.kill('SIGKILL')
  rmSync(tmp, {recursive: true, force: true})
}
function fail(message) {
  process.stderr.write(`bench: ERROR: ${message}\n`)
  cleanup()
  process.exit(1)
}
process.on('exit', cleanup)
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => fail(`interrupted by ${s}`))

if (!existsSync(join(ROOT, 'dist', 'dashboard', 'index.html'))) fail('run `npm run build` first')
let binDir = process.env.IPFS_CLUSTER_BIN_DIR
if (!binDir) {
  try {
    binDir = execFileSync('bash', [join(ROOT, 'scripts/install-real-binaries.sh'), '--check'], {encoding: 'utf8'}).trim().split('\n').pop()
  } catch {
    fail('the real binaries are not installed: run `npm run real-binaries`')
  }
}

const env = {}
for (const [k, v] of Object.entries(process.env)) if (!/^(CLUSTER_|IPFS_CLUSTER_)/.test(k)) env[k] = v
Object.assign(env, {HOME: tmp, CI: 'true', IPFS_CLUSTER_CONFIG_BIN_DIR: binDir})

function start(file, args, extraEnv = {}) {
  const c = spawn(file, args, {env: {...env, ...extraEnv}, stdio: ['ignore', 'pipe', 'pipe']})
  let out = ''
  c.stdout.setEncoding('utf8').on('data', (d) => (out += d))
  c.stderr.setEncoding('utf8').on('data', (d) => (out += d))
  children.add(c)
  c.on('exit', () => children.delete(c))
  return {child: c, output: () => out}
}

async function stop(c) {
  if (c.exitCode !== null || c.signalCode !== null) return
  const done = new Promise((r) => c.once('exit', r))
  c.kill('SIGTERM')
  await Promise.race([done, sleep(10_000).then(() => c.kill('SIGKILL'))])
}

// ---- a real peer with its Kubo node, and its daemon ----
// The daemon's /id asks its IPFS node (ipfshttp) for the node's id and addresses: without a Kubo behind it each
// /id waits for that request to time out, and the baseline would measure the timeout. The node is the tests'
// loopback-only Kubo (no bootstrap, no routing, no mDNS), stopped and its repo removed at exit.
const {startKubo} = await tsImport('../test/support/kubo.ts', import.meta.url)
const kubo = await startKubo({keepAcrossTests: true}).catch((error) => fail(`Kubo did not start: ${error.message}`))
const peer = join(tmp, 'peer0')
const kuboAt = [`ipfs_connector.ipfshttp.node_multiaddress=${kubo.apiMultiaddr}`, `api.ipfsproxy.node_multiaddress=${kubo.apiMultiaddr}`]
execFileSync(process.execPath, [RUN_JS, 'service', 'config', 'create', '--path', peer, '--peername', 'bench', '--random-ports', ...['cluster.mdns_interval=0s', ...kuboAt].flatMap((s) => ['--set', s])], {env, stdio: 'pipe'})
const svc = JSON.parse(readFileSync(join(peer, 'service.json'), 'utf8'))
const restPort = Number(/\/tcp\/(\d+)/.exec(svc.api.restapi.http_listen_multiaddress)[1])
const daemon = start(join(binDir, 'ipfs-cluster-service'), ['--config', peer, 'daemon'])

async function get(port, path, headers = {}) {
  return new Promise((resolve) => {
    const r = request({host: '127.0.0.1', port, path, headers}, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode))
    })
    r.on('error', () => resolve(0))
    r.setTimeout(2000, () => r.destroy())
    r.end()
  })
}
for (const t0 = Date.now(); (await get(restPort, '/id')) !== 200; await sleep(200))
  if (Date.now() - t0 > 60_000) fail(`the daemon's REST API did not answer:\n${daemon.output()}`)

// ---- start-to-first-answer ----
async function startServe() {
  const t0 = process.hrtime.bigint()
  const s = start(process.execPath, [RUN_JS, 'serve', '--path', peer, '--listen', '127.0.0.1:0', '--json'])
  let doc
  while (!doc) {
    const m = /^\{[\s\S]*?\n\}/m.exec(s.output())
    if (m) doc = JSON.parse(m[0])
    else if (s.child.exitCode !== null) fail(`serve exited:\n${s.output()}`)
    else await sleep(5)
  }
  const u = new URL(doc.url)
  const token = u.searchParams.get('token')
  const port = Number(u.port)
  while ((await get(port, '/api/tools', {Authorization: `Bearer ${token}`})) !== 200) await sleep(5)
  return {...s, port, token, ms: Number(process.hrtime.bigint() - t0) / 1e6}
}
const startTimes = []
for (let i = 0; i < STARTS; i++) {
  const s = await startServe()
  startTimes.push(s.ms)
  await stop(s.child)
}
const serve = await startServe()
children.add(serve.child)

// ---- load ----
function rssKb(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1])
  } catch {
    return 0
  }
}

async function load(port, method, path, headers, body, check) {
  const agent = new Agent({keepAlive: true, maxSockets: CONCURRENCY})
  const one = () =>
    new Promise((resolveOne, rejectOne) => {
      const t0 = process.hrtime.bigint()
      const r = request({host: '127.0.0.1', port, method, path, headers, agent}, (res) => {
        let text = ''
        res.setEncoding('utf8').on('data', (d) => (text += d))
        res.on('end', () => {
          const problem = res.statusCode === 200 ? check(text) : `status ${res.statusCode}: ${text.slice(0, 200)}`
          if (problem) rejectOne(new Error(`${method} ${path}: ${problem}`))
          else resolveOne(Number(process.hrtime.bigint() - t0) / 1e6)
        })
      })
      r.on('error', rejectOne)
      r.end(body)
    })
  const run = async (ms, record) => {
    const until = Date.now() + ms
    await Promise.all(
      Array.from({length: CONCURRENCY}, async () => {
        while (Date.now() < until) record(await one())
      }),
    )
  }
  await run(1000, () => {})
  const latencies = []
  let peak = 0
  const sampler = setInterval(() => (peak = Math.max(peak, rssKb(serve.child.pid))), 50)
  const t0 = Date.now()
  try {
    await run(SECONDS * 1000, (l) => latencies.push(l))
  } catch (error) {
    fail(error.message)
  } finally {
    clearInterval(sampler)
  }
  const elapsed = (Date.now() - t0) / 1000
  agent.destroy()
  latencies.sort((a, b) => a - b)
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]
  return {rps: latencies.length / elapsed, p50: q(0.5), p99: q(0.99), n: latencies.length, peakRssKb: peak}
}

const auth = {Authorization: `Bearer ${serve.token}`}
const getBody = JSON.stringify({cluster_path: peer, key: 'cluster.peername'})
const results = {
  'POST /api/mcp/cluster_service_config_get': await load(serve.port, 'POST', '/api/mcp/cluster_service_config_get', {...auth, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(getBody)}, getBody, (t) => (JSON.parse(t).value === 'bench' ? undefined : `unexpected answer ${t}`)),
  'GET /api/peers': await load(serve.port, 'GET', '/api/peers', auth, undefined, (t) => (JSON.parse(t).peers?.[0]?.peername === 'bench' ? undefined : `unexpected answer ${t.slice(0, 200)}`)),
  'GET /id (ipfs-cluster-service REST API)': await load(restPort, 'GET', '/id', {}, undefined, (t) => (JSON.parse(t).peername === 'bench' ? undefined : `unexpected answer ${t.slice(0, 200)}`)),
}
const idleRss = rssKb(serve.child.pid)

const pageDir = join(ROOT, 'dist', 'dashboard')
const pageBytes = readdirSync(pageDir).reduce((n, f) => n + statSync(join(pageDir, f)).size, 0)

// ---- report ----
const pad = (s, n) => String(s).padEnd(n)
const lpad = (s, n) => String(s).padStart(n)
console.log(`serve under load: ${CONCURRENCY} keep-alive connections, ${SECONDS}s per route after a 1s warm-up, loopback`)
console.log(`${pad('route', 44)} ${lpad('req/s', 9)} ${lpad('p50 ms', 8)} ${lpad('p99 ms', 8)} ${lpad('requests', 9)} ${lpad('serve peak RSS', 15)}`)
for (const [name, r] of Object.entries(results)) {
  const rss = name.startsWith('GET /id') ? '-' : `${(r.peakRssKb / 1024).toFixed(1)} MB`
  console.log(`${pad(name, 44)} ${lpad(r.rps.toFixed(0), 9)} ${lpad(r.p50.toFixed(1), 8)} ${lpad(r.p99.toFixed(1), 8)} ${lpad(r.n, 9)} ${lpad(rss, 15)}`)
}
startTimes.sort((a, b) => a - b)
console.log(`start to first answer (spawn serve → 200 on GET /api/tools), median of ${STARTS}: ${startTimes[Math.floor(STARTS / 2)].toFixed(0)} ms (min ${startTimes[0].toFixed(0)}, max ${startTimes.at(-1).toFixed(0)})`)
console.log(`serve RSS after the load: ${(idleRss / 1024).toFixed(1)} MB`)
console.log(`page weight (dist/dashboard, uncompressed): ${(pageBytes / 1024).toFixed(1)} KB`)
const ratio = results['POST /api/mcp/cluster_service_config_get'].rps / results['GET /id (ipfs-cluster-service REST API)'].rps
console.log('\ntargets:')
console.log(`  config_get rate >= the REST API's /id rate: ${ratio.toFixed(2)}x  ${ratio >= 1 ? 'met' : 'NOT met'}`)
console.log(`  page weight < 150 KB: ${(pageBytes / 1024).toFixed(1)} KB  ${pageBytes < 150 * 1024 ? 'met' : 'NOT met'}`)

await stop(serve.child)
await stop(daemon.child)
await kubo.stop()
