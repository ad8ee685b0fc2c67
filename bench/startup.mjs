#!/usr/bin/env node
// CLI startup benchmark: how much does `ipfs-cluster-config` cost over a bare `node` process?
//
// Times, interleaved round-robin in one run (so machine noise hits every command alike):
//   baseline    node -e ''
//   create      service config create --path <fresh dir> --peername bench --no-prompt  (CI=true)
//   get         service config get cluster.peername
//   set         service config set cluster.peername bench-N (a write every run)
//   unset       service config unset of a key that is not there (read, validate, no write)
//   validate    service config validate
//   identity    identity show
//   follow-get  follow config get NAME source
//   status      status of a stopped peer (exit 6)
//   help        --help
// and reports median / p10 / p90 wall-clock ms, the ratio of each median to the baseline median,
// and peak RSS (GNU /usr/bin/time -f %M, measured in a separate pass so the wrapper never skews the
// timings). Targets (TARGETS below): get <= 1.3x baseline, create <= 1.7x, set, unset, validate,
// identity show, follow config get and status <= 1.8x, --help <= 2.5x. Always exits 0 when every
// command ran correctly; exits 1 only when a command failed or printed the wrong thing.
//
// Env: BENCH_RUNS (timed runs per command, default 25, project minimum 20),
//      BENCH_RSS_RUNS (runs per command for peak RSS, default 5; 0 skips RSS).
// Needs a build first (`npm run bench` does `npm run build` for you).

import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {cpus, tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const RUN_JS = join(ROOT, 'bin', 'run.js')
const MIN_RUNS = 20
const TARGETS = {get: 1.3, create: 1.7, set: 1.8, unset: 1.8, validate: 1.8, identity: 1.8, 'follow-get': 1.8, status: 1.8, help: 2.5}

let tmpRoot
function cleanup() {
  if (tmpRoot === undefined) return
  rmSync(tmpRoot, {recursive: true, force: true})
  tmpRoot = undefined
}

function intEnv(name, def, min) {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return def
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min) fail(`${name} must be an integer >= ${min}, got ${JSON.stringify(raw)}`)
  return n
}

function fail(message) {
  process.stderr.write(`bench: ERROR: ${message}\n`)
  cleanup()
  process.exit(1)
}

const RUNS = intEnv('BENCH_RUNS', 25, 1)
const RSS_RUNS = intEnv('BENCH_RSS_RUNS', 5, 0)

// ---- temp dirs: one root under os.tmpdir(), removed at the end whatever happens ----
tmpRoot = mkdtempSync(join(tmpdir(), 'ipfs-cluster-config-bench-'))
process.on('exit', cleanup)
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    cleanup()
    process.exit(130)
  })
}

// ---- the child environment: the caller's, minus what would change what the CLI does ----
// CLUSTER_* / IPFS_CLUSTER_* would change what create writes or where get reads; DEBUG turns on
// oclif's debug output; CI is set explicitly per command.
const baseEnv = {}
for (const [k, v] of Object.entries(process.env)) {
  if (/^(CLUSTER_|IPFS_CLUSTER_)/.test(k) || k === 'DEBUG' || k === 'CI') continue
  baseEnv[k] = v
}

if (!existsSync(join(ROOT, 'dist')) || !existsSync(join(ROOT, 'oclif.manifest.json'))) {
  fail('dist/ or oclif.manifest.json is missing: run `npm run build` first (or use `npm run bench`)')
}

// Folders made once, before timing: a peer for `get`, one for `set`/`unset`/`validate`/`identity show`
// and the stopped peer of `status`, and a follower base.
const getDir = join(tmpRoot, 'get-peer')
const editDir = join(tmpRoot, 'edit-peer')
const followBase = join(tmpRoot, 'followers')
let createCount = 0
let setCount = 0

/** @type {{name: string, label: string, args: () => string[], env: object, check: (r: any) => string | undefined, exit?: number}[]} */
const COMMANDS = [
  {
    name: 'baseline',
    label: "node -e ''",
    args: () => ['-e', ''],
    env: baseEnv,
    check: () => undefined,
  },
  {
    name: 'create',
    label: 'service config create --no-prompt (CI=true)',
    args: () => [RUN_JS, 'service', 'config', 'create', '--path', freshDir(), '--peername', 'bench', '--no-prompt'],
    env: {...baseEnv, CI: 'true'},
    check: (r) => (existsSync(join(r.args[5], 'service.json')) ? undefined : `no service.json in ${r.args[5]}`),
  },
  {
    name: 'get',
    label: 'service config get cluster.peername',
    args: () => [RUN_JS, 'service', 'config', 'get', 'cluster.peername', '--path', getDir],
    env: baseEnv,
    check: (r) => (r.stdout.trim() === 'bench' ? undefined : `expected stdout "bench", got ${JSON.stringify(r.stdout.trim())}`),
  },
  {
    name: 'set',
    label: 'service config set cluster.peername bench-N (writes)',
    args: () => [RUN_JS, 'service', 'config', 'set', 'cluster.peername', `bench-${++setCount}`, '--path', editDir],
    env: baseEnv,
    check: (r) => (r.stdout.includes(`-> "${r.args[5]}"`) ? undefined : `set did not report the change: ${r.stdout}`),
  },
  {
    name: 'unset',
    label: 'service config unset api.restapi.basic_auth_credentials.x',
    args: () => [RUN_JS, 'service', 'config', 'unset', 'api.restapi.basic_auth_credentials.x', '--path', editDir],
    env: baseEnv,
    check: (r) => (r.stdout.includes('nothing to remove') ? undefined : `unexpected unset output: ${r.stdout}`),
  },
  {
    name: 'validate',
    label: 'service config validate',
    args: () => [RUN_JS, 'service', 'config', 'validate', '--path', editDir],
    env: baseEnv,
    check: (r) => (r.stdout.startsWith('valid:') ? undefined : `expected "valid:", got ${r.stdout}`),
  },
  {
    name: 'identity',
    label: 'identity show',
    args: () => [RUN_JS, 'identity', 'show', '--path', editDir],
    env: baseEnv,
    check: (r) => (r.stdout.includes('matches:  yes') ? undefined : `identity does not match: ${r.stdout}`),
  },
  {
    name: 'follow-get',
    label: 'follow config get NAME source',
    args: () => [RUN_JS, 'follow', 'config', 'get', 'f', 'source', '--path', followBase],
    env: baseEnv,
    check: (r) => (r.stdout.trim() === 'https://example.org/f.json' ? undefined : `unexpected source ${r.stdout}`),
  },
  {
    name: 'status',
    label: 'status (a stopped peer: exit 6)',
    args: () => [RUN_JS, 'status', '--path', editDir],
    env: baseEnv,
    exit: 6,
    check: (r) => (r.stdout.includes('status:   down') ? undefined : `expected a down peer: ${r.stdout}`),
  },
  {
    name: 'help',
    label: '--help',
    args: () => [RUN_JS, '--help'],
    env: baseEnv,
    check: (r) => (/USAGE/.test(r.stdout) ? undefined : 'help output has no USAGE section'),
  },
]

function freshDir() {
  // Exists and is empty, like a fresh temp dir; created outside the timed region.
  return mkdtempSync(join(tmpRoot, `create-${++createCount}-`))
}

/** Runs one command once; returns wall-clock ms. Aborts the whole bench on a wrong result. */
function runOnce(cmd, wrap) {
  const args = cmd.args()
  let file = process.execPath
  let argv = args
  let rssFile
  if (wrap) {
    rssFile = join(tmpRoot, `rss-${cmd.name}-${Math.random().toString(36).slice(2)}`)
    file = '/usr/bin/time'
    argv = ['-f', '%M', '-o', rssFile, process.execPath, ...args]
  }
  const t0 = process.hrtime.bigint()
  const r = spawnSync(file, argv, {cwd: ROOT, env: cmd.env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 16 << 20})
  const t1 = process.hrtime.bigint()
  const shown = `node ${args.map((a) => (a === RUN_JS ? 'bin/run.js' : a)).join(' ')}`
  if (r.error) fail(`${cmd.name}: could not run \`${shown}\`: ${r.error.message}`)
  if (r.status !== (cmd.exit ?? 0)) {
    fail(`${cmd.name}: \`${shown}\` exited ${r.status ?? `by signal ${r.signal}`}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`)
  }
  const problem = cmd.check({...r, args})
  if (problem) fail(`${cmd.name}: \`${shown}\`: ${problem}\n--- stderr ---\n${r.stderr}`)
  let rssKb
  if (wrap) {
    rssKb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop())
    if (!Number.isFinite(rssKb)) fail(`${cmd.name}: could not read peak RSS from /usr/bin/time`)
  }
  return {ms: Number(t1 - t0) / 1e6, rssKb}
}

/** Linear-interpolated percentile (p in 0..100) of an unsorted array. */
function pct(values, p) {
  const s = [...values].sort((a, b) => a - b)
  if (s.length === 1) return s[0]
  const i = ((s.length - 1) * p) / 100
  const lo = Math.floor(i)
  const hi = Math.ceil(i)
  return s[lo] + (s[hi] - s[lo]) * (i - lo)
}

function timeSupportsRss() {
  if (!existsSync('/usr/bin/time')) return 'no /usr/bin/time'
  const out = join(tmpRoot, 'rss-probe')
  const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', out, process.execPath, '-e', ''], {stdio: 'ignore'})
  if (r.status !== 0 || !existsSync(out)) return '/usr/bin/time does not support -f %M -o (not GNU time?)'
  const kb = Number(readFileSync(out, 'utf8').trim().split('\n').pop())
  return Number.isFinite(kb) && kb > 0 ? undefined : '/usr/bin/time -f %M printed no number'
}

// ---------------------------------------------------------------------------------------------
const pad = (s, n) => String(s).padEnd(n)
const lpad = (s, n) => String(s).padStart(n)
const f1 = (x) => x.toFixed(1)

console.log(`ipfs-cluster-config startup benchmark`)
console.log(`node ${process.version} ${process.platform}/${process.arch}, ${cpus().length} CPU(s) ${cpus()[0]?.model ?? ''}`.trimEnd())
console.log(`${RUNS} timed runs per command, interleaved round-robin; temp dir ${tmpRoot}`)
if (RUNS < MIN_RUNS) console.log(`WARNING: BENCH_RUNS=${RUNS} is below the project's minimum of ${MIN_RUNS}; numbers are only indicative`)

// Set up the `get` fixture (untimed), then one untimed warm-up of each command: warms the page cache
// and checks every command works before we spend time measuring it.
const setup = (args, env = {...baseEnv, CI: 'true'}) => runOnce({name: 'setup', args: () => [RUN_JS, ...args], env, check: () => undefined}, false)
setup(['service', 'config', 'create', '--path', getDir, '--peername', 'bench', '--no-prompt'])
// Ports nothing listens on: `status` finds the peer down.
setup(['service', 'config', 'create', '--path', editDir, '--peername', 'bench', '--no-prompt', '--random-ports'])
setup(['follow', 'config', 'create', 'f', '--path', followBase, '--source', 'https://example.org/f.json', '--no-prompt'])
for (const cmd of COMMANDS) runOnce(cmd, false)

const samples = Object.fromEntries(COMMANDS.map((c) => [c.name, []]))
for (let i = 0; i < RUNS; i++) {
  // Round-robin, rotating the starting command each round so no command always follows the same one.
  for (let j = 0; j < COMMANDS.length; j++) {
    const cmd = COMMANDS[(i + j) % COMMANDS.length]
    samples[cmd.name].push(runOnce(cmd, false).ms)
  }
  if (process.stderr.isTTY) process.stderr.write(`\r  round ${i + 1}/${RUNS}`)
}
if (process.stderr.isTTY) process.stderr.write('\n')

// Peak RSS in its own pass (also interleaved): wrapping in /usr/bin/time adds a fork+exec, so these
// runs are not used for timing.
const rss = {}
let rssNote
if (RSS_RUNS === 0) rssNote = 'BENCH_RSS_RUNS=0'
else rssNote = timeSupportsRss()
if (!rssNote) {
  for (const c of COMMANDS) rss[c.name] = []
  for (let i = 0; i < RSS_RUNS; i++) for (const cmd of COMMANDS) rss[cmd.name].push(runOnce(cmd, true).rssKb)
}

const baseMedian = pct(samples.baseline, 50)
const rows = COMMANDS.map((c) => {
  const med = pct(samples[c.name], 50)
  return {
    name: c.name,
    label: c.label,
    median: med,
    p10: pct(samples[c.name], 10),
    p90: pct(samples[c.name], 90),
    ratio: med / baseMedian,
    rss: rss[c.name] ? pct(rss[c.name], 50) / 1024 : undefined,
  }
})

console.log()
const hdr = ['command', 'median ms', 'p10 ms', 'p90 ms', 'x baseline', ...(rssNote ? [] : ['peak RSS MB'])]
const W = [52, 10, 8, 8, 11, 12]
console.log(hdr.map((h, i) => (i === 0 ? pad(h, W[i]) : lpad(h, W[i]))).join(' '))
console.log(W.slice(0, hdr.length).map((w) => '-'.repeat(w)).join(' '))
for (const r of rows) {
  const cells = [pad(`${r.name}: ${r.label}`, W[0]), lpad(f1(r.median), W[1]), lpad(f1(r.p10), W[2]), lpad(f1(r.p90), W[3]), lpad(r.ratio.toFixed(2) + 'x', W[4])]
  if (!rssNote) cells.push(lpad(f1(r.rss), W[5]))
  console.log(cells.join(' '))
}
if (rssNote) console.log(`(peak RSS column skipped: ${rssNote})`)
else console.log(`(peak RSS: median of ${RSS_RUNS} separate runs under /usr/bin/time -f %M; not from the timed runs)`)

console.log()
console.log('targets (median / baseline median):')
for (const [name, limit] of Object.entries(TARGETS)) {
  const r = rows.find((x) => x.name === name)
  const met = r.ratio <= limit
  const budget = baseMedian * limit
  console.log(
    `  ${pad(name, 7)} <= ${limit.toFixed(1)}x  (<= ${f1(budget)} ms): ${pad(r.ratio.toFixed(2) + 'x', 6)} ${met ? 'met' : 'NOT met'}` +
      (met ? '' : `  (${f1(r.median - budget)} ms over)`),
  )
}
cleanup()
