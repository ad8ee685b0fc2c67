// The write path seen from a script: file system problems are one line naming the path (exit 10),
// a busy folder is exit 9 after --lock-timeout naming the holder, and every failure under --json is
// the error document. Each failure leaves every file as it was.
import {expect} from 'chai'
import {chmod, mkdir, readFile, readdir, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {jsonOut, runCli} from '../../support/cli.js'
import {spawnManaged} from '../../support/process.js'
import {SECRET, snapshot, tempDir} from '../helpers.js'

const LOCK = '.ipfs-cluster-config.lock'
const NOBODY = 65534

async function createPeer(dir: string): Promise<void> {
  const r = await runCli(['service', 'config', 'create', '--path', dir, '--secret', SECRET, '--peername', 'p0'])
  expect(r.code, r.stderr).to.equal(0)
}

/** Another process holding the folder's lock (the built core, as a second CLI would) until stopped. */
async function holdLock(dir: string) {
  const lockModule = new URL('../../../dist/core/lock.js', import.meta.url).href
  const script = `const {withFolderLock} = await import(${JSON.stringify(lockModule)}); await withFolderLock(${JSON.stringify(dir)}, async () => { console.log('held'); await new Promise(() => setInterval(() => {}, 1000)) })`
  const child = spawnManaged(process.execPath, ['--input-type=module', '-e', script], {env: process.env})
  for (let i = 0; i < 200 && !child.log().includes('held'); i++) await sleep(25)
  expect(child.log()).to.contain('held')
  return child
}

function oneErrorLine(stderr: string): string {
  const lines = stderr.trim().split('\n').filter((l) => !l.startsWith('  try: '))
  expect(lines, stderr).to.have.length(1)
  expect(stderr).to.not.match(/errno|ENOTDIR|EACCES|EPERM|EISDIR|\n\s+at /)
  return lines[0]
}

describe('the write path: file system errors and the folder lock (CLI)', () => {
  describe('a path that is the wrong kind of thing', () => {
    let base: string
    let file: string
    beforeEach(async () => {
      base = tempDir()
      file = join(base, 'a-file')
      await writeFile(file, 'not a folder')
    })

    for (const args of [
      ['service', 'config', 'create', '--secret', SECRET],
      ['service', 'config', 'set', 'cluster.peername', 'x'],
      ['service', 'config', 'get'],
      ['service', 'config', 'validate'],
    ])
      it(`${args.slice(0, 3).join(' ')} --path <a file>: exit 10 "is a file, not a folder", with and without --json`, async () => {
        const r = await runCli([...args, '--path', file])
        expect(r.code, r.stderr).to.equal(10)
        expect(oneErrorLine(r.stderr)).to.equal(`Error: ${file} is a file, not a folder`)
        const j = await runCli([...args, '--path', file, '--json'])
        expect(j.code).to.equal(10)
        expect(jsonOut(j).error).to.include({name: 'UserError', exit: 10, message: `${file} is a file, not a folder`})
        expect(await readFile(file, 'utf8')).to.equal('not a folder')
      })

    it('create --force over a service.json that is a folder: exit 10 naming it, nothing written', async () => {
      const dir = join(base, 'peer')
      await createPeer(dir)
      await rm(join(dir, 'service.json'))
      await mkdir(join(dir, 'service.json'))
      const before = await snapshot(dir)
      const r = await runCli(['service', 'config', 'create', '--force', '--path', dir, '--secret', SECRET])
      expect(r.code, r.stderr).to.equal(10)
      expect(oneErrorLine(r.stderr)).to.equal(`Error: ${join(dir, 'service.json')} is a folder, not a file`)
      expect(await snapshot(dir)).to.deep.equal(before)
    })
  })

  describe('permission denied (run as uid 65534 on root\'s folders)', function () {
    before(function () {
      if (process.getuid?.() !== 0) this.skip() // needs root to run the CLI as another user; CI runs as root
    })
    let dir: string
    beforeEach(async () => {
      const base = tempDir()
      await chmod(base, 0o755)
      dir = join(base, 'peer')
      await createPeer(dir)
    })

    it('get in a 0700 folder owned by root: exit 10 "permission denied" naming the file, not "not initialised"', async () => {
      const r = await runCli(['service', 'config', 'get', '--path', dir], {asUid: NOBODY, env: {HOME: tempDir()}})
      expect(r.code, r.stderr).to.equal(10)
      expect(oneErrorLine(r.stderr)).to.equal(`Error: permission denied: cannot read ${join(dir, 'service.json')} (running as uid ${NOBODY})`)
      expect(r.stderr).to.not.contain('initialised')
    })

    it('set in a folder this user can read but not write: exit 10 naming the folder, files unchanged', async () => {
      await chmod(dir, 0o755)
      await chmod(join(dir, 'service.json'), 0o644)
      const before = await snapshot(dir)
      const r = await runCli(['service', 'config', 'set', '--path', dir, 'cluster.peername', 'x', '--json'], {asUid: NOBODY, env: {HOME: tempDir()}})
      expect(r.code, r.stderr).to.equal(10)
      expect(jsonOut(r).error.message).to.equal(`permission denied: cannot write in ${dir} (running as uid ${NOBODY})`)
      expect(await snapshot(dir)).to.deep.equal(before)
    })
  })

  describe('the folder lock', () => {
    let dir: string
    beforeEach(async () => {
      dir = join(tempDir(), 'peer')
      await createPeer(dir)
    })

    it('a live holder: set waits --lock-timeout, then exit 9 naming the holder\'s pid (flag, env twin, --json)', async () => {
      const holder = await holdLock(dir)
      // The holder refreshes its lock's mtime: compare the config files.
      const files = async () => {
        const s = await snapshot(dir)
        delete s[LOCK]
        return s
      }
      const before = await files()
      const r = await runCli(['service', 'config', 'set', '--path', dir, '--lock-timeout', '300ms', 'cluster.peername', 'x'])
      expect(r.code, r.stderr).to.equal(9)
      const line = oneErrorLine(r.stderr)
      expect(line).to.contain(`${dir} is busy: ipfs-cluster-config pid ${holder.proc.pid}`).and.contain('gave up after 0.3s')
      expect(r.stderr).to.contain('--lock-timeout').and.not.contain('remove')
      const e = await runCli(['service', 'config', 'set', '--path', dir, 'cluster.peername', 'x', '--json'], {env: {IPFS_CLUSTER_CONFIG_LOCK_TIMEOUT: '0s'}})
      expect(e.code).to.equal(9)
      expect(jsonOut(e).error).to.include({exit: 9})
      expect(jsonOut(e).error.details.holder.pid).to.equal(holder.proc.pid)
      const c = await runCli(['service', 'config', 'create', '--force', '--path', dir, '--secret', SECRET, '--lock-timeout', '0s']) // the fast path too
      expect(c.code, c.stderr).to.equal(9)
      expect(await files()).to.deep.equal(before)
      await holder.stop()
      expect((await runCli(['service', 'config', 'set', '--path', dir, '--lock-timeout', '0s', 'cluster.peername', 'x'])).code).to.equal(0)
    })

    it('a holder killed with SIGKILL, or a lock file holding only "1": the next set runs at once', async () => {
      const holder = await holdLock(dir)
      holder.proc.kill('SIGKILL')
      await holder.exited
      const r = await runCli(['service', 'config', 'set', '--path', dir, '--lock-timeout', '0s', 'cluster.peername', 'after-kill'])
      expect(r.code, r.stderr).to.equal(0)
      await writeFile(join(dir, LOCK), '1')
      const r2 = await runCli(['service', 'config', 'set', '--path', dir, '--lock-timeout', '0s', 'cluster.peername', 'after-pid-1'])
      expect(r2.code, r2.stderr).to.equal(0)
      expect(JSON.parse(await readFile(join(dir, 'service.json'), 'utf8')).cluster.peername).to.equal('after-pid-1')
    })

    it('--lock-timeout that is not a duration is a usage error', async () => {
      const r = await runCli(['service', 'config', 'set', '--path', dir, '--lock-timeout', 'soon', 'cluster.peername', 'x'])
      expect(r.code).to.equal(2)
      expect(r.stderr).to.contain('--lock-timeout: "soon" is not a duration')
    })
  })

  it('a follower NAME with a control character is a usage error; no folder is created', async () => {
    const base = tempDir()
    const r = await runCli(['follow', 'config', 'create', 'bad\nname', '--path', base, '--source', 'http://127.0.0.1:1/service.json'])
    expect(r.code, r.stderr).to.equal(2)
    expect(r.stderr).to.contain('must not contain control characters')
    expect(await readdir(base)).to.deep.equal([])
  })
})
