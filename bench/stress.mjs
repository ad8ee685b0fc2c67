#!/usr/bin/env node
// The write path under contention, crashes and hostile input, measured on the built CLI (bin/run.js),
// each command a separate process as an operator's scripts and containers run it:
//   1. P writers x N `set`s of distinct keys on one folder: lost updates, failures, leftovers, and the
//      time against the same sets run one after another (lock overhead, not startup).
//   2. The same with half the writers in their own PID namespace (`unshare --pid --fork`, root only).
//   3. K `kill -9` while a writer holds the folder's lock: corrupt files, leftovers after the next
//      write, whether that next write succeeds at once.
//   4. A seeded fuzz run (fast-check) over service.json mutations, set pairs, create flags, follower
//      names and MCP arguments: stack traces, exit 1 for bad input, files changed by a failure,
//      secrets in any output, the MCP server still answering.
// Short mode (the default, run by `npm test`); IPFS_CLUSTER_CONFIG_STRESS=long reproduces the figures
// of the issue (20 x 25 sets, 300 kills, ~400 fuzz cases). IPFS_CLUSTER_CONFIG_STRESS_SEED fixes the seed.
// The last line is `STRESS {json}` with every figure.
import {spawn, spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, watch, writeFileSync, mkdirSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import fc from 'fast-check'
import {Client} from '@modelcontextprotocol/sdk/client/index.js'
import {StdioClientTransport} from '@modelcontextprotocol/sdk/client/stdio.js'

const LONG = process.env.IPFS_CLUSTER_CONFIG_STRESS === 'long'
const SEED = Number(process.env.IPFS_CLUSTER_CONFIG_STRESS_SEED ?? 20261202)
/** Which experiments run (IPFS_CLUSTER_CONFIG_STRESS_ONLY=contention,pidns,kills,fuzz: a comma list; all by default). */
const ONLY = new Set((process.env.IPFS_CLUSTER_CONFIG_STRESS_ONLY || 'contention,pidns,kills,fuzz').split(',').map((s) => s.trim()))
const SIZE = LONG
  ? {procs: 20, sets: 25, nsProcs: 20, nsSets: 25, kills: 300, fuzz: 80, mcp: 150}
  : {procs: 4, sets: 3, nsProcs: 4, nsSets: 2, kills: 4, fuzz: 6, mcp: 12}
const CLI = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const SECRET = 'c0ffee'.repeat(10) + 'c0ff'
const PASSWORD = 'Stress-Pw-9f3a7d'
const LOCK = '.ipfs-cluster-config.lock'
const CONFIG_FILES = new Set(['service.json', 'identity.json', 'peerstore'])
const root = mkdtempSync(join(tmpdir(), 'icc-stress-'))
const env = {...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(CLUSTER_|IPFS_CLUSTER_)/.test(k))), CI: 'true', NO_COLOR: '1', HOME: root}
const isRoot = process.getuid?.() === 0
let folders = 0
const newFolder = (name) => join(root, `${name}-${folders++}`)

function run(args, {prefix = [], timeoutMs = 120_000} = {}) {
  return new Promise((resolve) => {
    const [cmd, ...pre] = [...prefix, process.execPath]
    const child = spawn(cmd, [...pre, CLI, ...args], {env, stdio: ['ignore', 'pipe', 'pipe']})
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({code, signal, out})
    })
  })
}

async function createPeer(dir) {
  const r = await run(['service', 'config', 'create', '--path', dir, '--secret', SECRET, '--peername', 'stress'])
  if (r.code !== 0) throw new Error(`create failed: ${r.out}`)
  const s = await run(['service', 'config', 'set', '--path', dir, 'api.restapi.basic_auth_credentials', `admin:${PASSWORD}`])
  if (s.code !== 0) throw new Error(`set failed: ${s.out}`)
}

const leftovers = (dir) => readdirSync(dir).filter((f) => !CONFIG_FILES.has(f))
const tags = (dir) => JSON.parse(readFileSync(join(dir, 'service.json'), 'utf8')).informer.tags.tags

// ---------------------------------------------------------------------------------------------
// 1 and 2: contention

async function contention(procs, sets, {namespaced = false} = {}) {
  const dir = newFolder(namespaced ? 'pidns' : 'contention')
  await createPeer(dir)
  const failures = []
  const started = Date.now()
  await Promise.all(
    Array.from({length: procs}, async (_, p) => {
      const prefix = namespaced && p % 2 === 1 ? ['unshare', '--pid', '--fork'] : []
      for (let i = 0; i < sets; i++) {
        const r = await run(['service', 'config', 'set', '--path', dir, `informer.tags.tags.w${p}_${i}`, `v${i}`], {prefix})
        if (r.code !== 0) failures.push(r.out.trim().split('\n')[0])
      }
    }),
  )
  const seconds = (Date.now() - started) / 1000
  const have = tags(dir)
  let lost = 0
  for (let p = 0; p < procs; p++) for (let i = 0; i < sets; i++) if (have[`w${p}_${i}`] !== `v${i}`) lost++
  return {procs, sets: procs * sets, namespaced: namespaced ? Math.floor(procs / 2) : 0, lost, failed: failures.length, firstFailure: failures[0] ?? null, leftovers: leftovers(dir).length, seconds}
}

async function sequential(total) {
  const dir = newFolder('sequential')
  await createPeer(dir)
  const started = Date.now()
  for (let i = 0; i < total; i++) await run(['service', 'config', 'set', '--path', dir, `informer.tags.tags.s${i}`, 'v'])
  return (Date.now() - started) / 1000
}

// ---------------------------------------------------------------------------------------------
// 3: kill -9 while the lock is held

function lockPid(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, LOCK), 'utf8')).pid
  } catch {
    return undefined
  }
}

async function kills(target) {
  const dir = newFolder('kills')
  await createPeer(dir)
  const out = {kills: 0, attempts: 0, corrupt: 0, leftoversAfterNext: 0, nextFailed: 0, maxNextMs: 0, leftoversSeenBeforeNext: 0}
  while (out.kills < target && out.attempts < target * 4) {
    out.attempts++
    const n = out.attempts
    const child = spawn(process.execPath, [CLI, 'service', 'config', 'set', '--path', dir, `informer.tags.tags.k${n}`, 'v'], {env, stdio: 'ignore'})
    let killed = false
    const watcher = watch(dir, (_event, name) => {
      if (name !== LOCK || killed) return
      // A random moment inside the lock (a set holds it for a few milliseconds).
      setTimeout(() => {
        if (!killed && lockPid(dir) === child.pid) {
          killed = true
          child.kill('SIGKILL')
        }
      }, Math.random() * 6)
    })
    await new Promise((resolve) => child.on('close', resolve))
    watcher.close()
    if (!killed) continue
    out.kills++
    try {
      JSON.parse(readFileSync(join(dir, 'service.json'), 'utf8'))
    } catch {
      out.corrupt++
    }
    if (leftovers(dir).length > 0) out.leftoversSeenBeforeNext++
    const t = Date.now()
    const next = await run(['service', 'config', 'set', '--path', dir, `informer.tags.tags.next${n}`, 'v'])
    out.maxNextMs = Math.max(out.maxNextMs, Date.now() - t)
    if (next.code !== 0) out.nextFailed++
    const left = leftovers(dir)
    out.leftoversAfterNext += left.length
    if (left.length > 0) out.leftoverNames = [...new Set([...(out.leftoverNames ?? []), ...left.map((f) => f.replace(/[0-9a-f]{12,}/, '<tag>'))])]
    if (Date.now() - t > 1500) out.slowNext = [...(out.slowNext ?? []), next.out.slice(0, 200)]
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// 4: fuzz

const fuzz = {cases: 0, stackTraces: 0, exit1: 0, changedOnFailure: 0, secretsInOutput: 0, escapedBase: 0, mcpCalls: 0, mcpNotAnswering: 0, examples: []}
const TRACE = /\n\s+at |Maximum call stack|RangeError|TypeError|ReferenceError|errno:|"errno"/

function snapshot(dir) {
  if (!existsSync(dir)) return '<none>'
  return readdirSync(dir)
    .filter((f) => f !== LOCK)
    .sort()
    .map((f) => {
      const p = join(dir, f)
      return `${f}:${statSync(p).isFile() ? readFileSync(p, 'utf8') : '<dir>'}`
    })
    .join('\n')
}

function judge(what, r, {before, after, secrets = [SECRET, PASSWORD]}) {
  fuzz.cases++
  const bad = []
  if (TRACE.test(r.out)) (fuzz.stackTraces++, bad.push('stack trace'))
  if (r.code === 1 || r.code === null) (fuzz.exit1++, bad.push(`exit ${r.code}`))
  if (r.code !== 0 && before !== undefined && before !== after) (fuzz.changedOnFailure++, bad.push('files changed'))
  for (const s of secrets) if (s && s.length >= 6 && r.out.includes(s)) (fuzz.secretsInOutput++, bad.push('secret in output'))
  if (bad.length > 0 && fuzz.examples.length < 10) fuzz.examples.push({what, problems: bad, exit: r.code, output: r.out.slice(0, 300)})
}

const KEYS = ['cluster.peername', 'cluster.secret', 'cluster.replication_factor_min', 'cluster.listen_multiaddress', 'cluster.state_sync_interval', 'consensus.crdt.trusted_peers', 'api.restapi.basic_auth_credentials', 'api.restapi.basic_auth_credentials.admin', 'api.restapi.headers', 'informer.tags.tags', 'datastore.pebble.pebble_options.levels', '__proto__.x', 'constructor', 'cluster.prototype', 'no.such.key', 'cluster..peername']
const deep = (n) => '['.repeat(n) + ']'.repeat(n)
const hostileText = fc.oneof(
  fc.string({maxLength: 40}),
  fc.string({unit: 'binary', maxLength: 20}),
  fc.jsonValue({maxDepth: 4}).map((v) => JSON.stringify(v) ?? 'null'),
  fc.constantFrom('{"__proto__":{"polluted":"yes"}}', '{"constructor":{"prototype":{}}}', deep(5000), '['.repeat(3000), '{"admin":"pw-' + 'x', '-5s', '1m30s', '/ip4/1.2.3/tcp/1', 'admin:' + 'p'),
)

async function fuzzServiceJson(runs) {
  const dir = newFolder('fuzz-file')
  await createPeer(dir)
  const file = join(dir, 'service.json')
  const good = readFileSync(file, 'utf8')
  const mutation = fc.oneof(
    fc.nat({max: good.length}).map((n) => good.slice(0, n)),
    fc.tuple(fc.nat({max: good.length}), fc.string({maxLength: 3})).map(([n, s]) => good.slice(0, n) + s + good.slice(n)),
    fc.tuple(fc.constantFrom('cluster', 'api', 'consensus', 'datastore', 'informer', '__proto__', 'constructor'), fc.jsonValue({maxDepth: 3})).map(([k, v]) => {
      const o = JSON.parse(good)
      o[k] = v
      return JSON.stringify(o, null, 2)
    }),
    fc.constant(`{"cluster":${deep(20_000)}}`),
    // A section renamed (unknown to the schema, so ignored by the daemon): its secrets must stay hidden.
    fc.tuple(fc.constantFrom('cluster', 'api.restapi'), fc.string({minLength: 1, maxLength: 10})).map(([from, to]) => {
      const o = JSON.parse(good)
      const path = from.split('.')
      const parent = path.length > 1 ? o[path[0]] : o
      const section = parent[path.at(-1)]
      delete parent[path.at(-1)]
      Object.defineProperty(parent, to, {value: section, enumerable: true, writable: true, configurable: true})
      return JSON.stringify(o, null, 2)
    }),
  )
  await fc.assert(
    fc.asyncProperty(mutation, fc.constantFrom(['get'], ['validate'], ['set', 'cluster.peername', 'fz'], ['get', '--json'], ['diff']), async (text, args) => {
      writeFileSync(file, text)
      const before = snapshot(dir)
      const r = await run(['service', 'config', ...args, '--path', dir])
      // diff exits 1 when the sides differ (as diff(1) does): its documented answer, not a failure.
      const code = args[0] === 'diff' && r.code === 1 ? 0 : r.code
      judge(`service.json mutation, ${args.join(' ')}`, {...r, code}, {before, after: snapshot(dir)})
    }),
    {seed: SEED, numRuns: runs, endOnFailure: false},
  )
}

async function fuzzSet(runs) {
  const dir = newFolder('fuzz-set')
  await createPeer(dir)
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.string({maxLength: 12})), hostileText), {minLength: 1, maxLength: 3}), async (pairs) => {
      const before = snapshot(dir)
      const r = await run(['service', 'config', 'set', '--path', dir, ...pairs.flat().map((a) => a.replace(/\0/g, ''))])
      // A value given for a secret key must not come back in an error either.
      const given = pairs.filter(([k]) => /secret|basic_auth/.test(k)).map(([, v]) => v.trim())
      judge(`set ${pairs.map(([k]) => k).join(' ')}`, r, {before, after: snapshot(dir), secrets: [SECRET, PASSWORD, ...(r.code === 0 ? [] : given)]})
    }),
    {seed: SEED + 1, numRuns: runs, endOnFailure: false},
  )
}

async function fuzzCreate(runs) {
  const flag = fc.oneof(
    fc.constantFrom('crdt', 'raft', 'paxos', '').map((v) => ['--consensus', v]),
    fc.constantFrom('pebble', 'badger3', 'leveldb', 'nope').map((v) => ['--datastore', v]),
    fc.string({maxLength: 20}).map((v) => ['--peername', v]),
    hostileText.map((v) => ['--peers', v]),
    fc.tuple(fc.constantFrom(...KEYS), hostileText).map(([k, v]) => ['--set', `${k}=${v}`]),
    hostileText.map((v) => ['--custom', v]),
    fc.constantFrom(['--force'], ['--exist-ok'], ['--random-ports'], ['--key-type', 'rsa'], ['--key-type', 'dsa'], ['--replication-min', '-3'], ['--lock-timeout', 'forever']),
  )
  await fc.assert(
    fc.asyncProperty(fc.array(flag, {maxLength: 4}), async (flags) => {
      const dir = newFolder('fuzz-create')
      const r = await run(['service', 'config', 'create', '--path', dir, '--secret', SECRET, ...flags.flat().map((a) => a.replace(/\0/g, ''))])
      judge(`create ${flags.map((f) => f[0]).join(' ')}`, r, {before: '<none>', after: r.code === 0 ? '<none>' : snapshot(dir)})
    }),
    {seed: SEED + 2, numRuns: runs, endOnFailure: false},
  )
}

async function fuzzFollowerNames(runs) {
  const base = newFolder('fuzz-follow')
  mkdirSync(base, {recursive: true})
  const name = fc.oneof(fc.string({maxLength: 16}), fc.string({unit: 'binary', maxLength: 8}), fc.constantFrom('..', '.', '../x', 'a/b', 'a\nb', '\t', '-x', 'ok-name', '/abs'))
  await fc.assert(
    fc.asyncProperty(name, async (n) => {
      n = n.replace(/\0/g, '')
      const before = snapshot(base)
      const r = await run(['follow', 'config', 'create', n, '--path', base, '--source', 'http://127.0.0.1:1/service.json'])
      judge(`follow create ${JSON.stringify(n)}`, r, {before, after: snapshot(base)})
      // Whatever was created is one plain folder directly inside the base.
      if (existsSync(join(root, 'x')) || readdirSync(base).some((f) => !statSync(join(base, f)).isDirectory())) fuzz.escapedBase++
      if (r.code === 0) rmSync(join(base, n), {recursive: true, force: true})
    }),
    {seed: SEED + 3, numRuns: runs, endOnFailure: false},
  )
}

async function fuzzMcp(runs) {
  const dir = newFolder('fuzz-mcp')
  await createPeer(dir)
  const transport = new StdioClientTransport({command: process.execPath, args: [CLI, 'mcp'], env, stderr: 'pipe'})
  const client = new Client({name: 'stress', version: '0'})
  await client.connect(transport)
  const tools = (await client.listTools()).tools.map((t) => t.name).filter((t) => !/status|connect/.test(t)) // no network
  const hostileObject = fc.dictionary(fc.oneof(fc.string({maxLength: 8}), fc.constantFrom('__proto__', 'constructor', 'prototype', 'show_secrets', 'cluster.peername', 'cluster.secret')), fc.oneof(fc.jsonValue({maxDepth: 3}), hostileText), {maxKeys: 4})
  const args = fc.record(
    {
      cluster_path: fc.oneof(fc.constant(dir), fc.constant(newFolder('mcp-new')), fc.string({maxLength: 10})),
      cluster_name: fc.oneof(fc.constantFrom('f1', '..', 'a\nb'), fc.string({maxLength: 8})),
      key: fc.constantFrom(...KEYS),
      secret: fc.oneof(fc.constant(SECRET), fc.string({maxLength: 10})),
      custom_settings: hostileObject,
      config_updates: hostileObject,
      show_secrets: fc.constant(false),
      source: fc.constantFrom('http://127.0.0.1:1/x.json', 'not a url'),
    },
    {requiredKeys: []},
  )
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...tools), args, async (tool, a) => {
      fuzz.mcpCalls++
      const before = snapshot(dir)
      let text = ''
      let isError = false
      try {
        const r = await client.callTool({name: tool, arguments: JSON.parse(JSON.stringify(a))}, undefined, {timeout: 60_000})
        text = JSON.stringify(r)
        isError = r.isError === true
      } catch (error) {
        text = String(error)
        isError = true
      }
      judge(`mcp ${tool}`, {code: isError ? 2 : 0, out: text}, {before, after: snapshot(dir)})
      try {
        await client.listTools(undefined, {timeout: 10_000})
      } catch {
        fuzz.mcpNotAnswering++
      }
    }),
    {seed: SEED + 4, numRuns: runs, endOnFailure: false},
  )
  await client.close()
}

// ---------------------------------------------------------------------------------------------

const figures = {mode: LONG ? 'long' : 'short', seed: SEED}
try {
  if (ONLY.has('contention')) {
    figures.contention = await contention(SIZE.procs, SIZE.sets)
    console.log(`contention: ${JSON.stringify(figures.contention)}`)
    if (LONG) {
      figures.contention.sequentialSeconds = await sequential(SIZE.procs * SIZE.sets)
      figures.contention.ratio = Math.round((figures.contention.seconds / figures.contention.sequentialSeconds) * 100) / 100
      console.log(`  ${SIZE.procs * SIZE.sets} sets one after another: ${figures.contention.sequentialSeconds}s, parallel/sequential = ${figures.contention.ratio}`)
    }
  }
  if (ONLY.has('pidns')) {
    const unshare = isRoot && spawnSync('unshare', ['--pid', '--fork', 'true']).status === 0
    if (unshare) figures.pidns = await contention(SIZE.nsProcs, SIZE.nsSets, {namespaced: true})
    else figures.pidns = {skipped: isRoot ? 'unshare --pid --fork does not work here' : 'not root: unshare --pid needs root'}
    console.log(`pid namespaces: ${JSON.stringify(figures.pidns)}`)
  }
  if (ONLY.has('kills')) {
    figures.kills = await kills(SIZE.kills)
    console.log(`kill -9 inside the lock: ${JSON.stringify(figures.kills)}`)
  }
  if (ONLY.has('fuzz')) {
    await fuzzServiceJson(SIZE.fuzz)
    await fuzzSet(SIZE.fuzz)
    await fuzzCreate(SIZE.fuzz)
    await fuzzFollowerNames(SIZE.fuzz)
    await fuzzMcp(SIZE.mcp)
    figures.fuzz = fuzz
    console.log(`fuzz: ${JSON.stringify({...fuzz, examples: fuzz.examples.length})}`)
    for (const e of fuzz.examples) console.log(`  example: ${JSON.stringify(e)}`)
  }
} finally {
  rmSync(root, {recursive: true, force: true})
}
console.log(`STRESS ${JSON.stringify(figures)}`)
