// bin/run.js answers every command that has a handler without oclif when the arguments are plain
// (src/cli/fast.ts). The same command line through oclif must print the same bytes and exit
// with the same code.
import {expect} from 'chai'
import {spawn} from 'node:child_process'
import {readdirSync} from 'node:fs'
import {join} from 'node:path'

import {type CliResult, cleanEnv, repoRoot, runCli} from '../support/cli.js'
import {SECRET, tempDir} from './helpers.js'

function runThroughOclif(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const script = `const {execute} = await import('@oclif/core'); await execute({dir: ${JSON.stringify(repoRoot)}, args: ${JSON.stringify(args)}})`
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {cwd: repoRoot, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (code) => resolve({code, stdout, stderr}))
  })
}

describe('fast path (bin/run.js without oclif) matches oclif', () => {
  let dir: string
  before(async () => {
    dir = join(await tempDir(), 'p')
    expect((await runCli(['service', 'config', 'create', '--path', dir, '--secret', SECRET, '--peername', 'fast', '--random-ports'])).code).to.equal(0)
    expect((await runCli(['follow', 'config', 'create', 'f', '--path', join(dir, 'followers'), '--source', 'https://example.org/f.json'])).code).to.equal(0)
  })

  const cases: [string, (d: string) => string[], Record<string, string>?][] = [
    ['get a scalar', (d) => ['service', 'config', 'get', 'cluster.peername', '--path', d]],
    ['get a list', (d) => ['service', 'config', 'get', 'cluster.listen_multiaddress', '-c', d]],
    ['get the secret without --show-secrets (exit 2)', (d) => ['service', 'config', 'get', 'cluster.secret', `--path=${d}`]],
    ['get a section, the secret redacted', (d) => ['service', 'config', 'get', 'cluster', `--path=${d}`]],
    ['get a list entry by index', (d) => ['service', 'config', 'get', 'cluster.listen_multiaddress.1', `--path=${d}`]],
    ['get a known key that is absent (exit 3)', (d) => ['service', 'config', 'get', 'consensus.raft', `--path=${d}`]],
    ['get with an empty --path (exit 2)', () => ['service', 'config', 'get', '--path', '']],
    ['get with a ~/ path', () => ['service', 'config', 'get', '--path', '~/nothing-here']],
    ['create with an empty secret file (exit 2)', (d) => ['service', 'config', 'create', '--path', join(d, 'n'), '--secret-file', '/dev/null']],
    ['create --exist-ok --force (exit 2)', (d) => ['service', 'config', 'create', '--path', d, '--exist-ok', '--force']],
    ['create --force keeps the secret (dry run)', (d) => ['service', 'config', 'create', '--path', d, '--force', '--dry-run', '--show-secrets', '--json']],
    ['get everything as JSON', (d) => ['service', 'config', 'get', '--path', d, '--json']],
    ['get with the path from IPFS_CLUSTER_PATH', () => ['service', 'config', 'get', 'cluster.peername'], {}],
    ['get an unknown key (exit 8)', (d) => ['service', 'config', 'get', 'cluster.peernam', '--path', d]],
    ['get an unknown key under --json', (d) => ['service', 'config', 'get', 'nope', '--path', d, '--json']],
    ['get in a missing folder (exit 3)', (d) => ['service', 'config', 'get', '--path', join(d, 'missing')]],
    ['create over an existing config (exit 5)', (d) => ['service', 'config', 'create', '--path', d]],
    ['create --exist-ok --json', (d) => ['service', 'config', 'create', '--path', d, '--exist-ok', '--json']],
    ['create with an invalid --set (exit 4)', (d) => ['service', 'config', 'create', '--path', join(d, 'new'), '--set', 'cluster.secret=zz']],
    ['unset several keys, a dry run', (d) => ['service', 'config', 'unset', 'cluster.peername', 'api.pinsvcapi', 'cluster.follower_mode', '--path', d, '--dry-run']],
    ['unset an unknown key under --json (exit 8)', (d) => ['service', 'config', 'unset', 'cluster.peernam', '--path', d, '--json']],
    ['validate --strict', (d) => ['service', 'config', 'validate', '--path', d, '--strict']],
    ['validate with a CLUSTER_* override', (d) => ['service', 'config', 'validate', '--path', d, '--json'], {CLUSTER_PEERNAME: 'other'}],
    ['diff against the defaults (exit 1)', (d) => ['service', 'config', 'diff', '--path', d]],
    ['identity show --json', (d) => ['identity', 'show', '--path', d, '--json']],
    ['follow config get', (d) => ['follow', 'config', 'get', 'f', 'source', '--path', join(d, 'followers')]],
    ['follow config list', (d) => ['follow', 'config', 'list', '--path', join(d, 'followers')]],
    ['status of a stopped peer (exit 6)', (d) => ['status', '--path', d, '--json']],
    ['status with a bad --timeout, even without --wait (exit 2)', (d) => ['status', '--path', d, '--timeout', '5x']],
    ['set several keys, a dry run', (d) => ['service', 'config', 'set', 'cluster.replication_factor_min', '3', 'cluster.replication_factor_max', '3', '--path', d, '--dry-run']],
    ['set --add to a list, a dry run', (d) => ['service', 'config', 'set', '--add', 'cluster.peer_addresses', '/dns4/a.example/tcp/9096/p2p/12D3KooWQiK1sYbGNnD9XtWF1sP95cawwwNy3d2WUwtP71McwUfZ', '--path', d, '--dry-run']],
    ['set --remove of an element not there', (d) => ['service', 'config', 'set', '--remove', 'consensus.crdt.trusted_peers', '12D3KooWQiK1sYbGNnD9XtWF1sP95cawwwNy3d2WUwtP71McwUfZ', '--path', d, '--json']],
    ['set --value-file of a missing file (exit 2)', (d) => ['service', 'config', 'set', '--value-file', 'cluster.peername', join(d, 'missing'), '--path', d]],
    ['get --raw of a list', (d) => ['service', 'config', 'get', 'cluster.listen_multiaddress', '--raw', '--path', d]],
    ['get --raw --json (exit 2)', (d) => ['service', 'config', 'get', 'cluster.peername', '--raw', '--json', '--path', d]],
    ['set a key given twice (exit 2)', (d) => ['service', 'config', 'set', 'cluster.peername', 'a', 'cluster.peername', 'b', '--path', d]],
    ['set an invalid value under --json (exit 4)', (d) => ['service', 'config', 'set', 'cluster.secret', 'zz', '--path', d, '--json']],
    ['follow config set in source mode, a dry run', (d) => ['follow', 'config', 'set', 'f', 'source', 'https://example.org/g.json', '--path', join(d, 'followers'), '--dry-run', '--json']],
    ['export-follow to stdout', (d) => ['service', 'config', 'export-follow', '--path', d]],
    ['stop a peer that is not running', (d) => ['stop', '--path', d]],
    ['cluster check --offline of one folder', (d) => ['cluster', 'check', '--offline', '--path', d, '--json']],
    ['create with integer flags, min above max (exit 4)', (d) => ['service', 'config', 'create', '--path', join(d, 'r'), '--replication-min', '3', '--replication-max', '2']],
    ['create with a non-integer --replication-min (exit 2)', (d) => ['service', 'config', 'create', '--path', join(d, 'r'), '--replication-min', 'x']],
    ['identity create --format env --json (exit 2)', () => ['identity', 'create', '--format', 'env', '--json']],
    ['follow config create over an existing follower (exit 5)', (d) => ['follow', 'config', 'create', 'f', '--path', join(d, 'followers'), '--source', 'https://example.org/f.json']],
  ]
  for (const [name, args, env] of cases) {
    it(name, async () => {
      const e: Record<string, string> = env ? {IPFS_CLUSTER_PATH: dir, ...env} : {}
      // One after the other: two creates racing on one new folder is a lock question, not this test's.
      const fast = await runCli(args(dir), {env: e})
      const oclif = await runThroughOclif(args(dir), e)
      expect(fast).to.deep.equal(oclif)
    })
  }

  it('creates the same files either way (dry run, fixed identity)', async () => {
    const env = {CLUSTER_SECRET: SECRET, CLUSTER_PEERNAME: 'same', CLUSTER_ID: '12D3KooWQiK1sYbGNnD9XtWF1sP95cawwwNy3d2WUwtP71McwUfZ', CLUSTER_PRIVATEKEY: 'CAESQJZ0wHQyoWGizG7eSATrDtTVlyyr99O8726jIu1lf2D+3VJBBAu6HXPRkbdNINBWlPMn+PK3bO6EgGGuaou8bKg='}
    const args = ['service', 'config', 'create', '--path', join(dir, 'dry'), '--dry-run', '--json', '--consensus', 'raft']
    const [fast, oclif] = await Promise.all([runCli(args, {env}), runThroughOclif(args, env)])
    expect(fast).to.deep.equal(oclif)
    expect(JSON.parse(fast.stdout).status).to.equal('dry-run')
  })

  it('--help into a pipe prints, for the root, every topic and every command, what oclif renders', async function () {
    this.timeout(300_000)
    const subjects = readdirSync(join(repoRoot, 'dist/help')).map((f) => f.replace(/\.txt$/, '')).map((s) => (s === 'index' ? [] : s.split('.')))
    expect(subjects.length).to.be.greaterThan(30)
    const queue = [...subjects]
    await Promise.all(
      Array.from({length: 3}, async () => {
        for (let words = queue.shift(); words; words = queue.shift()) {
          const [cached, rendered] = await Promise.all([runCli([...words, '--help']), runCli([...words, '--help'], {env: {IPFS_CLUSTER_CONFIG_NO_HELP_CACHE: '1'}})])
          expect(rendered.code, words.join(' ')).to.equal(0)
          expect(rendered.stdout, words.join(' ')).to.contain('USAGE')
          expect({code: cached.code, stdout: cached.stdout, stderr: cached.stderr}, words.join(' ')).to.deep.equal({code: 0, stdout: rendered.stdout, stderr: rendered.stderr})
        }
      }),
    )
  })
})
