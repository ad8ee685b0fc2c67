import {expect} from 'chai'
import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {jsonOut, runCli} from '../support/cli.js'
import {runInPty} from '../support/pty.js'
import {ID, SECRET, readJson, snapshot, tempDir} from './helpers.js'

const LEADER = `/ip4/10.0.0.1/tcp/9096/p2p/${ID}`

describe('status (CLI, no daemon)', () => {
  it('exits 3 for a folder that is not configured', async () => {
    const r = await runCli(['status', '--path', join(await tempDir(), 'none'), '--json'])
    expect(r.code).to.equal(3)
    expect(jsonOut(r)).to.include({configured: false, reachable: false, healthy: false})
  })

  it('reports a stopped peer as down within seconds (exit 6), with the documented JSON shape', async () => {
    const dir = join(await tempDir(), 'p')
    await runCli(['service', 'config', 'create', '--path', dir, '--random-ports'])
    const t0 = Date.now()
    const r = await runCli(['status', '--path', dir, '--json'])
    expect(Date.now() - t0).to.be.lessThan(10_000)
    expect(r.code).to.equal(6)
    const s = jsonOut(r)
    expect(s).to.have.all.keys('kind', 'folder', 'configured', 'api', 'reachable', 'healthy', 'error', 'id', 'peername', 'version', 'identityId', 'idMatchesIdentity', 'peers', 'ipfs', 'binary', 'exitCode')
    expect(s).to.include({kind: 'service', configured: true, reachable: false, healthy: false, exitCode: 6})
    expect(s.api).to.match(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(s.error).to.equal(`unreachable: nothing is listening at ${s.api.slice('http://'.length)} (connection refused)`)
    expect(s.identityId).to.equal((await readJson(join(dir, 'identity.json'))).id)
  })

  it('--wait gives up after --timeout with exit 6', async () => {
    const dir = join(await tempDir(), 'p')
    await runCli(['service', 'config', 'create', '--path', dir, '--random-ports'])
    const t0 = Date.now()
    const r = await runCli(['status', '--path', dir, '--wait', '--timeout', '2s'])
    expect(r.code).to.equal(6)
    expect(Date.now() - t0).to.be.within(2000, 12_000)
    expect(r.stdout).to.contain('still not healthy after')
  })

  it('--wait shows a spinner on a terminal, plain progress lines without one', async () => {
    const dir = join(await tempDir(), 'p')
    await runCli(['service', 'config', 'create', '--path', dir, '--random-ports'])
    const tty = await runInPty(['status', '--path', dir, '--wait', '--timeout', '2s'], [])
    expect(tty.code).to.equal(6)
    expect(tty.output).to.match(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] waiting for .*unreachable/)
    const plain = await runCli(['status', '--path', dir, '--wait', '--timeout', '2s'])
    expect(plain.stderr).to.not.match(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]|\r/)
    expect(plain.stderr).to.match(/^waiting for /m)
  })

  it('--cacert must be a readable PEM certificate: exit 2 naming the file, before anything is asked', async () => {
    const dir = join(await tempDir(), 'p')
    await runCli(['service', 'config', 'create', '--path', dir, '--random-ports'])
    const missing = join(dir, 'none.pem')
    const notCert = join(dir, 'identity.json')
    for (const [file, message] of [[missing, /: no such file$/m], [notCert, /no PEM certificate in the file/]] as const) {
      for (const args of [['status', '--path', dir], ['connect', '--api', 'https://127.0.0.1:1', '--path', dir, '--dry-run']]) {
        const r = await runCli([...args, '--cacert', file])
        expect(r.code, args.join(' ')).to.equal(2)
        const lines = r.stderr.trimEnd().split('\n')
        expect(lines, r.stderr).to.have.length(1) // one line, no stack trace
        expect(lines[0].startsWith(`Error: --cacert ${file}: `), lines[0]).to.equal(true)
        expect(lines[0]).to.match(message)
      }
    }
  })

  it('says plainly when the binary is not installed', async () => {
    const dir = join(await tempDir(), 'p')
    await runCli(['service', 'config', 'create', '--path', dir, '--random-ports'])
    const r = await runCli(['status', '--path', dir, '--json'], {env: {PATH: '/nonexistent', IPFS_CLUSTER_CONFIG_BIN_DIR: undefined}})
    expect(jsonOut(r).binary).to.include({path: null, version: null})
    expect(jsonOut(r).binary.error).to.contain('ipfs-cluster-service is not installed')
  })
})

describe('connect (CLI, without starting)', () => {
  it('writes the leader into peer_addresses; trusted_peers only when the peer does not trust everyone', async () => {
    const dir = join(await tempDir(), 'p')
    await runCli(['service', 'config', 'create', '--path', dir])
    const r = await runCli(['connect', LEADER, '--path', dir, '--json'])
    expect(r.code, r.stderr).to.equal(0)
    expect(jsonOut(r)).to.include({written: true, trusted: false, joined: null})
    let svc = await readJson(join(dir, 'service.json'))
    expect(svc.cluster.peer_addresses).to.deep.equal([LEADER])
    expect(svc.consensus.crdt.trusted_peers).to.deep.equal(['*'])

    const other = '12D3KooWCLKKDpG1EndPjLYzsqzoqEUBwF2CNyCVdvMVci2x1ppS'
    await runCli(['service', 'config', 'set', '--path', dir, 'consensus.crdt.trusted_peers', other])
    const again = await runCli(['connect', LEADER, '--path', dir, '--json'])
    expect(jsonOut(again)).to.include({trusted: true})
    svc = await readJson(join(dir, 'service.json'))
    expect(svc.consensus.crdt.trusted_peers).to.deep.equal([other, ID])
    expect(svc.cluster.peer_addresses).to.deep.equal([LEADER]) // no duplicate
  })

  it('--dry-run and --no-trust', async () => {
    const dir = join(await tempDir(), 'p')
    await runCli(['service', 'config', 'create', '--path', dir, '--set', 'consensus.crdt.trusted_peers=' + '12D3KooWCLKKDpG1EndPjLYzsqzoqEUBwF2CNyCVdvMVci2x1ppS'])
    const before = await snapshot(dir)
    const dry = await runCli(['connect', LEADER, '--path', dir, '--dry-run', '--json'])
    expect(dry.code).to.equal(0)
    expect(jsonOut(dry).changes.map((c: {key: string}) => c.key)).to.deep.equal(['cluster.peer_addresses', 'consensus.crdt.trusted_peers'])
    expect(await snapshot(dir)).to.deep.equal(before)
    const noTrust = await runCli(['connect', LEADER, '--path', dir, '--no-trust', '--json'])
    expect(jsonOut(noTrust).changes.map((c: {key: string}) => c.key)).to.deep.equal(['cluster.peer_addresses'])
  })

  it('refuses a leader without /p2p (exit 2), a missing leader (exit 7), an unreachable --api (exit 6)', async () => {
    const dir = join(await tempDir(), 'p')
    await runCli(['service', 'config', 'create', '--path', dir])
    const before = await snapshot(dir)
    expect((await runCli(['connect', '/ip4/10.0.0.1/tcp/9096', '--path', dir])).code).to.equal(2)
    expect((await runCli(['connect', '--path', dir])).code).to.equal(7)
    const t0 = Date.now()
    const down = await runCli(['connect', '--api', 'http://127.0.0.1:9', '--path', dir])
    expect(down.code).to.equal(6)
    expect(Date.now() - t0).to.be.lessThan(15_000)
    expect(await snapshot(dir)).to.deep.equal(before)
  })

  it('a source-mode follower: the source decides (exit 4); a template follower takes the leader', async () => {
    const base = await tempDir()
    await runCli(['follow', 'config', 'create', 's', '--path', base, '--source', 'https://x.org/s'])
    const r = await runCli(['connect', LEADER, '--follow', 's', '--path', base])
    expect(r.code).to.equal(4)
    expect(r.stderr).to.contain('the source decides')
    const other = '/ip4/10.0.0.2/tcp/9096/p2p/12D3KooWCLKKDpG1EndPjLYzsqzoqEUBwF2CNyCVdvMVci2x1ppS'
    await runCli(['follow', 'config', 'create', 't', '--path', base, '--leader', other, '--secret', SECRET])
    const t = await runCli(['connect', LEADER, '--follow', 't', '--path', base])
    expect(t.code, t.stderr).to.equal(0)
    const svc = await readJson(join(base, 't', 'service.json'))
    expect(svc.cluster.peer_addresses).to.deep.equal([other, LEADER])
    expect(svc.consensus.crdt.trusted_peers).to.deep.equal(['12D3KooWCLKKDpG1EndPjLYzsqzoqEUBwF2CNyCVdvMVci2x1ppS', ID])
  })
})

describe('stop (CLI)', () => {
  it('with no daemon of ours running, says so and leaves a stale pid file removed; never signals a foreign pid', async () => {
    const dir = join(await tempDir(), 'p')
    await runCli(['service', 'config', 'create', '--path', dir])
    // pid 1 is alive but is not an ipfs-cluster binary: it must not be signalled.
    await writeFile(join(dir, 'ipfs-cluster-config.pid'), '1\n')
    const r = await runCli(['stop', '--path', dir, '--json'])
    expect(r.code).to.equal(0)
    expect(jsonOut(r)).to.include({stopped: false, pid: null})
    expect(Object.keys(await snapshot(dir))).not.to.include('ipfs-cluster-config.pid')
  })
})
