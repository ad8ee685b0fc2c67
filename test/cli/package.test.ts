// The package as users get it: `npm pack`, installed globally into a fresh prefix (production
// dependencies only), runs every command from another folder.
import {expect} from 'chai'
import {execFile} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {promisify} from 'node:util'

import {cleanEnv, repoRoot} from '../support/cli.js'
import {SECRET, tempDir} from './helpers.js'

const exec = promisify(execFile)

describe('installable package (npm pack, global install in a fresh prefix)', function () {
  this.timeout(300_000)
  let bin: string
  let work: string
  let prefix: string
  const run = async (args: string[], env: Record<string, string | undefined> = {}) => {
    try {
      const r = await exec(bin, args, {cwd: work, env: cleanEnv({HOME: work, ...env})})
      return {code: 0, stdout: r.stdout, stderr: r.stderr}
    } catch (error) {
      const e = error as {code: number; stdout: string; stderr: string}
      return {code: e.code, stdout: e.stdout, stderr: e.stderr}
    }
  }

  before(async () => {
    const root = await tempDir()
    prefix = join(root, 'prefix')
    work = join(root, 'elsewhere')
    await exec('mkdir', ['-p', work])
    const npmEnv = cleanEnv({npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false'})
    const {stdout} = await exec('npm', ['pack', '--json', '--pack-destination', root], {cwd: repoRoot, env: npmEnv})
    const [packed] = JSON.parse(stdout) as [{filename: string; files: {path: string}[]}]
    const files = packed.files.map((f) => f.path)
    expect(files).to.include.members(['bin/run.js', 'oclif.manifest.json', 'dist/core/validators.generated.vm.js', 'dist/fast/service.config.get.cjs', 'bin/package.json', 'package.json', 'README.md'])
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/'))).to.equal(false)
    // The registry's packages, from npm's cache when it has them.
    await exec('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', join(root, packed.filename)], {cwd: root, env: npmEnv})
    bin = join(prefix, 'bin', 'ipfs-cluster-config')
  })

  it('installs no dev dependency', () => {
    const installed = join(prefix, 'lib', 'node_modules', 'ipfs-cluster-config')
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'))
    for (const dev of Object.keys(pkg.devDependencies)) {
      expect(() => readFileSync(join(installed, 'node_modules', dev, 'package.json')), dev).to.throw()
    }
  })

  it('every command answers --help from another folder', async () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'oclif.manifest.json'), 'utf8'))
    const ids = Object.keys(manifest.commands)
    expect(ids.length).to.be.greaterThan(15)
    for (const id of ids) {
      const r = await run([...id.split(':'), '--help'])
      expect(r.code, `${id}: ${r.stderr}`).to.equal(0)
      expect(r.stdout, id).to.contain('USAGE')
    }
  })

  it('the config commands work from another folder', async () => {
    const peer = join(work, 'peer')
    const base = join(work, 'followers')
    const steps: [string[], number, RegExp?][] = [
      [['service', 'config', 'create', '--path', peer, '--peername', 'pkg', '--secret', SECRET], 0, /configuration written to/],
      [['service', 'config', 'get', 'cluster.peername', '--path', peer], 0, /^pkg\n$/],
      [['service', 'config', 'set', 'cluster.replication_factor_min', '2', 'cluster.replication_factor_max', '3', '--path', peer], 0],
      [['service', 'config', 'unset', 'cluster.replication_factor_min', 'cluster.replication_factor_max', '--path', peer], 0],
      [['service', 'config', 'validate', '--path', peer, '--strict'], 0, /^valid:/],
      [['service', 'config', 'diff', '--path', peer, '--against', peer], 0],
      [['service', 'config', 'export-follow', '--path', peer, '--output', join(work, 'f.json')], 0],
      [['identity', 'show', '--path', peer], 0],
      [['identity', 'create', '--format', 'env'], 0, /^CLUSTER_ID=/],
      [['follow', 'config', 'create', 'f', '--path', base, '--source', 'https://example.org/f.json'], 0],
      [['follow', 'config', 'list', '--path', base], 0, /^NAME/],
      [['status', '--path', peer], 6],
    ]
    for (const [args, code, out] of steps) {
      const r = await run(args)
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).to.equal(code)
      if (out) expect(r.stdout, args.join(' ')).to.match(out)
    }
  })
})
