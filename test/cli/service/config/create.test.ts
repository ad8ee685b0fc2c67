import {expect} from 'chai'
import {readFile, stat, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {keyInfo} from '../../../../src/core/identity.js'
import {jsonOut, runCli} from '../../../support/cli.js'
import {ID, KEY, SECRET, readJson, snapshot, tempDir} from '../../helpers.js'

describe('service config create (CLI)', () => {
  it('writes service.json, identity.json and peerstore with 0600 files in a 0700 folder', async () => {
    const dir = join(await tempDir(), 'peer')
    const r = await runCli(['service', 'config', 'create', '--path', dir, '--peername', 'p0'])
    expect(r.code, r.stderr).to.equal(0)
    for (const f of ['service.json', 'identity.json', 'peerstore']) expect((await stat(join(dir, f))).mode & 0o777, f).to.equal(0o600)
    expect((await stat(dir)).mode & 0o777).to.equal(0o700)
    const identity = await readJson(join(dir, 'identity.json'))
    expect(keyInfo(identity.private_key).id).to.equal(identity.id)
    expect(r.stdout).to.contain(identity.id)
    const service = await readFile(join(dir, 'service.json'), 'utf8')
    expect(service.endsWith('\n')).to.equal(false)
    const parsed = JSON.parse(service)
    expect(parsed.cluster.peername).to.equal('p0')
    expect(parsed.cluster.secret).to.match(/^[0-9a-f]{64}$/)
    expect(await readFile(join(dir, 'peerstore'), 'utf8')).to.equal('')
  })

  it('reads the folder from IPFS_CLUSTER_PATH and applies CLUSTER_* variables, flags winning', async () => {
    const dir = join(await tempDir(), 'env')
    const r = await runCli(['service', 'config', 'create', '--peername', 'from-flag', '--json'], {
      env: {IPFS_CLUSTER_PATH: dir, CLUSTER_SECRET: SECRET, CLUSTER_PEERNAME: 'from-env', CLUSTER_MONITORPINGINTERVAL: '90s', CLUSTER_ID: ID, CLUSTER_PRIVATEKEY: KEY},
    })
    expect(r.code, r.stderr).to.equal(0)
    const out = jsonOut(r)
    expect(out.status).to.equal('created')
    expect(out.identity).to.equal('from-env')
    expect(out.persistedFromEnv).to.include.members(['CLUSTER_SECRET', 'CLUSTER_MONITORPINGINTERVAL'])
    expect(out.persistedFromEnv).to.not.include('CLUSTER_PEERNAME') // --peername overrode it
    const svc = await readJson(join(dir, 'service.json'))
    expect(svc.cluster.peername).to.equal('from-flag')
    expect(svc.cluster.secret).to.equal(SECRET)
    expect(svc.cluster.monitor_ping_interval).to.equal('1m30s')
    expect(await readJson(join(dir, 'identity.json'))).to.deep.equal({id: ID, private_key: KEY})
    expect(JSON.stringify(out)).not.to.contain(SECRET) // redacted in the result
  })

  it('refuses to overwrite (exit 5, nothing touched); --exist-ok exits 0; --force keeps the identity', async () => {
    const dir = join(await tempDir(), 'again')
    expect((await runCli(['service', 'config', 'create', '--path', dir])).code).to.equal(0)
    const before = await snapshot(dir)
    const again = await runCli(['service', 'config', 'create', '--path', dir])
    expect(again.code).to.equal(5)
    expect(again.stderr).to.match(/^Error: .*service\.json already exists\n/)
    expect(again.stderr).not.to.match(/\n\s+at /) // no stack trace
    expect(await snapshot(dir)).to.deep.equal(before)

    const ok = await runCli(['service', 'config', 'create', '--path', dir, '--exist-ok', '--json'])
    expect(ok.code).to.equal(0)
    expect(jsonOut(ok).status).to.equal('unchanged')
    expect(await snapshot(dir)).to.deep.equal(before)

    const forced = await runCli(['service', 'config', 'create', '--path', dir, '--force', '--consensus', 'raft'])
    expect(forced.code, forced.stderr).to.equal(0)
    const after = await snapshot(dir)
    expect(after['identity.json'].bytes).to.equal(before['identity.json'].bytes)
    expect(JSON.parse(after['service.json'].bytes).consensus).to.have.key('raft')
  })

  it('keeps the exit code and prints one JSON error document under --json', async () => {
    const dir = join(await tempDir(), 'json')
    await runCli(['service', 'config', 'create', '--path', dir])
    const r = await runCli(['service', 'config', 'create', '--path', dir, '--json'])
    expect(r.code).to.equal(5)
    expect(jsonOut(r).error).to.include({exit: 5})
  })

  it('exits 4 and writes nothing when the result would be invalid, naming the key and the variable', async () => {
    const root = await tempDir()
    const dir = join(root, 'bad')
    const r = await runCli(['service', 'config', 'create', '--path', dir, '--set', 'cluster.replication_factor_min=3'])
    expect(r.code).to.equal(4)
    expect(r.stderr).to.contain('cluster.replication_factor_min')
    expect(await snapshot(root)).to.deep.equal({})

    const env = await runCli(['service', 'config', 'create', '--path', dir], {env: {CLUSTER_SECRET: 'not-hex'}})
    expect(env.code).to.equal(4)
    expect(env.stderr).to.contain('cluster.secret').and.to.contain('CLUSTER_SECRET')
    expect(await snapshot(root)).to.deep.equal({})
  })

  it('refuses a CLUSTER_ID that does not match CLUSTER_PRIVATEKEY (exit 4, nothing written)', async () => {
    const root = await tempDir()
    const r = await runCli(['service', 'config', 'create', '--path', join(root, 'p')], {env: {CLUSTER_ID: '12D3KooWCLKKDpG1EndPjLYzsqzoqEUBwF2CNyCVdvMVci2x1ppS', CLUSTER_PRIVATEKEY: KEY}})
    expect(r.code).to.equal(4)
    expect(r.stderr).to.contain('identity ID does not match the private_key')
    expect(await snapshot(root)).to.deep.equal({})
  })

  it('takes the secret from stdin (-) and from --secret-file', async () => {
    const root = await tempDir()
    const a = await runCli(['service', 'config', 'create', '--path', join(root, 'a'), '--secret', '-'], {input: SECRET + '\n'})
    expect(a.code, a.stderr).to.equal(0)
    expect((await readJson(join(root, 'a', 'service.json'))).cluster.secret).to.equal(SECRET)
    await writeFile(join(root, 'secret.txt'), SECRET + '\n')
    const b = await runCli(['service', 'config', 'create', '--path', join(root, 'b'), '--secret-file', join(root, 'secret.txt')])
    expect(b.code, b.stderr).to.equal(0)
    expect((await readJson(join(root, 'b', 'service.json'))).cluster.secret).to.equal(SECRET)
  })

  it('--peers fills trusted_peers (crdt) and the peerstore; a peer without /p2p is a usage error', async () => {
    const root = await tempDir()
    const peer = `/ip4/10.0.0.1/tcp/9096/p2p/${ID}`
    const r = await runCli(['service', 'config', 'create', '--path', join(root, 'p'), '--peers', peer])
    expect(r.code, r.stderr).to.equal(0)
    expect((await readJson(join(root, 'p', 'service.json'))).consensus.crdt.trusted_peers).to.deep.equal([ID])
    expect(await readFile(join(root, 'p', 'peerstore'), 'utf8')).to.equal(peer + '\n')
    const bad = await runCli(['service', 'config', 'create', '--path', join(root, 'q'), '--peers', '/ip4/10.0.0.1/tcp/9096'])
    expect(bad.code).to.equal(2)
    expect(await snapshot(join(root, 'q'))).to.deep.equal({})
  })

  it('--dry-run prints the config and writes nothing; a bad option value is a usage error (exit 2)', async () => {
    const root = await tempDir()
    const r = await runCli(['service', 'config', 'create', '--path', join(root, 'p'), '--dry-run', '--datastore', 'badger3'])
    expect(r.code, r.stderr).to.equal(0)
    expect(JSON.parse(r.stdout).datastore).to.have.key('badger3')
    expect(await snapshot(root)).to.deep.equal({})
    const bad = await runCli(['service', 'config', 'create', '--path', join(root, 'p'), '--consensus', 'paxos'])
    expect(bad.code).to.equal(2)
    expect(bad.stderr).to.contain('--consensus')
  })

  it('--random-ports gives the swarm and the APIs distinct ports', async () => {
    const dir = join(await tempDir(), 'p')
    expect((await runCli(['service', 'config', 'create', '--path', dir, '--random-ports'])).code).to.equal(0)
    const svc = await readJson(join(dir, 'service.json'))
    const addrs = [...svc.cluster.listen_multiaddress, svc.api.restapi.http_listen_multiaddress, svc.api.pinsvcapi.http_listen_multiaddress, svc.api.ipfsproxy.listen_multiaddress]
    const ports = addrs.map((a: string) => a.replace(/^.*\/(tcp|udp)\/(\d+).*$/, '$1/$2'))
    expect(new Set(ports).size).to.equal(5)
    expect(ports.some((p: string) => /\/(9094|9095|9096|9097)$/.test(p))).to.equal(false)
  })
})
