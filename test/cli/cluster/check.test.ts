// `cluster check` as a script sees it: exit codes (0, 4, 4 with --strict, 6 for an --api peer that does not answer,
// 2 and 3 for bad input), the report grouped by rule, --json, and no secret or private key in any output.
import {expect} from 'chai'
import {randomBytes} from 'node:crypto'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

import {type CliResult, jsonOut, runCli} from '../../support/cli.js'
import {freePort} from '../../support/ports.js'
import {listenPorts, tempDir} from '../helpers.js'

describe('cluster check (CLI)', function () {
  this.timeout(60_000)
  let base: string
  let dirs: string[]
  /** Every secret and private key of the peers. */
  let secrets: string[]
  const secret = randomBytes(32).toString('hex')

  const used = new Set<string>()
  /** A peer on free ports; drawn again while a port is one another peer got (1 in about 100 rounds otherwise). */
  async function createPeer(dir: string, peername: string, peerSecret: string): Promise<void> {
    for (let draw = 0; draw < 10; draw++) {
      const r = await runCli(['service', 'config', 'create', '--path', dir, '--peername', peername, '--secret', peerSecret, '--random-ports', ...(draw ? ['--force'] : [])])
      expect(r.code, r.stderr).to.equal(0)
      const ports = await listenPorts(dir)
      if (ports.some((port) => used.has(port))) continue
      for (const port of ports) used.add(port)
      return
    }
    expect.fail(`no free ports for ${dir} apart from the other peers' in 10 draws`)
  }

  before(async () => {
    base = await tempDir()
    dirs = ['p0', 'p1', 'p2'].map((n) => join(base, n))
    for (const [i, dir] of dirs.entries()) await createPeer(dir, `p${i}`, secret)
    secrets = [secret, ...(await Promise.all(dirs.map(async (d) => JSON.parse(await readFile(join(d, 'identity.json'), 'utf8')).private_key)))]
  })

  const paths = () => dirs.flatMap((d) => ['--path', d])
  /** Runs the check and asserts that nothing secret is printed, on either stream. */
  async function check(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
    const r = await runCli(['cluster', 'check', ...args], {env})
    for (const s of secrets) expect(r.stdout + r.stderr, 'a secret or private key in the output').not.to.contain(s)
    return r
  }

  it('peers that agree: exit 0 and "no finding"; the stopped peers are listed as not live', async () => {
    const r = await check(paths())
    expect(r.code, r.stdout + r.stderr).to.equal(0)
    expect(r.stdout).to.match(/^cluster check: 3 peers, 0 errors, 0 warnings$/m)
    expect(r.stdout).to.match(/not live \(unreachable: /)
    expect(r.stdout.trim().split('\n').at(-1)).to.equal('no finding: the peers agree')
    const json = jsonOut(await check([...paths(), '--offline', '--json']))
    expect(json).to.include({ok: true, errors: 0, warnings: 0, exitCode: 0, matrix: null})
    expect(json.findings).to.deep.equal([])
    expect(json.peers.map((p: {name: string; reachable: boolean}) => [p.name, p.reachable])).to.deep.equal(dirs.map((d) => [d, false]))
  })

  it('a peer with another secret: exit 4, the report names the rule, who agrees with whom, and the fix', async () => {
    const other = randomBytes(32).toString('hex')
    secrets.push(other)
    const odd = join(base, 'odd')
    await createPeer(odd, 'odd', other)
    secrets.push(JSON.parse(await readFile(join(odd, 'identity.json'), 'utf8')).private_key)
    const args = [...paths(), '--path', odd, '--offline']
    const r = await check(args)
    expect(r.code, r.stdout).to.equal(4)
    expect(r.stdout).to.contain('error secret-differs: peers have different cluster secrets: they cannot connect')
    expect(r.stdout).to.contain(`  - the cluster secret differs: ${dirs.join(', ').replace(/, ([^,]+)$/, ' and $1')} share one secret; ${odd} has another`)
    expect(r.stdout).to.contain(`    fix: give ${odd} the secret of ${dirs[0]} and restart it: ipfs-cluster-config service config get cluster.secret --show-secrets --path ${dirs[0]} | ipfs-cluster-config service config set cluster.secret - --path ${odd}`)
    expect(r.stdout.trim().split('\n').at(-1)).to.equal('failed (exit 4)')
    const j = await check([...args, '--json'])
    expect(j.code).to.equal(4)
    const json = jsonOut(j)
    expect(json).to.include({ok: false, errors: 1, warnings: 0, exitCode: 4})
    expect(json.findings).to.have.length(1)
    expect(json.findings[0]).to.include({rule: 'secret-differs', severity: 'error'})
    expect(json.findings[0].groups).to.deep.equal([dirs, [odd]])
  })

  it('warnings pass unless --strict; an ignored CLUSTER_* variable is one, with the real name', async () => {
    const env = {CLUSTER_MONITOR_PING_INTERVAL: '2s'}
    const r = await check([...paths(), '--offline'], env)
    expect(r.code, r.stdout).to.equal(0)
    expect(r.stdout).to.contain('warning env-ignored: a CLUSTER_* variable upstream does not read: it is silently ignored')
    expect(r.stdout).to.contain('    fix: rename it to CLUSTER_MONITORPINGINTERVAL')
    expect(r.stdout.trim().split('\n').at(-1)).to.equal('no error')
    const strict = await check([...paths(), '--offline', '--strict', '--json'], env)
    expect(strict.code).to.equal(4)
    expect(jsonOut(strict)).to.include({ok: false, errors: 0, warnings: 1, exitCode: 4})
  })

  it('an --api peer that does not answer: exit 6 and an api-unreachable finding', async () => {
    const port = await freePort()
    const r = await check(['--api', `http://127.0.0.1:${port}`, '--json'])
    expect(r.code, r.stdout).to.equal(6)
    const json = jsonOut(r)
    expect(json.exitCode).to.equal(6)
    expect(json.findings.map((f: {rule: string}) => f.rule)).to.deep.equal(['api-unreachable'])
    expect(json.findings[0].message).to.match(new RegExp(`^--api http://127.0.0.1:${port}: unreachable: `))
  })

  it('bad input: nothing named (exit 2), an unknown follower (3), a folder that is no bundle (3), a bad --api (2)', async () => {
    const none = await check(['--json'])
    expect(none.code).to.equal(2)
    expect(jsonOut(none).error).to.include({exit: 2, message: 'name the peers to check: --out BUNDLE, --path FOLDER, --follow NAME or --api URL'})
    // --follow without --follow-path: the followers' default base folder, as every follow command.
    const follow = await check(['--follow', 'x'], {HOME: base})
    expect(follow.code).to.equal(3)
    expect(follow.stderr).to.equal(`Error: --follow x: no follower in ${join(base, '.ipfs-cluster-follow', 'x')} (no service.json)\n`)
    const bundle = await check(['--out', base])
    expect(bundle.code).to.equal(3)
    expect(bundle.stderr).to.match(new RegExp(`^Error: no cluster.json in ${base}: not a cluster bundle\n`))
    const notPeer = await check(['--path', join(base, 'none')])
    expect(notPeer.code).to.equal(3)
    const api = await check(['--api', 'ftp://x'])
    expect(api.code).to.equal(2)
    expect(api.stderr).to.contain('--api "ftp://x" must be an http(s)://host:port URL or an API multiaddress')
  })
})
