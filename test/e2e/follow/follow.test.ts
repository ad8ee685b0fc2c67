// `follow config create` and `service config export-follow` proven with the real programs. Our CLI writes every
// config: a leader (`service config create`, run by the real `ipfs-cluster-service daemon` beside Kubo A), its
// follower template (`export-follow`, served by a local HTTP server), a source-mode follower pointing at that URL
// and a template-mode follower (`--leader`, `--secret`). The real `ipfs-cluster-follow` then reads both folders
// (`info`), runs on them beside Kubo B, and lists a pin added on the leader. Last, failed creates leave nothing the
// real follower would take for a configured peer. Everything on loopback, in temp folders; every process is
// stopped by the support modules' root hooks, also when a test fails.
import {expect} from 'chai'
import {mkdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {requireRealBinaries} from '../../support/binaries.js'
import {type CliResult, jsonOut, runCli} from '../../support/cli.js'
import {type DaemonHandle, startServiceDaemon} from '../../support/daemon.js'
import {followCli, startFollower, waitForFollowList} from '../../support/follow.js'
import {serveJson} from '../../support/http.js'
import {type KuboHandle, kuboAdd, kuboPins, startKubo} from '../../support/kubo.js'
import {readIdentityJson} from '../../support/service-config.js'
import {tempDir} from '../../support/tmp.js'
import {snapshot} from '../../cli/helpers.js'

function ok(r: CliResult, what: string): CliResult {
  expect(r.code, `${what}\n${r.stdout}${r.stderr}`).to.equal(0)
  return r
}

describe('e2e: follow config with the real ipfs-cluster-follow', function () {
  this.timeout(120_000)
  let kuboA: KuboHandle
  let kuboB: KuboHandle
  let leader: DaemonHandle
  let leaderDir: string
  let leaderId: string
  let base: string
  let sourceUrl: string
  let sourceHits: () => number
  let template: {cluster: {peer_addresses: string[]; listen_multiaddress: string[]}; consensus: {crdt: {trusted_peers: string[]}}}
  const peerIds = {src: '', tmpl: ''}

  before(async function () {
    requireRealBinaries(this)
    ;[kuboA, kuboB] = await Promise.all([startKubo({keepAcrossTests: true}), startKubo({keepAcrossTests: true})])
    const root = tempDir('icc-follow-e2e-')
    leaderDir = join(root, 'leader')
    ok(
      await runCli([
        'service', 'config', 'create', '--path', leaderDir, '--random-ports', '--peername', 'e2e-leader',
        '--set', 'cluster.mdns_interval=0s',
        '--set', `ipfs_connector.ipfshttp.node_multiaddress=${kuboA.apiMultiaddr}`,
        '--set', `api.ipfsproxy.node_multiaddress=${kuboA.apiMultiaddr}`,
        // crdt heads are re-broadcast this often: a follower that starts after a pin learns of it quickly.
        '--set', 'consensus.crdt.rebroadcast_interval=1s',
      ]),
      'service config create (leader)',
    )
    leaderId = readIdentityJson(leaderDir).id
    const output = join(root, 'follower-template.json')
    const [started, exported, written, secret] = await Promise.all([
      startServiceDaemon({configDir: leaderDir, keepAcrossTests: true}),
      runCli(['service', 'config', 'export-follow', '--path', leaderDir]),
      runCli(['service', 'config', 'export-follow', '--path', leaderDir, '--output', output]),
      runCli(['service', 'config', 'get', 'cluster.secret', '--show-secrets', '--path', leaderDir]),
    ])
    leader = started
    ok(exported, 'export-follow (stdout)')
    ok(written, 'export-follow --output')
    ok(secret, 'get cluster.secret')
    const templateText = await readFile(output, 'utf8')
    expect(exported.stdout, 'stdout and --output export the same template').to.equal(templateText + '\n')
    template = JSON.parse(templateText)
    expect(template.consensus.crdt.trusted_peers).to.deep.equal([leaderId])
    expect(template.cluster).to.include({follower_mode: true, secret: secret.stdout.trim()})
    expect(template.cluster.peer_addresses[0]).to.match(new RegExp(`^/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/${leaderId}$`))
    expect(exported.stderr).to.contain('exported as 127.0.0.1') // the leader listens on 0.0.0.0

    const server = await serveJson(templateText)
    sourceUrl = server.url
    sourceHits = server.hits

    // The leader's swarm address as the running daemon reports it.
    const id = (await (await fetch(`${leader.apiUrl}/id`)).json()) as {id: string; addresses: string[]}
    expect(id.id).to.equal(leaderId)
    const leaderAddr = id.addresses.find((a) => /^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\//.test(a))
    expect(leaderAddr, JSON.stringify(id.addresses)).to.be.a('string')

    // The followers' base folder does not exist yet: create makes it.
    base = join(root, 'followers')
    const [src, tmpl] = await Promise.all([
      runCli(['follow', 'config', 'create', 'src', '--source', sourceUrl, '--path', base, '--json']),
      runCli([
        'follow', 'config', 'create', 'tmpl', '--leader', leaderAddr!, '--secret', secret.stdout.trim(), '--path', base,
        '--peername', 'e2e-tmpl',
        '--set', `ipfs_connector.ipfshttp.node_multiaddress=${kuboB.apiMultiaddr}`,
        // Kubo B connects to the leader's Kubo 3 s after start (default 30 s), so it can fetch the pinned block.
        '--set', 'ipfs_connector.ipfshttp.connect_swarms_delay=3s',
        '--set', 'cluster.mdns_interval=0s', // never meet other test peers on this host
        '--json',
      ]),
    ])
    peerIds.src = jsonOut(ok(src, 'follow config create src')).peerId
    peerIds.tmpl = jsonOut(ok(tmpl, 'follow config create tmpl')).peerId
    expect(sourceHits(), 'create does not fetch the source (as `ipfs-cluster-follow init`)').to.equal(0)
  })

  it('`info` reads our folder in both modes (nothing running yet)', async () => {
    const env = {CLUSTER_IPFSHTTP_NODEMULTIADDRESS: kuboB.apiMultiaddr}
    const [src, tmpl] = await Promise.all([
      followCli(['--config', base, 'src', 'info'], env),
      followCli(['--config', base, 'tmpl', 'info'], env),
    ])
    for (const [name, r] of [['src', src], ['tmpl', tmpl]] as const) {
      expect(r.code, r.stdout + r.stderr).to.equal(0)
      expect(r.stdout).to.contain(`Information about follower peer for Cluster "${name}"`)
      expect(r.stdout).to.contain(`Config folder: ${join(base, name)}\n`)
      expect(r.stdout).to.contain('Cluster Peer online: false')
      expect(r.stdout).to.contain('IPFS peer online: true')
      expect(r.stdout + r.stderr).not.to.match(/error|failed/i)
    }
    // Source mode: the follower fetched the template export-follow wrote, from the URL create stored, and loaded it.
    expect(src.stdout).to.contain(`Config source URL: Available (${sourceUrl})`)
    expect(sourceHits()).to.be.greaterThan(0)
    // Template mode: a complete local config, loaded without a source.
    expect(tmpl.stdout).to.contain('Config source URL: Available ()')
  })

  it('both followers `run` on our folders, join the leader and list a pin added on it', async () => {
    const hitsBefore = sourceHits()
    const [src, tmpl] = await Promise.all([
      // The exported template listens on port 0 (not the leader's 9096): no override is needed on one host.
      startFollower({base, name: 'src', ipfsApi: kuboB.apiMultiaddr}),
      startFollower({base, name: 'tmpl', ipfsApi: kuboB.apiMultiaddr}),
    ])
    expect(sourceHits(), '`run` fetched the source again').to.be.greaterThan(hitsBefore)
    const tmplListen = JSON.parse(await readFile(join(base, 'tmpl', 'service.json'), 'utf8')).cluster.listen_multiaddress as string[]
    for (const [name, f] of [['src', src], ['tmpl', tmpl]] as const) {
      const me = JSON.parse((await f.api('/id')).body)
      expect(me.id, `${name} runs with the identity create wrote`).to.equal(peerIds[name])
      expect(me.cluster_peers, `${name} sees the leader`).to.include(leaderId)
      if (name === 'tmpl') {
        expect(me.peername).to.equal('e2e-tmpl')
        const port = /\/tcp\/(\d+)/.exec(tmplListen[0])![1]
        expect(me.addresses.some((a: string) => a.includes(`/tcp/${port}/`)), `${name} listens where create said`).to.equal(true)
      } else {
        const leaderPort = /\/tcp\/(\d+)\//.exec(template.cluster.peer_addresses[0])![1]
        expect(template.cluster.listen_multiaddress[0]).to.equal('/ip4/0.0.0.0/tcp/0')
        expect(me.addresses.some((a: string) => a.includes(`/tcp/${leaderPort}/`)), 'not on the leader\'s port').to.equal(false)
      }
    }
    const env = {CLUSTER_IPFSHTTP_NODEMULTIADDRESS: kuboB.apiMultiaddr}
    for (const name of ['src', 'tmpl']) {
      const r = await followCli(['--config', base, name, 'info'], env)
      expect(r.stdout, name).to.contain('Cluster Peer online: true')
    }

    const cid = await kuboAdd(kuboA, `follow config e2e ${Date.now()}`)
    const res = await fetch(`${leader.apiUrl}/pins/${cid}`, {method: 'POST'})
    expect(res.status, await res.text()).to.equal(200)
    const [srcLine, tmplLine] = await Promise.all([
      waitForFollowList(base, 'src', cid, /^(pinned|pinning)\b/),
      waitForFollowList(base, 'tmpl', cid, /^(pinned|pinning)\b/),
    ])
    expect(srcLine).to.match(new RegExp(`^(pinned|pinning) +${cid}`))
    expect(tmplLine).to.match(new RegExp(`^(pinned|pinning) +${cid}`))
    // And it completes: the connect_swarms_delay=3s set by create made Kubo B connect to the leader's Kubo A,
    // which serves the block (~1 s after the pin is seen; without the --set it would take 30 s).
    await Promise.all([waitForFollowList(base, 'tmpl', cid, /^pinned\b/), waitForFollowList(base, 'src', cid, /^pinned\b/)])
    expect(await kuboPins(kuboB)).to.include(cid)
  })
})

describe('e2e: failed follow config creates leave nothing the real follower would load', function () {
  this.timeout(60_000)
  const SECRET = '2588b80d5cb05374fa142aed6cbb047d1f4ef8ef15e37eba68c65b9d30df67ed'
  const LEADER = '/ip4/127.0.0.1/tcp/9096/p2p/12D3KooWQiK1sYbGNnD9XtWF1sP95cawwwNy3d2WUwtP71McwUfZ'

  before(function () {
    requireRealBinaries(this)
  })

  /** The real follower considers NAME unconfigured: `info` says so and `init` succeeds (it refuses any existing folder). */
  async function realSeesNothing(base: string, name: string): Promise<void> {
    const info = await followCli(['--config', base, name, 'info'])
    expect(info.code, info.stdout + info.stderr).to.equal(1)
    expect(info.stdout).to.contain('This cluster peer has not been initialized')
    const init = await followCli(['--config', base, name, 'init', 'http://127.0.0.1:9/s.json'])
    expect(init.code, init.stdout + init.stderr).to.equal(0)
  }

  it('bad names, clashes and missing or invalid input: exit codes, and not even the base folder is created', async () => {
    const parent = tempDir('icc-follow-fail-')
    const base = join(parent, 'base') // does not exist
    const template = ['--leader', LEADER, '--secret', SECRET]
    const cases: Array<[string, string[], number, RegExp]> = [
      // bad names not covered by the CLI tests ('../escape', 'a/b', '..' are)
      ['empty name', ['', '--source', 'http://x.org/s'], 2, /plain folder name/],
      ['"." name', ['.', '--source', 'http://x.org/s'], 2, /plain folder name/],
      ['backslash name', ['a\\b', '--source', 'http://x.org/s'], 2, /plain folder name/],
      // clashes: a source decides the whole config, so template-mode input next to it is refused
      ['--source with --trusted-peer', ['n', '--source', 'http://x.org/s', '--trusted-peer', LEADER.split('/p2p/')[1]], 2, /cannot be combined/],
      ['--source with --set', ['n', '--source', 'http://x.org/s', '--set', 'cluster.peername=x'], 2, /cannot be combined/],
      ['--source with --peername', ['n', '--source', 'http://x.org/s', '--peername', 'x'], 2, /cannot be combined/],
      ['--secret with --secret-file', ['n', ...template, '--secret-file', join(parent, 'nope')], 2, /cannot be used together/],
      ['unreadable --secret-file', ['n', '--leader', LEADER, '--secret-file', join(parent, 'nope')], 2, /cannot read/],
      // invalid input found after the lock in the base folder was taken (the lock made the folder)
      ['invalid secret', ['n', '--leader', LEADER, '--secret', 'zz'], 4, /secret/],
      ['invalid --set value', ['n', ...template, '--set', 'cluster.peer_watch_interval=bogus'], 4, /Go duration/],
      ['unknown --set key', ['n', ...template, '--set', 'cluster.nope=1'], 8, /unknown key/],
      ['invalid CLUSTER_ID/CLUSTER_PRIVATEKEY', ['n', ...template], 4, /CLUSTER_ID/],
    ]
    for (const [what, args, code, message] of cases) {
      const env = what.startsWith('invalid CLUSTER_ID') ? {CLUSTER_ID: 'nope', CLUSTER_PRIVATEKEY: 'nope'} : {}
      const r = await runCli(['follow', 'config', 'create', ...args, '--path', base], {env})
      expect(r.code, `${what}: ${r.stderr}`).to.equal(code)
      expect(r.stderr, what).to.match(message)
      expect(await snapshot(parent), `${what} left something behind`).to.deep.equal({})
    }
    await realSeesNothing(base, 'n')
  })

  it('existing folders (made by the real follower, or empty) are refused and left as they were', async () => {
    const base = tempDir('icc-follow-exists-')
    const init = await followCli(['--config', base, 'real', 'init', 'http://127.0.0.1:9/s.json'])
    expect(init.code, init.stdout + init.stderr).to.equal(0)
    await mkdir(join(base, 'empty'), {mode: 0o700})
    await writeFile(join(base, 'file'), 'not a folder')
    const before = {real: await snapshot(join(base, 'real')), top: await snapshot(base)}
    for (const name of ['real', 'empty', 'file']) {
      for (const args of [['--source', 'http://x.org/s'], ['--leader', LEADER, '--secret', SECRET]]) {
        const r = await runCli(['follow', 'config', 'create', name, ...args, '--path', base])
        expect(r.code, `${name}: ${r.stderr}`).to.equal(5)
        expect(r.stderr).to.contain('already exists')
      }
    }
    expect(await snapshot(join(base, 'real'))).to.deep.equal(before.real)
    expect(await snapshot(base)).to.deep.equal(before.top) // no lock or temp file either

    // --force rewrites the real follower's service.json and keeps its identity; the real follower then loads it.
    const forced = await runCli(['follow', 'config', 'create', 'real', '--leader', LEADER, '--secret', SECRET, '--path', base, '--force', '--json'])
    expect(jsonOut(ok(forced, 'create --force')).identity).to.equal('kept')
    expect((await snapshot(join(base, 'real')))['identity.json']).to.deep.equal(before.real['identity.json'])
    const info = await followCli(['--config', base, 'real', 'info'])
    expect(info.code, info.stdout + info.stderr).to.equal(0)
    expect(info.stdout).to.contain('Config source URL: Available ()')
  })
})
