import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import {chmod, mkdir, readFile, readdir, stat, utimes, writeFile} from 'node:fs/promises'
import {hostname} from 'node:os'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {ExitCode, UserError} from '../../../src/core/errors.js'
import {ensureDir, exists, parseJsonText, readJsonFile, withFolderLock, writeFilesAtomic} from '../../../src/core/files.js'
import {STALE_MS, setLockTimeout} from '../../../src/core/lock.js'
import {spawnManaged} from '../../support/process.js'
import {caught, defaultServiceJson, expectUserError, tempDirs} from '../helpers.js'

const mode = async (p: string) => (await stat(p)).mode & 0o777
const LOCK = '.ipfs-cluster-config.lock'

/** Another process that takes the folder's lock and keeps it until stopped. */
async function holdLockInChild(dir: string) {
  const lockModule = new URL('../../../src/core/lock.ts', import.meta.url).href
  const script = `const {withFolderLock} = await import(${JSON.stringify(lockModule)}); await withFolderLock(${JSON.stringify(dir)}, async () => { console.log('held'); await new Promise(() => setInterval(() => {}, 1000)) })`
  const child = spawnManaged(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {env: process.env})
  for (let i = 0; i < 200 && !child.log().includes('held'); i++) await sleep(50)
  expect(child.log()).to.contain('held')
  return child
}

describe('core/files', () => {
  const tmp = tempDirs()

  describe('writeFilesAtomic', () => {
    it('writes 0600 files in a new 0700 folder (parents created) and leaves no temp file', async () => {
      const dir = join(await tmp.make(), 'a', 'peer')
      await writeFilesAtomic([
        {path: join(dir, 'service.json'), content: '{\n  "x": 1\n}'},
        {path: join(dir, 'identity.json'), content: '{}'},
        {path: join(dir, 'peerstore'), content: ''},
      ])
      expect(await readFile(join(dir, 'service.json'), 'utf8')).to.equal('{\n  "x": 1\n}')
      expect(await readFile(join(dir, 'peerstore'), 'utf8')).to.equal('')
      expect(await mode(dir)).to.equal(0o700)
      for (const f of ['service.json', 'identity.json', 'peerstore']) expect(await mode(join(dir, f)), f).to.equal(0o600)
      expect((await readdir(dir)).sort()).to.deep.equal(['identity.json', 'peerstore', 'service.json'])
    })

    it('replaces an existing file, with 0600 even if it was 0644', async () => {
      const dir = await tmp.make()
      const f = join(dir, 'service.json')
      await writeFile(f, 'old', {mode: 0o644})
      await writeFilesAtomic([{path: f, content: 'new'}])
      expect(await readFile(f, 'utf8')).to.equal('new')
      expect(await mode(f)).to.equal(0o600)
      expect(await readdir(dir)).to.deep.equal(['service.json'])
    })

    it('honours an explicit mode', async () => {
      const dir = await tmp.make()
      await writeFilesAtomic([{path: join(dir, 'x'), content: 'x', mode: 0o640}])
      expect(await mode(join(dir, 'x'))).to.equal(0o640)
    })

    it('a failure (target path is a directory) leaves the original file untouched and no temp file', async () => {
      const dir = await tmp.make()
      const file = join(dir, 'service.json')
      await writeFile(file, 'original', {mode: 0o600})
      await mkdir(join(dir, 'identity.json'))
      await mkdir(join(dir, 'identity.json', 'child'))
      const error = await caught(() =>
        writeFilesAtomic([
          {path: join(dir, 'identity.json'), content: 'x'},
          {path: file, content: 'replaced'},
        ]),
      )
      expect(error).to.be.instanceOf(Error)
      expect(await readFile(file, 'utf8')).to.equal('original')
      expect((await readdir(dir)).sort()).to.deep.equal(['identity.json', 'service.json'])
    })

    it('all or none: a failing later file does not leave an earlier one replaced', async () => {
      // The documented guarantee ("Writes all files or none"): service.json must not be replaced
      // when identity.json (a directory here) cannot be.
      const dir = await tmp.make()
      const file = join(dir, 'service.json')
      await writeFile(file, 'original', {mode: 0o600})
      await mkdir(join(dir, 'identity.json'))
      await mkdir(join(dir, 'identity.json', 'child'))
      await caught(() =>
        writeFilesAtomic([
          {path: file, content: 'replaced'},
          {path: join(dir, 'identity.json'), content: 'x'},
        ]),
      )
      expect((await readdir(dir)).sort()).to.deep.equal(['identity.json', 'service.json'])
      expect(await readFile(file, 'utf8')).to.equal('original')
    })
  })

  describe('writeFilesAtomic across folders', () => {
    const files = (base: string, n: number) => Array.from({length: n}, (_, i) => ({path: join(base, `peer-${i}`, 'service.json'), content: `peer ${i}`}))

    it('under a held parent (a bundle): 40 folders written at once, each under its own lock, no lock left', async () => {
      const base = await tmp.make()
      await withFolderLock(base, () => writeFilesAtomic(files(base, 40)))
      for (let i = 0; i < 40; i++) {
        expect(await readFile(join(base, `peer-${i}`, 'service.json'), 'utf8')).to.equal(`peer ${i}`)
        expect(await readdir(join(base, `peer-${i}`))).to.deep.equal(['service.json'])
      }
    })

    it('one of them busy in another process: exit 9 naming it, nothing written, the other locks released', async () => {
      const base = await tmp.make()
      await mkdir(join(base, 'peer-2'))
      const holder = await holdLockInChild(join(base, 'peer-2'))
      setLockTimeout(300)
      try {
        const e = await expectUserError(() => withFolderLock(base, () => writeFilesAtomic(files(base, 5))), ExitCode.locked)
        expect(e.message).to.contain(join(base, 'peer-2'))
      } finally {
        setLockTimeout(undefined)
        await holder.stop()
      }
      // The folders the write had created are gone again; the busy one holds only what its holder left.
      expect((await readdir(base)).sort()).to.deep.equal(['peer-2'])
      // And every lock is free: the same write now succeeds.
      await withFolderLock(base, () => writeFilesAtomic(files(base, 5)))
      expect(await readFile(join(base, 'peer-4', 'service.json'), 'utf8')).to.equal('peer 4')
    })

    it('without a held parent: writers naming the same folders in opposite orders never wait for each other', async () => {
      const base = await tmp.make()
      const [a, b] = [join(base, 'a'), join(base, 'b')]
      setLockTimeout(3000)
      try {
        for (let round = 0; round < 10; round++)
          await Promise.all([
            writeFilesAtomic([{path: join(a, 'x'), content: `${round}`}, {path: join(b, 'x'), content: `${round}`}]),
            writeFilesAtomic([{path: join(b, 'y'), content: `${round}`}, {path: join(a, 'y'), content: `${round}`}]),
          ])
      } finally {
        setLockTimeout(undefined)
      }
      for (const f of [join(a, 'x'), join(a, 'y'), join(b, 'x'), join(b, 'y')]) expect(await readFile(f, 'utf8')).to.equal('9')
    })

    it('without a held parent: folders locked one by one in name order, the write all or none', async () => {
      const base = await tmp.make()
      await mkdir(join(base, 'peer-1', 'service.json'), {recursive: true})
      await caught(() => writeFilesAtomic(files(base, 3)))
      expect((await readdir(base)).sort()).to.deep.equal(['peer-1'])
    })
  })

  describe('parseJsonText / readJsonFile', () => {
    it('truncated JSON is exit 4 with the path and "line N column M"', async () => {
      const path = '/peer/service.json'
      const e = await expectUserError(() => parseJsonText('{\n  "cluster": {\n    "peername": ', path), ExitCode.invalid)
      expect(e.message).to.contain(path)
      expect(e.message).to.match(/line 3 column 17\b/)
    })

    it('a truncated default service.json names its last line', async () => {
      const text = (await defaultServiceJson()).slice(0, 1000)
      const lines = text.split('\n')
      const e = await expectUserError(() => parseJsonText(text, '/p/service.json'), 4)
      expect(e.message).to.match(/line \d+ column \d+/)
      const line = Number(/line (\d+)/.exec(e.message)![1])
      expect(line).to.be.within(lines.length - 1, lines.length)
    })

    it('an empty file is invalid at line 1 column 1', async () => {
      const e = await expectUserError(() => parseJsonText('', '/p/service.json'), 4)
      expect(e.message).to.contain('line 1 column 1')
    })

    it('a syntax error in the middle points at its line and column', async () => {
      const e = await expectUserError(() => parseJsonText('{\n  "a": 1\n  "b": 2\n}', '/p/service.json'), 4)
      expect(e.message).to.contain('/p/service.json')
      expect(e.message).to.contain('line 3 column 3')
    })

    it('an unexpected token (e.g. a value left out) points at its line and column too', async () => {
      // `"leave_on_shutdown": },` — V8 reports this one as "Unexpected token" without a position.
      const text = (await defaultServiceJson()).replace('"leave_on_shutdown": false', '"leave_on_shutdown": ')
      const e = await expectUserError(() => parseJsonText(text, '/p/service.json'), 4)
      expect(e.message).to.match(/line 5 column \d+/)
    })

    it('a single-quoted secret is reported by line and column, without quoting the secret', async () => {
      // A hand-edited file with 'single quotes': V8's message would embed a snippet of the file
      // (here the start of the cluster secret) and no position.
      const json = await defaultServiceJson()
      const text = json.replace(/"secret": "([0-9a-f]+)"/, "\"secret\": '$1'")
      const e = await expectUserError(() => parseJsonText(text, '/p/service.json'), 4)
      expect(e.message).to.contain('line 4 column 15')
      expect(e.message).to.not.contain('04408106')
      expect(e.message.split('\n')).to.have.length(1)
    })

    it('valid JSON parses', () => {
      expect(parseJsonText('{"a":[1,null]}', 'x')).to.deep.equal({a: [1, null]})
    })

    it('readJsonFile: a missing file is exit 3 naming it', async () => {
      const p = join(await tmp.make(), 'service.json')
      const e = await expectUserError(() => readJsonFile(p), ExitCode.notFound)
      expect(e.message).to.contain(p)
    })

    it('readJsonFile returns the text and the value', async () => {
      const p = join(await tmp.make(), 'x.json')
      await writeFile(p, '{"a": 1}')
      expect(await readJsonFile(p)).to.deep.equal({text: '{"a": 1}', value: {a: 1}})
    })
  })

  describe('ensureDir / exists', () => {
    it('creates missing folders 0700 and leaves existing ones alone', async () => {
      const base = await tmp.make()
      const d = join(base, 'x', 'y')
      expect(await exists(d)).to.equal(false)
      await ensureDir(d)
      expect(await mode(d)).to.equal(0o700)
      await mkdir(join(base, 'open'))
      await chmod(join(base, 'open'), 0o755)
      await ensureDir(join(base, 'open'))
      expect(await mode(join(base, 'open'))).to.equal(0o755)
    })
  })

  describe('withFolderLock', () => {
    it('serialises 20 concurrent read-modify-write increments: no lost update', async () => {
      const dir = await tmp.make()
      const counter = join(dir, 'counter')
      await writeFile(counter, '0')
      let inside = 0
      let maxInside = 0
      const increment = () =>
        withFolderLock(dir, async () => {
          inside++
          maxInside = Math.max(maxInside, inside)
          const n = Number(await readFile(counter, 'utf8'))
          await sleep(2)
          await writeFile(counter, String(n + 1))
          inside--
          return n
        })
      const results = await Promise.all(Array.from({length: 20}, increment))
      expect(await readFile(counter, 'utf8')).to.equal('20')
      expect(maxInside).to.equal(1)
      expect([...results].sort((a, b) => a - b)).to.deep.equal(Array.from({length: 20}, (_, i) => i))
      expect(await exists(join(dir, LOCK))).to.equal(false)
    })

    it('waiters take the lock in the order they came, not whoever polls first', async () => {
      const dir = await tmp.make()
      const holder = await holdLockInChild(dir)
      const order: number[] = []
      const waiters: Promise<void>[] = []
      for (let i = 0; i < 8; i++) {
        waiters.push(withFolderLock(dir, async () => void order.push(i), 20_000))
        // Each waiter's candidate is named by the millisecond it began to wait: give each its own.
        await sleep(5)
      }
      await sleep(200)
      await holder.stop()
      await Promise.all(waiters)
      expect(order).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7])
    })

    it('a waiter that came first but is gone does not hold up the others', async () => {
      const dir = await tmp.make()
      const dead = spawnSync(process.execPath, ['-e', '0']).pid!
      const me = JSON.parse(await withFolderLock(dir, async () => readFile(join(dir, LOCK), 'utf8')))
      // A candidate that sorts first (time 0), written by a process that has exited, as a killed waiter leaves it.
      await writeFile(join(dir, `${LOCK}.00000000000abcde.tmp`), JSON.stringify({...me, pid: dead, start: '1', token: '00000000000abcde'}))
      const started = Date.now()
      expect(await withFolderLock(dir, async () => 'ran', 5_000)).to.equal('ran')
      expect(Date.now() - started).to.be.lessThan(1_000)
      // A live waiter ahead (another PID namespace, touching its candidate) is waited for, and named in the timeout.
      const foreign = {pid: 7, host: 'other-container', boot: 'x', pidns: 'pid:[1]', procMatches: true, start: '1', token: '00000000001abcde', since: Date.now()}
      await writeFile(join(dir, `${LOCK}.00000000001abcde.tmp`), JSON.stringify(foreign))
      const e = await expectUserError(() => withFolderLock(dir, async () => 'ran', 300), ExitCode.locked)
      expect(e.message).to.contain('1 other waiter came before this one')
    })

    it('takes over a stale lock whose pid is dead', async () => {
      const dir = await tmp.make()
      const dead = spawnSync(process.execPath, ['-e', '0']).pid!
      await writeFile(join(dir, LOCK), String(dead))
      const started = Date.now()
      const value = await withFolderLock(dir, async () => 'ran', 5_000)
      expect(value).to.equal('ran')
      expect(Date.now() - started).to.be.lessThan(2_000)
      expect(await exists(join(dir, LOCK))).to.equal(false)
    })

    it('a live holder in another process: waits, then exit 9 naming its pid; its lock stays', async () => {
      const dir = await tmp.make()
      const holder = await holdLockInChild(dir)
      const started = Date.now()
      const e = await expectUserError(() => withFolderLock(dir, async () => 'ran', 300), ExitCode.locked)
      expect(Date.now() - started).to.be.at.least(300)
      expect(e.message).to.contain(dir).and.contain(`pid ${holder.proc.pid}`)
      expect(e.nextSteps.join(' ')).to.contain('--lock-timeout').and.not.contain('remove')
      expect(JSON.parse(await readFile(join(dir, LOCK), 'utf8')).pid).to.equal(holder.proc.pid)
      await holder.stop()
    })

    it('a holder killed with SIGKILL while holding the lock: the next writer takes over at once', async () => {
      const dir = await tmp.make()
      const holder = await holdLockInChild(dir)
      holder.proc.kill('SIGKILL')
      await holder.exited
      const started = Date.now()
      expect(await withFolderLock(dir, async () => 'ran', 5_000)).to.equal('ran')
      expect(Date.now() - started).to.be.lessThan(1_000)
      expect(await exists(join(dir, LOCK))).to.equal(false)
    })

    for (const [what, content] of [
      ['empty', ''],
      ['garbage', 'not a lock'],
      ['a bare live pid (1, as an entrypoint killed in a container leaves)', '1'],
    ] as const)
      it(`an ${what} lock file is not a live holder: taken over at once`, async () => {
        const dir = await tmp.make()
        await writeFile(join(dir, LOCK), content)
        const started = Date.now()
        expect(await withFolderLock(dir, async () => 'ran', 5_000)).to.equal('ran')
        expect(Date.now() - started).to.be.lessThan(1_000)
      })

    it('a lock taken after a long wait is fresh: observers in other namespaces do not judge it stale at once', async () => {
      const dir = await tmp.make()
      const holder = await holdLockInChild(dir)
      let lockAgeMs = -1
      const waiter = withFolderLock(
        dir,
        async () => {
          lockAgeMs = Date.now() - (await stat(join(dir, LOCK))).mtimeMs
        },
        10_000,
      )
      // The waiter wrote its candidate lock file before waiting; make it look written long ago (a wait past STALE_MS).
      let candidate: string | undefined
      for (let i = 0; i < 100 && !candidate; i++, await sleep(20)) candidate = (await readdir(dir)).find((f) => f.startsWith(`${LOCK}.`) && f.endsWith('.tmp'))
      expect(candidate).to.be.a('string')
      const old = new Date(Date.now() - STALE_MS - 60_000)
      await utimes(join(dir, candidate!), old, old)
      await holder.stop()
      await waiter
      expect(lockAgeMs).to.be.within(0, 2_000)
    })

    it('a holder this process cannot see (another PID namespace): live while its mtime is refreshed, stale after STALE_MS', async () => {
      const dir = await tmp.make()
      const foreign = {pid: 7, host: 'other-container', boot: 'x', pidns: 'pid:[1]', procMatches: true, start: '1', token: 'aaaaaaaaaaaaaaaa', since: Date.now()}
      await writeFile(join(dir, LOCK), JSON.stringify(foreign))
      const e = await expectUserError(() => withFolderLock(dir, async () => 'ran', 200), ExitCode.locked)
      expect(e.message).to.contain('pid 7 on host other-container')
      const old = new Date(Date.now() - STALE_MS - 1_000)
      await utimes(join(dir, LOCK), old, old)
      expect(await withFolderLock(dir, async () => 'ran', 200)).to.equal('ran')
    })

    it('refreshes its lock mtime while fn runs, for holders that cannot be checked in /proc', async function () {
      this.timeout(10_000)
      const dir = await tmp.make()
      const mtimes = await withFolderLock(dir, async () => {
        const first = (await stat(join(dir, LOCK))).mtimeMs
        await sleep(2_300)
        return [first, (await stat(join(dir, LOCK))).mtimeMs]
      })
      expect(mtimes[1]).to.be.greaterThan(mtimes[0])
    })

    it('removes what killed writes left (temp files, backups, old lock candidates), keeps a live waiter\'s candidate', async () => {
      const dir = await tmp.make()
      const leftovers = ['.service.json.0123456789ab.tmp', '.service.json.0123456789ab.bak', '.identity.json.ba9876543210.tmp', `${LOCK}.00112233445566ff.tmp`]
      for (const f of leftovers) await writeFile(join(dir, f), 'old secret')
      const old = new Date(Date.now() - 120_000)
      await utimes(join(dir, `${LOCK}.00112233445566ff.tmp`), old, old)
      await writeFile(join(dir, `${LOCK}.ffeeddccbbaa9988.tmp`), '{}')
      await writeFile(join(dir, 'service.json'), '{}')
      await withFolderLock(dir, async () => undefined)
      expect((await readdir(dir)).sort()).to.deep.equal([`${LOCK}.ffeeddccbbaa9988.tmp`, 'service.json'])
    })

    it('is reentrant: a nested lock on a folder this context holds just runs', async () => {
      const dir = await tmp.make()
      expect(await withFolderLock(dir, () => withFolderLock(dir, async () => 'inner', 100))).to.equal('inner')
    })

    it('a folder that is a file, or one without write permission, is exit 10 naming it', async () => {
      const base = await tmp.make()
      await writeFile(join(base, 'file'), 'x')
      const e = await expectUserError(() => withFolderLock(join(base, 'file'), async () => 1), ExitCode.fileAccess)
      expect(e.message).to.equal(`${join(base, 'file')} is a file, not a folder`)
      const e2 = await expectUserError(() => withFolderLock(join(base, 'file', 'sub'), async () => 1), ExitCode.fileAccess)
      expect(e2.message).to.equal(`${join(base, 'file')} is a file, not a folder`)
    })

    it('releases the lock when fn throws, and rethrows', async () => {
      const dir = await tmp.make()
      const e = await caught(() =>
        withFolderLock(dir, async () => {
          throw new Error('boom')
        }),
      )
      expect(e.message).to.equal('boom')
      expect(await exists(join(dir, LOCK))).to.equal(false)
      expect(await withFolderLock(dir, async () => 1)).to.equal(1)
    })

    it('a failed fn removes the folder it had to create (and created parents), a successful one keeps it', async () => {
      const base = await tmp.make()
      const dir = join(base, 'a', 'b')
      await caught(() =>
        withFolderLock(dir, async () => {
          await writeFile(join(dir, 'partial'), 'x')
          throw new Error('boom')
        }),
      )
      expect(await readdir(base)).to.deep.equal([])
      await withFolderLock(dir, async () => writeFile(join(dir, 'kept'), 'x'))
      expect(await readdir(dir)).to.deep.equal(['kept'])
    })

    it('a failed fn never removes an existing folder', async () => {
      const dir = await tmp.make()
      await writeFile(join(dir, 'service.json'), 'x')
      await caught(() =>
        withFolderLock(dir, async () => {
          throw new Error('boom')
        }),
      )
      expect(await readdir(dir)).to.deep.equal(['service.json'])
    })

    it('a waiter is not hurt when the holder that created the folder fails', async () => {
      // A creates the folder and fails; B, queued on the lock meanwhile, must still run and keep its file.
      const dir = join(await tmp.make(), 'new')
      const a = withFolderLock(dir, async () => {
        await sleep(100)
        throw new Error('A fails')
      })
      await sleep(20)
      const b = withFolderLock(dir, async () => {
        await writeFile(join(dir, 'b'), 'written by B')
        return 'B ok'
      })
      const [ra, rb] = await Promise.allSettled([a, b])
      expect(ra.status).to.equal('rejected')
      expect(rb.status, rb.status === 'rejected' ? String(rb.reason) : '').to.equal('fulfilled')
      expect(await readFile(join(dir, 'b'), 'utf8')).to.equal('written by B')
    })

    it('holds the lock file with our pid, host and start time while fn runs', async () => {
      const dir = await tmp.make()
      const owner = JSON.parse(await withFolderLock(dir, () => readFile(join(dir, LOCK), 'utf8')))
      expect(owner).to.include({pid: process.pid, host: hostname()})
      expect(owner.start).to.be.a('string')
    })
  })
})
