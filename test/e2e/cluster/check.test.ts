// `cluster check` against real daemons: three peers made with our `service config create`, each with its own
// Kubo, where one was given another secret. The check must show that peer isolated in the who-sees-whom matrix
// and name it in the config finding; running the very fix the finding prints (through a shell) and restarting the
// peer must make the same check pass. No secret or private key may appear in any output.
import {expect} from 'chai'
import {execFile} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {chmodSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {promisify} from 'node:util'

import {type CliResult, cleanEnv, cliBin, jsonOut} from '../../support/cli.js'
import {type DaemonHandle, daemonVerdict, startServiceDaemon} from '../../support/daemon.js'
import {startKubo} from '../../support/kubo.js'
import {clusterEnvWarnings} from '../../../src/core/env.js'
import {tempDir} from '../../support/tmp.js'
import {type Peer, cli, createPeer, show, useDaemons, waitAllSeeAll} from './cluster-helpers.js'

/** A folder with an `ipfs-cluster-config` that runs the built CLI: the fixes the check prints name that command. */
function cliOnPath(): string {
  const dir = tempDir('icc-bin-')
  const file = join(dir, 'ipfs-cluster-config')
  writeFileSync(file, `#!/bin/sh\nexec "${process.execPath}" "${cliBin}" "$@"\n`)
  chmodSync(file, 0o755)
  return dir
}

describe('e2e: cluster check on a live 3-peer cluster', function () {
  this.timeout(180_000)
  useDaemons()

  it('one peer with another secret: isolated in the matrix, named by the config check; the printed fix and a restart make it pass', async () => {
    const base = tempDir('icc-check-')
    const secret = randomBytes(32).toString('hex')
    const other = randomBytes(32).toString('hex')
    const kubos = await Promise.all([startKubo(), startKubo(), startKubo()])
    const peers: Peer[] = []
    for (const [i, kubo] of kubos.entries())
      peers.push(await createPeer({dir: join(base, `peer${i}`), secret: i === 2 ? other : secret, peername: `peer${i}`, kubo}))
    const [p0, p1, p2] = peers
    const leaks = [secret, other, ...peers.map((p) => JSON.parse(readFileSync(join(p.dir, 'identity.json'), 'utf8')).private_key as string)]
    const check = async (args: string[]): Promise<CliResult> => {
      const r = await cli(['cluster', 'check', ...args])
      for (const s of leaks) expect(r.stdout + r.stderr, 'a secret or private key in the output').not.to.contain(s)
      return r
    }
    const daemons: DaemonHandle[] = [await startServiceDaemon({configDir: p0.dir, waitFor: 'api'})]
    const startPeer = (p: Peer) => startServiceDaemon({configDir: p.dir, waitFor: 'api', args: ['--bootstrap', p0.addr]})
    daemons.push(await startPeer(p1), await startPeer(p2))
    const pair = await waitAllSeeAll([p0, p1])
    expect(pair[p0.id], 'peer0 and peer1 (one secret) form a cluster').to.have.members([p0.id, p1.id])

    // Folders and their live APIs: the config check names peer2's secret, the live check shows it isolated.
    const args = [...peers.flatMap((p) => ['--path', p.dir]), ...peers.flatMap((p) => ['--api', p.api])]
    const broken = await check([...args, '--json'])
    expect(broken.code, show(broken)).to.equal(4)
    const r = jsonOut(broken)
    expect(r.findings.map((f: {rule: string}) => f.rule), show(broken)).to.deep.equal(['secret-differs', 'peers-not-seen'])
    const [differs, isolated] = r.findings
    expect(differs.groups).to.deep.equal([[p0.dir, p1.dir], [p2.dir]])
    expect(differs.message).to.equal(`the cluster secret differs: ${p0.dir} and ${p1.dir} share one secret; ${p2.dir} has another`)
    expect(isolated.peers).to.deep.equal([p2.dir, p0.dir, p1.dir])
    expect(isolated.message).to.match(new RegExp(`^${p2.dir} is isolated: it lists none of `))
    expect(r.peers.map((p: {name: string; reachable: boolean; liveId: string; version: string}) => [p.name, p.reachable, p.liveId])).to.deep.equal(peers.map((p) => [p.dir, true, p.id]))
    for (const p of r.peers) expect(p.version).to.match(/^1\.1\.6/)
    const row = (sees: boolean[]) => Object.fromEntries(peers.map((p, i) => [p.dir, sees[i]]))
    expect(r.matrix).to.deep.equal({
      peers: peers.map((p) => p.dir),
      sees: {[p0.dir]: row([true, true, false]), [p1.dir]: row([true, true, false]), [p2.dir]: row([false, false, true])},
    })

    // For people: grouped by rule, each with its fix, and the matrix.
    const human = await check(args)
    expect(human.code).to.equal(4)
    expect(human.stdout).to.contain('error secret-differs: peers have different cluster secrets: they cannot connect')
    expect(human.stdout).to.contain('error peers-not-seen: a live peer does not list all the others in /peers')
    const matrix = human.stdout.slice(human.stdout.indexOf('who sees whom (row: the peer asked; column: listed in its /peers; ?: no answer):')).split('\n').slice(1, 5)
    expect(matrix.map((l) => l.trim().split(/\s+/))).to.deep.equal([
      ['1', '2', '3'],
      ['1', 'self', 'yes', 'NO', p0.dir],
      ['2', 'yes', 'self', 'NO', p1.dir],
      ['3', 'NO', 'NO', 'self', p2.dir],
    ])

    // Live peers only (--api): the same isolation, named by their addresses.
    const live = jsonOut(await check([...peers.flatMap((p) => ['--api', p.api]), '--json']))
    expect(live.findings.map((f: {rule: string}) => f.rule)).to.deep.equal(['peers-not-seen'])
    expect(live.findings[0].peers[0]).to.equal(p2.api)
    expect(live.matrix.sees[p2.api]).to.deep.equal({[p0.api]: false, [p1.api]: false, [p2.api]: true})

    // The fix, exactly as printed (through a shell, with the CLI on PATH), then a restart of peer2.
    const run = await promisify(execFile)('bash', ['-c', differs.fix.replace(/^.*?: (ipfs-cluster-config .*)$/, '$1')], {env: cleanEnv({PATH: `${cliOnPath()}:${process.env.PATH}`})})
    expect(run.stdout + run.stderr).not.to.contain(secret)
    expect(JSON.parse(readFileSync(join(p2.dir, 'service.json'), 'utf8')).cluster.secret).to.equal(secret)
    await daemons[2].stop()
    daemons[2] = await startPeer(p2)
    const all = await waitAllSeeAll(peers, 60_000)
    for (const p of peers) expect(all[p.id], `/peers of ${p.dir}`).to.have.members(peers.map((q) => q.id))

    const fixed = await check([...args, '--json'])
    expect(fixed.code, show(fixed)).to.equal(0)
    const f = jsonOut(fixed)
    expect(f).to.include({ok: true, errors: 0, warnings: 0, exitCode: 0})
    expect(f.findings).to.deep.equal([])
    for (const p of peers) expect(Object.values(f.matrix.sees[p.dir])).to.deep.equal([true, true, true])
    const ok = await check(args)
    expect(ok.code).to.equal(0)
    expect(ok.stdout.trim().split('\n').at(-1)).to.equal('no finding: the peers agree')
  })

  it('a peer started as another identity (CLUSTER_ID/CLUSTER_PRIVATEKEY): live-id-differs; checking only two peers: the third is an unknown live peer', async () => {
    const base = tempDir('icc-check-')
    const secret = randomBytes(32).toString('hex')
    const kubos = await Promise.all([startKubo(), startKubo(), startKubo()])
    const peers: Peer[] = []
    for (const [i, kubo] of kubos.entries()) peers.push(await createPeer({dir: join(base, `peer${i}`), secret, peername: `peer${i}`, kubo}))
    const [p0, p1, p2] = peers
    const other = jsonOut(await cli(['identity', 'create', '--json']))
    await startServiceDaemon({configDir: p0.dir, waitFor: 'api'})
    await startServiceDaemon({configDir: p1.dir, waitFor: 'api', args: ['--bootstrap', p0.addr]})
    await startServiceDaemon({configDir: p2.dir, waitFor: 'api', args: ['--bootstrap', p0.addr], env: {CLUSTER_ID: other.id, CLUSTER_PRIVATEKEY: other.private_key}})
    const running = [p0, p1, {...p2, id: other.id}]
    const seen = await waitAllSeeAll(running, 60_000)
    for (const p of running) expect(seen[p.id], `/peers of ${p.dir}`).to.have.members(running.map((q) => q.id))

    const all = await cli(['cluster', 'check', ...peers.flatMap((p) => ['--path', p.dir]), '--json'])
    expect(all.code, show(all)).to.equal(4)
    const r = jsonOut(all)
    expect(r.findings.map((f: {rule: string}) => f.rule), show(all)).to.deep.equal(['live-id-differs'])
    expect(r.findings[0].message).to.match(new RegExp(`^${p2.dir} answers on ${p2.api} as ${other.id}, but its identity.json is ${p2.id} `))
    expect(all.stdout).not.to.contain(other.private_key)

    const two = await cli(['cluster', 'check', '--path', p0.dir, '--path', p1.dir, '--json'])
    expect(two.code, show(two)).to.equal(0)
    const t = jsonOut(two)
    expect(t.findings.map((f: {rule: string; peers: string[]}) => [f.rule, f.peers])).to.deep.equal([['unknown-live-peer', [p0.dir]], ['unknown-live-peer', [p1.dir]]])
    expect(t.findings[0].message).to.equal(`${p0.dir} lists a peer none of the checked peers is: ${other.id}`)
    expect(t.warnings).to.equal(2)
  })

  it('the env rule says what the real daemon does: an ignored name has no effect, an empty value is applied or stops the start', async () => {
    const dir = join(tempDir('icc-check-'), 'peer')
    expect((await cli(['service', 'config', 'create', '--path', dir, '--random-ports', '--json'])).code).to.equal(0)
    // An invalid duration under the wrong name starts (nobody reads it); under the real name it stops the start.
    const cases: [Record<string, string>, boolean][] = [
      [{CLUSTER_MONITOR_PING_INTERVAL: 'not-a-duration'}, true],
      [{CLUSTER_MONITORPINGINTERVAL: 'not-a-duration'}, false],
      [{CLUSTER_PEERNAME: ''}, true],
      [{CLUSTER_REPLICATIONFACTORMIN: ''}, false],
      [{CLUSTER_LEAVEONSHUTDOWN: ''}, false],
    ]
    for (const [env, starts] of cases) {
      const [variable] = Object.keys(env)
      const v = await daemonVerdict(dir, 20_000, {env})
      expect(v.started, `${variable}=${env[variable]}: ${v.errorLine}`).to.equal(starts)
      const warning = clusterEnvWarnings(env)[0]
      if (variable === 'CLUSTER_MONITORPINGINTERVAL') expect(warning, 'a real name with a value is no finding').to.equal(undefined)
      else if (starts) expect(warning.message).not.to.contain('fails to start')
      else expect(warning.message, v.errorLine).to.contain('the daemon fails to start')
    }
  })
})
