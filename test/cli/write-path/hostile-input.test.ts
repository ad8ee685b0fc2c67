// Hostile or unusual input on the write path: prototype keys, deep nesting, secrets in bad values,
// symbolic links, foreign owners, open folder modes, a running daemon. Each refusal is one line with
// its documented exit code and leaves every file as it was.
import {expect} from 'chai'
import {chown, chmod, lstat, mkdir, readFile, readlink, stat, symlink, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {jsonOut, runCli} from '../../support/cli.js'
import {resultText, startMcp} from '../../support/mcp.js'
import {spawnManaged} from '../../support/process.js'
import {SECRET, snapshot, tempDir} from '../helpers.js'

const NOBODY = 65534

async function createPeer(dir: string, extra: string[] = []): Promise<void> {
  const r = await runCli(['service', 'config', 'create', '--path', dir, '--secret', SECRET, '--peername', 'p0', ...extra])
  expect(r.code, r.stderr).to.equal(0)
}

const noTrace = (s: string) => expect(s).to.not.match(/\n\s+at |RangeError|Maximum call stack|errno/)

describe('the write path: hostile input (CLI and MCP)', () => {
  let dir: string
  beforeEach(async () => {
    dir = join(tempDir(), 'peer')
    await createPeer(dir)
  })

  describe('prototype keys', () => {
    it('create --custom with __proto__ (or constructor / prototype anywhere) is exit 2 and writes nothing', async () => {
      const fresh = join(tempDir(), 'new')
      for (const custom of ['{"__proto__":{"polluted":"yes"}}', '{"api":{"restapi":{"constructor":{"x":1}}}}', '{"cluster":{"prototype":1}}']) {
        const r = await runCli(['service', 'config', 'create', '--path', fresh, '--secret', SECRET, '--custom', custom])
        expect(r.code, r.stderr).to.equal(2)
        expect(r.stderr).to.match(/--custom: the key "[a-z.]*(__proto__|constructor|prototype)" is not allowed/)
        expect(r.stderr).to.not.contain('must be array') // what a polluted Object.prototype used to cause
      }
      expect(await snapshot(fresh)).to.deep.equal({})
    })

    it('set with a prototype key, or a JSON value holding one, is refused; service.json unchanged', async () => {
      const before = await snapshot(dir)
      const key = await runCli(['service', 'config', 'set', '--path', dir, 'constructor.prototype.x', 'y'])
      expect(key.code, key.stderr).to.equal(2)
      expect(key.stderr).to.contain('"constructor.prototype.x" is not a valid key')
      const value = await runCli(['service', 'config', 'set', '--path', dir, 'api.restapi.headers', '{"__proto__":{"x":["y"]}}'])
      expect(value.code, value.stderr).to.equal(4)
      expect(value.stderr).to.contain('api.restapi.headers: the key "__proto__" is not allowed')
      expect(await snapshot(dir)).to.deep.equal(before)
    })

    it('MCP: custom_settings / config_updates with __proto__ are usage errors, and the server keeps answering', async () => {
      const mcp = await startMcp(tempDir())
      try {
        const fresh = join(tempDir(), 'mcp-peer')
        const bad = await mcp.call('cluster_service_config_create', {cluster_path: fresh, secret: SECRET, custom_settings: JSON.parse('{"__proto__": {"show_secrets": true}}')})
        expect(bad.isError).to.equal(true)
        expect(bad.structuredContent.error.exit).to.equal(2)
        expect(resultText(bad)).to.contain('"custom_settings.__proto__" is not allowed')
        const upd = await mcp.call('cluster_service_config_set', {cluster_path: dir, config_updates: JSON.parse('{"__proto__": {"cluster.peername": "x"}}')})
        expect(upd.structuredContent.error.exit).to.equal(2)
        // Still answering, and no show_secrets leaked into later calls.
        // (The cluster section: one secret key asked by name without show_secrets is refused outright.)
        const got = await mcp.ok('cluster_service_config_get', {cluster_path: dir, key: 'cluster'})
        expect(resultText(got)).to.not.contain(SECRET)
        expect(JSON.stringify(got.structuredContent)).to.not.contain(SECRET)
        expect(await snapshot(fresh)).to.deep.equal({})
      } finally {
        await mcp.close()
      }
    })
  })

  describe('deep nesting', () => {
    it('a 20,000-level service.json: get/set/validate exit 4 naming the file, no stack trace (also under --json)', async () => {
      const file = join(dir, 'service.json')
      await writeFile(file, '{"cluster":' + '['.repeat(20_000) + ']'.repeat(20_000) + '}')
      for (const args of [['get'], ['set', 'cluster.peername', 'x'], ['validate']]) {
        const r = await runCli(['service', 'config', ...args, '--path', dir])
        expect(r.code, `${args[0]}: ${r.stderr}`).to.equal(4)
        expect(r.stderr).to.contain(file).and.contain('is nested deeper than 64 levels')
        noTrace(r.stderr)
      }
      const j = await runCli(['service', 'config', 'get', '--path', dir, '--json'])
      expect(jsonOut(j).error).to.include({name: 'UserError', exit: 4})
    })

    it('a 60,000-deep --custom (valid or cut short) is exit 2, nothing written', async () => {
      const fresh = join(tempDir(), 'new')
      for (const custom of ['{"cluster":' + '['.repeat(60_000) + ']'.repeat(60_000) + '}', '['.repeat(60_000)]) {
        const r = await runCli(['service', 'config', 'create', '--path', fresh, '--secret', SECRET, '--custom', custom, '--json'])
        expect(r.code, r.stdout).to.equal(2)
        expect(jsonOut(r).error.message).to.contain('nested deeper than 64 levels')
      }
      expect(await snapshot(fresh)).to.deep.equal({})
    })
  })

  it('a bad value for a secret key is never quoted in the error (CLI, like MCP)', async () => {
    for (const [key, value] of [
      ['api.restapi.basic_auth_credentials', '{"admin":"pw-bad'],
      ['api.restapi.basic_auth_credentials', 'admin-pw-bad-no-colon'],
      ['api.restapi.basic_auth_credentials', '["pw-bad-list"'],
      ['cluster.secret', 'pw-bad-not-hex'],
    ]) {
      const r = await runCli(['service', 'config', 'set', '--path', dir, key, value])
      expect(r.code, r.stderr).to.be.oneOf([2, 4])
      expect(r.stderr, key).to.contain(key)
      expect(r.stderr + r.stdout).to.not.contain('pw-bad')
    }
    const custom = await runCli(['service', 'config', 'create', '--force', '--path', dir, '--secret', SECRET, '--custom', `{"cluster":{"secret":"${SECRET.slice(0, 10)}`])
    expect(custom.code).to.equal(2)
    expect(custom.stderr).to.not.contain(SECRET.slice(0, 10))
  })

  describe('symbolic links (refused inside the config folder, followed for reading)', () => {
    it('a service.json that is a link: set exit 10, the link and its target unchanged; get reads through it', async () => {
      const real = join(tempDir(), 'real-service.json')
      await writeFile(real, await readFile(join(dir, 'service.json')))
      const {rm} = await import('node:fs/promises')
      await rm(join(dir, 'service.json'))
      await symlink(real, join(dir, 'service.json'))
      const r = await runCli(['service', 'config', 'set', '--path', dir, 'cluster.peername', 'x'])
      expect(r.code, r.stderr).to.equal(10)
      expect(r.stderr).to.contain(`${join(dir, 'service.json')} is a symbolic link`)
      expect((await lstat(join(dir, 'service.json'))).isSymbolicLink()).to.equal(true)
      expect(await readlink(join(dir, 'service.json'))).to.equal(real)
      expect(JSON.parse(await readFile(real, 'utf8')).cluster.peername).to.equal('p0')
      const g = await runCli(['service', 'config', 'get', 'cluster.peername', '--path', dir])
      expect(g.stdout.trim()).to.equal('p0')
    })

    it('a follower NAME that links outside the base: follow config set and create exit 10, nothing written outside', async () => {
      const base = tempDir()
      const outside = tempDir()
      const c = await runCli(['follow', 'config', 'create', 'real', '--path', outside, '--source', 'http://127.0.0.1:1/service.json'])
      expect(c.code, c.stderr).to.equal(0)
      await symlink(join(outside, 'real'), join(base, 'linked'))
      const before = await snapshot(join(outside, 'real'))
      const s = await runCli(['follow', 'config', 'set', 'linked', 'source', 'http://127.0.0.1:2/x.json', '--path', base])
      expect(s.code, s.stderr).to.equal(10)
      expect(s.stderr).to.contain(`${join(base, 'linked')} is a symbolic link`)
      const f = await runCli(['follow', 'config', 'create', 'linked', '--force', '--path', base, '--source', 'http://127.0.0.1:2/x.json'])
      expect(f.code, f.stderr).to.equal(10)
      expect(await snapshot(join(outside, 'real'))).to.deep.equal(before)
    })
  })

  describe('owners and folder modes', function () {
    it('as root, set keeps service.json\'s owner and group; a new file in a user\'s folder gets the folder\'s owner', async function () {
      if (process.getuid?.() !== 0) this.skip() // chown needs root; CI runs as root
      await chown(dir, NOBODY, NOBODY)
      await chown(join(dir, 'service.json'), NOBODY, NOBODY)
      const r = await runCli(['service', 'config', 'set', '--path', dir, 'cluster.peername', 'x'])
      expect(r.code, r.stderr).to.equal(0)
      const st = await stat(join(dir, 'service.json'))
      expect([st.uid, st.gid, st.mode & 0o777]).to.deep.equal([NOBODY, NOBODY, 0o600])
      const userDir = join(tempDir(), 'user-peer')
      await mkdir(userDir, {mode: 0o700})
      await chown(userDir, NOBODY, NOBODY)
      await createPeer(userDir)
      for (const f of ['service.json', 'identity.json', 'peerstore']) expect((await stat(join(userDir, f))).uid, f).to.equal(NOBODY)
    })

    it('create into an existing 0755 / 0777 folder warns and leaves the mode as it was', async () => {
      for (const mode of [0o755, 0o777]) {
        const open = join(tempDir(), `open-${mode.toString(8)}`)
        await mkdir(open)
        await chmod(open, mode)
        const r = await runCli(['service', 'config', 'create', '--path', open, '--secret', SECRET])
        expect(r.code, r.stderr).to.equal(0)
        expect(r.stderr).to.contain(`warning: ${open}: is mode 0${mode.toString(8)}: other users can ${mode === 0o777 ? 'replace its files' : 'list it'}`)
        expect((await stat(open)).mode & 0o777).to.equal(mode)
      }
    })
  })

  it('set on a peer whose daemon holds cluster.lock says the change applies at its next restart', async () => {
    await writeFile(join(dir, 'cluster.lock'), '')
    // flock(1) without forking: the pid holding the lock is the one we stop (the daemon takes it with fcntl; both show in /proc/locks).
    const holder = spawnManaged('flock', ['--no-fork', join(dir, 'cluster.lock'), 'sleep', '60'], {env: process.env})
    await sleep(300)
    const r = await runCli(['service', 'config', 'set', '--path', dir, 'cluster.peername', 'while-running', '--json'])
    expect(r.code, r.stderr).to.equal(0)
    expect(jsonOut(r).runningDaemon).to.deep.equal({pid: holder.proc.pid, evidence: 'cluster.lock'})
    const t = await runCli(['service', 'config', 'set', '--path', dir, 'cluster.peername', 'again'])
    expect(t.stderr).to.contain(`the peer's daemon is running (pid ${holder.proc.pid}): the change applies at its next restart`)
    await holder.stop()
    const after = await runCli(['service', 'config', 'set', '--path', dir, 'cluster.peername', 'stopped', '--json'])
    expect(jsonOut(after).runningDaemon).to.equal(null)
  })
})
