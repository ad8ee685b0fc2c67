#!/usr/bin/env node
// Whole-cluster benchmark, all ratios measured in this one run:
//   1. `cluster create --peers 100` vs 100 sequential `ipfs-cluster-service init` (the only upstream way to
//      make 100 peers) and vs one `service config create`.       targets: >= 20x faster; <= 5x one create
//   2. `identity create --count 10000`: identities per second, and the ratio to raw
//      crypto.generateKeyPairSync('ed25519') x 10000 in this process. targets: >= 10,000/s; <= 3x raw
//   3. bytes of the Kubernetes Secret (decoded data, and secret.yaml on disk) at 3, 10 and 100 peers.
// Needs a build (`npm run build`) and the real binaries (scripts/install-real-binaries.sh) for step 1.
// Env: BENCH_RUNS (runs of each timed command, default 3; the median is reported).
import {execFileSync, spawnSync} from 'node:child_process'
import {generateKeyPairSync} from 'node:crypto'
import {mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {parse} from 'yaml'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const RUN_JS = join(ROOT, 'bin', 'run.js')
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const tmp = mkdtempSync(join(tmpdir(), 'icc-bench-cluster-'))
process.on('exit', () => rmSync(tmp, {recursive: true, force: true}))

const env = {...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(CLUSTER_|IPFS_CLUSTER_|DEBUG$)/.test(k))), CI: 'true'}
let n = 0
const fresh = () => join(tmp, `d${n++}`)

function run(cmd, args) {
  const t0 = process.hrtime.bigint()
  const r = spawnSync(cmd, args, {env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024})
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (r.status !== 0) {
    console.error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`)
    process.exit(1)
  }
  return {ms, stdout: r.stdout}
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const timed = (fn) => median(Array.from({length: RUNS}, fn))
const fmt = (x) => x.toFixed(1)

const binDir = (() => {
  try {
    return execFileSync('bash', [join(ROOT, 'scripts/install-real-binaries.sh'), '--check'], {encoding: 'utf8'}).trim().split('\n').at(-1)
  } catch {
    console.error('the real binaries are needed for the ipfs-cluster-service init baseline: npm run real-binaries')
    process.exit(1)
  }
})()

// 1. cluster create --peers 100
const create100 = timed(() => run('node', [RUN_JS, 'cluster', 'create', '--peers', '100', '--out', fresh()]).ms)
const createOne = timed(() => run('node', [RUN_JS, 'service', 'config', 'create', '--path', fresh(), '--peername', 'bench']).ms)
let inits = 0
{
  const base = fresh()
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < 100; i++) run(join(binDir, 'ipfs-cluster-service'), ['--config', join(base, `p${i}`), 'init', '--consensus', 'crdt'])
  inits = Number(process.hrtime.bigint() - t0) / 1e6
}
console.log('cluster create --peers 100')
console.log(`  cluster create --peers 100       ${fmt(create100)} ms (median of ${RUNS})`)
console.log(`  100 x ipfs-cluster-service init  ${fmt(inits)} ms   -> ${fmt(inits / create100)}x faster (target >= 20x)`)
console.log(`  1 x service config create        ${fmt(createOne)} ms (median of ${RUNS}) -> cluster create is ${fmt(create100 / createOne)}x one create (target <= 5x)`)

// 2. identity create --count 10000
const COUNT = 10000
const ident = timed(() => {
  const r = run('node', [RUN_JS, 'identity', 'create', '--count', String(COUNT)])
  const lines = r.stdout.toString('utf8').trimEnd().split('\n').length
  if (lines !== COUNT) {
    console.error(`identity create --count ${COUNT} printed ${lines} lines`)
    process.exit(1)
  }
  return r.ms
})
const raw = timed(() => {
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < COUNT; i++) generateKeyPairSync('ed25519')
  return Number(process.hrtime.bigint() - t0) / 1e6
})
console.log(`identity create --count ${COUNT}`)
console.log(`  whole command (start to exit)    ${fmt(ident)} ms -> ${Math.round(COUNT / (ident / 1000))} identities/s (target >= 10000/s)`)
console.log(`  raw generateKeyPairSync x ${COUNT} ${fmt(raw)} ms -> ${Math.round(COUNT / (raw / 1000))}/s; the command takes ${fmt(ident / raw)}x raw (target <= 3x)`)

// 3. Kubernetes Secret size
console.log('Kubernetes Secret (limit 1 MiB = 1048576 bytes)')
for (const peers of [3, 10, 100]) {
  const out = fresh()
  run('node', [RUN_JS, 'cluster', 'create', '--peers', String(peers), '--out', out, '--target', 'kubernetes'])
  const file = join(out, 'kubernetes', 'secret.yaml')
  const data = parse(readFileSync(file, 'utf8')).data
  const decoded = Object.values(data).reduce((sum, v) => sum + Buffer.from(v, 'base64').length, 0)
  console.log(`  ${String(peers).padStart(3)} peers: ${decoded} bytes of data, secret.yaml ${statSync(file).size} bytes (${((100 * statSync(file).size) / 1048576).toFixed(1)}% of the limit)`)
}
