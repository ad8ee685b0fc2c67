// The real daemon runs on what we write: it answers GET /id with our peer id and peername.
import {expect} from 'chai'
import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {requireRealBinaries} from '../../support/binaries.js'
import {jsonOut, runCli} from '../../support/cli.js'
import {startServiceDaemon} from '../../support/daemon.js'
import {freePort} from '../../support/ports.js'
import {readIdentityJson} from '../../support/service-config.js'
import {tempDir} from '../../support/tmp.js'

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8'))

// A free port where nothing listens: the daemon must not reach a developer's real Kubo.
async function createPeer(dir: string, extra: string[] = []) {
  const ipfs = `/ip4/127.0.0.1/tcp/${await freePort()}`
  const r = await runCli([
    'service', 'config', 'create', '--path', dir, '--random-ports', '--peername', 'e2e-ours',
    '--set', 'cluster.mdns_interval=0s', '--set', `ipfs_connector.ipfshttp.node_multiaddress=${ipfs}`, '--set', `api.ipfsproxy.node_multiaddress=${ipfs}`,
    ...extra,
  ])
  expect(r.code, r.stderr).to.equal(0)
}

async function getId(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/id`, {headers})
  expect(res.status).to.equal(200)
  return (await res.json()) as {id: string; peername: string; error: string}
}

describe('e2e: ipfs-cluster-service daemon runs on our configs', function () {
  before(function () {
    requireRealBinaries(this)
  })

  for (const [name, args] of [
    ['crdt + pebble, Ed25519', []],
    ['raft', ['--consensus', 'raft']],
    ['crdt + badger3, RSA-2048 identity', ['--datastore', 'badger3', '--key-type', 'rsa']],
  ] as const satisfies readonly (readonly [string, readonly string[]])[]) {
    const flags: readonly string[] = args
    it(name, async () => {
      const dir = join(tempDir('icc-daemon-'), 'peer')
      await createPeer(dir, [...args])
      const daemon = await startServiceDaemon({configDir: dir, waitFor: flags.includes('raft') ? 'consensus' : 'api'})
      const id = await getId(daemon.apiUrl!)
      expect(id.id).to.equal(readIdentityJson(dir).id)
      expect(id.peername).to.equal('e2e-ours')
      if (flags.includes('rsa')) expect(id.id).to.match(/^Qm/)
    })
  }

  it('a config changed with set: new peername, port and basic auth are what the daemon uses', async () => {
    const dir = join(tempDir('icc-daemon-'), 'peer')
    await createPeer(dir)
    const port = await freePort()
    const set = await runCli(['service', 'config', 'set', '--path', dir,
      'cluster.peername', 'renamed',
      'api.restapi.http_listen_multiaddress', `/ip4/127.0.0.1/tcp/${port}`,
      'api.restapi.basic_auth_credentials', 'admin:s3cret'])
    expect(set.code, set.stderr).to.equal(0)
    const daemon = await startServiceDaemon({configDir: dir})
    expect(daemon.apiUrl).to.equal(`http://127.0.0.1:${port}`)
    expect((await fetch(`${daemon.apiUrl}/id`)).status).to.equal(401)
    const id = await getId(daemon.apiUrl!, {authorization: 'Basic ' + Buffer.from('admin:s3cret').toString('base64')})
    expect(id.peername).to.equal('renamed')
  })

  it('list edits and values from files (set --add/--remove/--value-file) are what the daemon uses', async () => {
    const tmp = tempDir('icc-daemon-')
    const dir = join(tmp, 'peer')
    await createPeer(dir)
    const swarm = await freePort()
    const other = '12D3KooWR2qio5joR8y6DRQfpbv4FKvNEYPuEpEupWqYTa2Pehm8'
    await writeFile(join(tmp, 'users.json'), '{"admin": "s3cret"}\n')
    const edits = [
      ['--add', 'cluster.listen_multiaddress', `/ip4/127.0.0.1/tcp/${swarm}`],
      ['--remove', 'cluster.listen_multiaddress', (await readJson(join(dir, 'service.json'))).cluster.listen_multiaddress[1]],
      ['--add', 'consensus.crdt.trusted_peers', other],
      ['--value-file', 'api.restapi.basic_auth_credentials', join(tmp, 'users.json')],
    ]
    for (const edit of edits) {
      const r = await runCli(['service', 'config', 'set', '--path', dir, ...edit])
      expect(r.code, r.stderr).to.equal(0)
    }
    const daemon = await startServiceDaemon({configDir: dir})
    expect((await fetch(`${daemon.apiUrl}/id`)).status).to.equal(401)
    const id = (await getId(daemon.apiUrl!, {authorization: 'Basic ' + Buffer.from('admin:s3cret').toString('base64')})) as {addresses?: string[]}
    expect(id.addresses?.some((a) => a.startsWith(`/ip4/127.0.0.1/tcp/${swarm}/`))).to.equal(true)
  })

  it('a write while the real daemon runs on the folder says it applies at the next restart; none once it stopped', async () => {
    const dir = join(tempDir('icc-daemon-'), 'peer')
    await createPeer(dir)
    const daemon = await startServiceDaemon({configDir: dir})
    // Started by the test harness, not by `ipfs-cluster-config start`: no pid file of ours, so the
    // evidence is upstream's own cluster.lock, held by the daemon's pid.
    const set = await runCli(['service', 'config', 'set', '--path', dir, 'cluster.replication_factor_min', '2', 'cluster.replication_factor_max', '3'])
    expect(set.code, set.stderr).to.equal(0)
    expect(set.stderr).to.contain(`the peer's daemon is running (pid ${daemon.proc.pid}): the change applies at its next restart`)
    const json = await runCli(['service', 'config', 'set', '--path', dir, 'cluster.peername', 'renamed-while-running', '--json'])
    expect(json.code, json.stderr).to.equal(0)
    expect(jsonOut(json).runningDaemon).to.deep.equal({pid: daemon.proc.pid, evidence: 'cluster.lock'})
    // The running daemon still answers with its old settings: the notice is true.
    expect((await getId(daemon.apiUrl!)).peername).to.equal('e2e-ours')
    await daemon.stop()
    const after = await runCli(['service', 'config', 'set', '--path', dir, 'cluster.replication_factor_max', '4', '--json'])
    expect(after.code, after.stderr).to.equal(0)
    expect(jsonOut(after).runningDaemon).to.equal(null)
    expect(after.stderr).to.not.contain('daemon is running')
  })
})
