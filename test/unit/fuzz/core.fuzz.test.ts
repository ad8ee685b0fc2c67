// Property-based fuzzing of the core (fast-check): random dotted keys and values for set, random mutations of a
// valid service.json for validate, random follower names. Every failure must be a UserError with a documented
// exit code (never exit 1, which is a bug, and so never a stack trace) and leave every file as it was.
// Bounded for `npm test`; FUZZ_RUNS=N runs N cases per property (e.g. FUZZ_RUNS=5000 for a long run).
import {expect} from 'chai'
import fc from 'fast-check'
import {readFile, readdir, rm, stat, writeFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'

import {UserError} from '../../../src/core/errors.js'
import {createFollowConfig, getFollowConfig} from '../../../src/core/follow-config.js'
import {serviceRoot} from '../../../src/core/config-read.js'
import {allKeys} from '../../../src/core/schema/walk.js'
import {createServiceConfig, getServiceConfig, setServiceConfig, validateServiceFolder} from '../../../src/core/service-config.js'
import {DEFAULT_SECRET, ED_ID, ED_KEY, tempDirs} from '../helpers.js'

const RUNS = Number(process.env.FUZZ_RUNS ?? 60)
/** What a failure may exit with: every documented code but 0 (success) and 1 (unexpected failure: a bug). */
const DOCUMENTED_FAILURES = new Set([2, 3, 4, 5, 6, 7, 8])
const KEYS = allKeys(serviceRoot).map((k) => k.path.join('.'))

async function files(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const name of await readdir(dir)) {
    const p = join(dir, name)
    out[name] = (await stat(p)).isFile() ? await readFile(p, 'base64') : '<dir>'
  }
  return out
}

/** Runs fn; a throw must be a UserError with a documented code. Returns the code (0 when it succeeded). */
async function outcome(fn: () => Promise<unknown>, counts: Map<number, number>): Promise<number> {
  let code = 0
  try {
    await fn()
  } catch (error) {
    if (!(error instanceof UserError)) throw new Error(`not a user error (exit 1, a stack trace): ${(error as Error).stack}`)
    expect(DOCUMENTED_FAILURES.has(error.exitCode), `exit ${error.exitCode}: ${error.message}`).to.equal(true)
    expect(error.message).to.not.match(/\n\s+at |\bE[A-Z]{3,}\b: /)
    code = error.exitCode
  }
  counts.set(code, (counts.get(code) ?? 0) + 1)
  return code
}

const report = (what: string, counts: Map<number, number>) =>
  process.stderr.write(`      fuzz ${what}: ${[...counts].sort(([a], [b]) => a - b).map(([c, n]) => `exit ${c} x${n}`).join(', ')}\n`)

// A key: a real one, one with a mutated or extra segment, a list index, or noise; a value: text of every kind.
const segment = fc.oneof(fc.constantFrom('0', '1', '7', '01', '-1', '__proto__', 'constructor', 'prototype', '', ' ', 'x'), fc.string({maxLength: 8}))
const key = fc.oneof(
  fc.constantFrom(...KEYS),
  fc.tuple(fc.constantFrom(...KEYS), segment).map(([k, s]) => `${k}.${s}`),
  fc.tuple(fc.constantFrom(...KEYS), fc.nat({max: 5})).map(([k, i]) => k.split('.').slice(0, i).join('.')),
  fc.array(segment, {minLength: 1, maxLength: 4}).map((p) => p.join('.')),
)
const value = fc.oneof(
  fc.string({maxLength: 20}),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom('', '-1', 'true', 'false', 'null', '[]', '{}', '{"a":1}', '["/ip4/1.2.3.4/tcp/1"]', '1m30s', '-5s', '/ip4/0.0.0.0/tcp/9096', DEFAULT_SECRET, 'a:b,c:d', '[1', '{"__proto__":{"x":1}}'),
  fc.json({maxDepth: 2}),
)

describe('fuzz: the core never fails with an unexpected error, and a failure changes nothing', function () {
  this.timeout(600_000)
  const dirs = tempDirs('icc-fuzz-')
  let peer: string

  before(async () => {
    peer = join(await dirs.make(), 'peer')
    await createServiceConfig({path: peer, consensus: 'crdt', datastore: 'pebble', secret: DEFAULT_SECRET, peername: 'fuzz', env: {CLUSTER_ID: ED_ID, CLUSTER_PRIVATEKEY: ED_KEY}})
  })

  it(`set: random dotted keys and values (${RUNS} runs)`, async () => {
    const counts = new Map<number, number>()
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(key, value), {minLength: 1, maxLength: 3}), async (pairs) => {
        const before = await files(peer)
        const code = await outcome(() => setServiceConfig({path: peer, pairs}), counts)
        if (code !== 0) expect(await files(peer)).to.deep.equal(before)
        // Whatever was written is still a config the core reads and validates.
        else expect((await validateServiceFolder({path: peer})).valid).to.equal(true)
        expect(({} as Record<string, unknown>).x, 'Object.prototype polluted').to.equal(undefined)
      }),
      {numRuns: RUNS},
    )
    report('set', counts)
  })

  it(`validate and get: random mutations of a valid service.json (${RUNS} runs)`, async () => {
    const dir = join(await dirs.make(), 'v')
    await createServiceConfig({path: dir, consensus: 'crdt', datastore: 'pebble', secret: DEFAULT_SECRET, peername: 'v', env: {CLUSTER_ID: ED_ID, CLUSTER_PRIVATEKEY: ED_KEY}})
    const original = await readFile(join(dir, 'service.json'), 'utf8')
    const mutation = fc.oneof(
      fc.tuple(fc.constant('set'), fc.constantFrom(...KEYS), fc.jsonValue({maxDepth: 2})),
      fc.tuple(fc.constant('delete'), fc.constantFrom(...KEYS), fc.constant(null)),
      fc.tuple(fc.constant('truncate'), fc.nat(), fc.constant(null)),
      fc.tuple(fc.constant('replace'), fc.string({maxLength: 30}), fc.constant(null)),
      // A key renamed (a misspelt section the daemon ignores) or the secret copied elsewhere: get must still hide it.
      fc.tuple(fc.constant('rename'), fc.constantFrom(...KEYS), segment),
      fc.tuple(fc.constant('copy'), fc.constantFrom(...KEYS), fc.constant(null)),
    )
    const counts = new Map<number, number>()
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, {minLength: 1, maxLength: 4}), key, async (mutations, getKey) => {
        let text = original
        for (const [kind, a, b] of mutations) {
          if (kind === 'truncate') text = text.slice(0, (a as number) % (text.length + 1))
          else if (kind === 'replace') text = a as string
          else {
            let config: any
            try {
              config = JSON.parse(text)
            } catch {
              continue
            }
            if (config === null || typeof config !== 'object') continue
            const path = (a as string).split('.')
            let node = config
            for (const p of path.slice(0, -1)) node = node !== null && typeof node === 'object' ? node[p] : undefined
            if (node === null || typeof node !== 'object') continue
            const last = path.at(-1)!
            if (kind === 'delete') delete node[last]
            else if (kind === 'copy') node[last] = DEFAULT_SECRET
            else if (kind === 'rename') {
              if (!Object.hasOwn(node, last)) continue
              const moved = node[last]
              delete node[last]
              Object.defineProperty(node, b as string, {value: moved, enumerable: true, writable: true, configurable: true})
            } else node[last] = b
            text = JSON.stringify(config, null, 2)
          }
        }
        await writeFile(join(dir, 'service.json'), text)
        const before = await files(dir)
        await outcome(async () => {
          const r = await validateServiceFolder({path: dir})
          for (const p of [...r.errors, ...r.warnings]) expect(p.message).to.not.match(/\n\s+at /)
        }, counts)
        // What get shows never holds the secret, wherever the mutations moved it.
        const shown = (r: unknown) => expect(JSON.stringify(r)).to.not.contain(DEFAULT_SECRET)
        await outcome(async () => shown(await getServiceConfig({path: dir, key: getKey})), counts)
        await outcome(async () => shown(await getServiceConfig({path: dir})), counts)
        expect(await files(dir)).to.deep.equal(before)
      }),
      {numRuns: RUNS},
    )
    report('validate/get', counts)
  })

  it(`follower names: a plain folder right below the base, or a usage error (${RUNS} runs)`, async () => {
    const base = await dirs.make()
    const name = fc.oneof(fc.string({maxLength: 12}), fc.constantFrom('', '.', '..', '../x', 'a/b', 'a\\b', '~', '-x', ' ', 'a\0b', '__proto__', 'ok'))
    const counts = new Map<number, number>()
    await fc.assert(
      fc.asyncProperty(name, async (n) => {
        const before = await readdir(base)
        const code = await outcome(() => createFollowConfig({base, name: n, source: 'https://cluster.example.org/s.json', env: {CLUSTER_ID: ED_ID, CLUSTER_PRIVATEKEY: ED_KEY}}), counts)
        const after = await readdir(base)
        if (code === 0) {
          expect(dirname(join(base, n))).to.equal(base)
          expect((await getFollowConfig({base, name: n, key: 'source'})).value).to.equal('https://cluster.example.org/s.json')
          await rm(join(base, n), {recursive: true})
        } else expect(after).to.deep.equal(before)
        await outcome(() => getFollowConfig({base, name: n}), counts)
      }),
      {numRuns: RUNS},
    )
    report('follower names', counts)
  })
})
