import {expect} from 'chai'
import {readFile, readdir, rm, stat, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {ExitCode} from '../../../src/core/errors.js'
import {exists} from '../../../src/core/files.js'
import {identityProblems} from '../../../src/core/identity.js'
import {REDACTED} from '../../../src/core/redact.js'
import {
  type CreateServiceOptions,
  createServiceConfig,
  deepMerge,
  failOnErrors,
  getServiceConfig,
  serializeService,
  setServiceConfig,
  validateServiceFolder,
} from '../../../src/core/service-config.js'
import {DEFAULT_SECRET, ED2_ID, ED2_KEY, ED_ID, ED_KEY, defaultServiceJson, expectUserError, tempDirs} from '../helpers.js'

type Obj = Record<string, any>
const ENV = {CLUSTER_SECRET: DEFAULT_SECRET, CLUSTER_PEERNAME: 'peername'}

const base = (path: string, extra: Partial<CreateServiceOptions> = {}): CreateServiceOptions => ({
  path,
  consensus: 'crdt',
  datastore: 'pebble',
  keyType: 'ed25519',
  env: {...ENV},
  ...extra,
})

async function snapshot(dir: string): Promise<Record<string, {bytes: string; mtimeMs: number}>> {
  const out: Record<string, {bytes: string; mtimeMs: number}> = {}
  for (const f of (await readdir(dir)).sort()) {
    const p = join(dir, f)
    out[f] = {bytes: await readFile(p, 'utf8'), mtimeMs: (await stat(p)).mtimeMs}
  }
  return out
}
const readJson = async (p: string): Promise<Obj> => JSON.parse(await readFile(p, 'utf8'))

describe('core/service-config', () => {
  const tmp = tempDirs()
  const newPeer = async () => join(await tmp.make(), 'peer')

  describe('createServiceConfig', () => {
    it('with CLUSTER_SECRET and CLUSTER_PEERNAME writes service.json equal to the default file, byte for byte', async () => {
      const dir = await newPeer()
      const r = await createServiceConfig(base(dir))
      expect(await readFile(join(dir, 'service.json'), 'utf8')).to.equal(await defaultServiceJson())
      expect(r.status).to.equal('created')
      expect(r.identity).to.equal('generated')
      expect(r.keyType).to.equal('ed25519')
      expect(r.consensus).to.equal('crdt')
      expect(r.datastore).to.equal('pebble')
      expect(r.peername).to.equal('peername')
      expect([...r.persistedFromEnv].sort()).to.deep.equal(['CLUSTER_PEERNAME', 'CLUSTER_SECRET'])
      expect(r.warnings).to.deep.equal([])
      expect(r.files).to.deep.equal({service: join(dir, 'service.json'), identity: join(dir, 'identity.json'), peerstore: join(dir, 'peerstore')})
      // The returned config hides the secret unless asked.
      expect((r.config as Obj).cluster.secret).to.equal(REDACTED)
    })

    it('writes a valid identity.json (4-space indent, matching pair), an empty peerstore, 0600 files in a 0700 folder', async () => {
      const dir = await newPeer()
      const r = await createServiceConfig(base(dir))
      const identityText = await readFile(join(dir, 'identity.json'), 'utf8')
      const identity = JSON.parse(identityText)
      expect(identityText).to.equal(`{\n    "id": "${identity.id}",\n    "private_key": "${identity.private_key}"\n}`)
      expect(identity.id).to.equal(r.peerId)
      expect(identity.id.startsWith('12D3KooW')).to.equal(true)
      expect(identityProblems(identity)).to.deep.equal([])
      expect(await readFile(join(dir, 'peerstore'), 'utf8')).to.equal('')
      expect((await stat(dir)).mode & 0o777).to.equal(0o700)
      for (const f of ['service.json', 'identity.json', 'peerstore']) expect((await stat(join(dir, f))).mode & 0o777, f).to.equal(0o600)
      expect((await readdir(dir)).sort()).to.deep.equal(['identity.json', 'peerstore', 'service.json'])
    })

    it('an RSA identity when asked', async function () {
      this.timeout(60_000)
      const dir = await newPeer()
      const r = await createServiceConfig(base(dir, {keyType: 'rsa'}))
      expect(r.keyType).to.equal('rsa')
      expect(r.peerId.startsWith('Qm')).to.equal(true)
      expect(identityProblems(await readJson(join(dir, 'identity.json')))).to.deep.equal([])
    })

    it('an upper-case CLUSTER_SECRET is written lower-case, as Go re-encodes the decoded secret', async () => {
      const dir = await newPeer()
      await createServiceConfig(base(dir, {env: {CLUSTER_SECRET: DEFAULT_SECRET.toUpperCase(), CLUSTER_PEERNAME: 'peername'}}))
      expect(await readFile(join(dir, 'service.json'), 'utf8')).to.equal(await defaultServiceJson())
    })

    it('env lists and durations are written as the daemon prints them', async () => {
      const dir = await newPeer()
      await createServiceConfig(base(dir, {env: {...ENV, CLUSTER_LISTENMULTIADDRESS: '/ip4/0.0.0.0/tcp/9196', CLUSTER_MONITORPINGINTERVAL: '90s'}}))
      const text = await readFile(join(dir, 'service.json'), 'utf8')
      expect(text).to.contain('    "listen_multiaddress": "/ip4/0.0.0.0/tcp/9196",\n')
      expect(text).to.contain('    "monitor_ping_interval": "1m30s",\n')
    })

    it('an existing identity.json is kept when service.json is absent (CLUSTER_ID/PRIVATEKEY then ignored)', async () => {
      const dir = await newPeer()
      const {mkdir} = await import('node:fs/promises')
      await mkdir(dir, {mode: 0o700})
      const identity = `{\n    "id": "${ED2_ID}",\n    "private_key": "${ED2_KEY}"\n}`
      await writeFile(join(dir, 'identity.json'), identity, {mode: 0o600})
      const r = await createServiceConfig(base(dir, {env: {...ENV, CLUSTER_ID: ED_ID, CLUSTER_PRIVATEKEY: ED_KEY}}))
      expect(r.identity).to.equal('kept')
      expect(r.peerId).to.equal(ED2_ID)
      expect(await readFile(join(dir, 'identity.json'), 'utf8')).to.equal(identity)
      expect(await readFile(join(dir, 'service.json'), 'utf8')).to.equal(await defaultServiceJson())
    })

    it('an existing invalid identity.json exits 4 and writes nothing', async () => {
      const dir = await newPeer()
      const {mkdir} = await import('node:fs/promises')
      await mkdir(dir, {mode: 0o700})
      await writeFile(join(dir, 'identity.json'), `{"id": "${ED2_ID}", "private_key": "${ED_KEY}"}`)
      await expectUserError(() => createServiceConfig(base(dir)), ExitCode.invalid)
      expect(await readdir(dir)).to.deep.equal(['identity.json'])
    })

    it('without CLUSTER_SECRET generates a fresh 64-hex secret', async () => {
      const dir = await newPeer()
      await createServiceConfig(base(dir, {env: {}}))
      const c = await readJson(join(dir, 'service.json'))
      expect(c.cluster.secret).to.match(/^[0-9a-f]{64}$/)
      expect(c.cluster.secret).to.not.equal(DEFAULT_SECRET)
    })

    it('a second create exits 5 and changes nothing (bytes and mtimes)', async () => {
      const dir = await newPeer()
      await createServiceConfig(base(dir))
      const before = await snapshot(dir)
      await new Promise((r) => setTimeout(r, 20))
      const e = await expectUserError(() => createServiceConfig(base(dir, {secret: 'ab'.repeat(32)})), ExitCode.exists)
      expect(e.message).to.contain(join(dir, 'service.json'))
      expect(await snapshot(dir)).to.deep.equal(before)
    })

    it('--force rewrites service.json and keeps identity.json byte for byte', async () => {
      const dir = await newPeer()
      const first = await createServiceConfig(base(dir))
      const identityBefore = await readFile(join(dir, 'identity.json'), 'utf8')
      const r = await createServiceConfig(base(dir, {force: true, peername: 'other'}))
      expect(r.status).to.equal('overwritten')
      expect(r.identity).to.equal('kept')
      expect(r.peerId).to.equal(first.peerId)
      expect(await readFile(join(dir, 'identity.json'), 'utf8')).to.equal(identityBefore)
      expect((await readJson(join(dir, 'service.json'))).cluster.peername).to.equal('other')
    })

    it('--force with --new-identity replaces the identity', async () => {
      const dir = await newPeer()
      const first = await createServiceConfig(base(dir))
      const r = await createServiceConfig(base(dir, {force: true, newIdentity: true}))
      expect(r.identity).to.equal('generated')
      expect(r.peerId).to.not.equal(first.peerId)
      expect((await readJson(join(dir, 'identity.json'))).id).to.equal(r.peerId)
    })

    it('--exist-ok returns status "unchanged" and touches nothing', async () => {
      const dir = await newPeer()
      const first = await createServiceConfig(base(dir))
      const before = await snapshot(dir)
      const r = await createServiceConfig(base(dir, {existOk: true, peername: 'ignored'}))
      expect(r.status).to.equal('unchanged')
      expect(r.peerId).to.equal(first.peerId)
      expect(r.peername).to.equal('peername')
      expect(r.identity).to.equal('kept')
      expect(await snapshot(dir)).to.deep.equal(before)
    })

    it('--exist-ok on an invalid existing config exits 4', async () => {
      const dir = await newPeer()
      await createServiceConfig(base(dir))
      const c = await readJson(join(dir, 'service.json'))
      c.cluster.replication_factor_min = 5
      await writeFile(join(dir, 'service.json'), serializeService(c))
      await expectUserError(() => createServiceConfig(base(dir, {existOk: true})), ExitCode.invalid)
    })

    it('an invalid --set (replication_factor_min=5 with max -1) exits 4 and writes no file at all', async () => {
      const dir = await newPeer()
      const e = await expectUserError(() => createServiceConfig(base(dir, {set: [['cluster.replication_factor_min', '5']]})), ExitCode.invalid)
      expect(e.message).to.contain('cluster.replication_factor_min')
      expect(e.message).to.contain('nothing written')
      const left = (await exists(dir)) ? await readdir(dir) : []
      expect(left).to.deep.equal([])
    })

    it('a --set value of the wrong type exits 4; an unknown --set key exits 8; both write nothing', async () => {
      const dir = await newPeer()
      await expectUserError(() => createServiceConfig(base(dir, {set: [['cluster.replication_factor_min', 'two']]})), ExitCode.invalid)
      await expectUserError(() => createServiceConfig(base(dir, {set: [['cluster.sceret', 'x']]})), ExitCode.unknownKey)
      expect((await exists(dir)) ? await readdir(dir) : []).to.deep.equal([])
    })

    it('--set values are typed and normalised', async () => {
      const dir = await newPeer()
      await createServiceConfig(
        base(dir, {
          set: [
            ['cluster.replication_factor_min', '2'],
            ['cluster.replication_factor_max', '3'],
            ['cluster.monitor_ping_interval', '90s'],
            ['cluster.listen_multiaddress', '/ip4/0.0.0.0/tcp/9196'],
            ['api.restapi.basic_auth_credentials', 'admin:pw'],
            ['cluster.leave_on_shutdown', 'true'],
          ],
        }),
      )
      const text = await readFile(join(dir, 'service.json'), 'utf8')
      const c = JSON.parse(text)
      expect(c.cluster.replication_factor_min).to.equal(2)
      expect(c.cluster.replication_factor_max).to.equal(3)
      expect(c.cluster.monitor_ping_interval).to.equal('1m30s')
      expect(c.cluster.leave_on_shutdown).to.equal(true)
      expect(c.api.restapi.basic_auth_credentials).to.deep.equal({admin: 'pw'})
      expect(text).to.contain('    "listen_multiaddress": "/ip4/0.0.0.0/tcp/9196",\n')
    })

    it('an invalid CLUSTER_* value exits 4 naming the variable and writes nothing', async () => {
      const dir = await newPeer()
      const e = await expectUserError(() => createServiceConfig(base(dir, {env: {...ENV, CLUSTER_REPLICATIONFACTORMIN: 'abc'}})), ExitCode.invalid)
      expect(e.message).to.contain('CLUSTER_REPLICATIONFACTORMIN')
      expect((await exists(dir)) ? await readdir(dir) : []).to.deep.equal([])
    })

    it('a bad CLUSTER_SECRET exits 4 and writes nothing', async () => {
      const dir = await newPeer()
      const e = await expectUserError(() => createServiceConfig(base(dir, {env: {CLUSTER_SECRET: 'nothex'}})), ExitCode.invalid)
      expect(e.message).to.contain('cluster.secret')
      expect(e.message).to.contain('CLUSTER_SECRET')
      expect((await exists(dir)) ? await readdir(dir) : []).to.deep.equal([])
    })

    it('--dry-run writes nothing, not even the folder', async () => {
      const dir = await newPeer()
      const r = await createServiceConfig(base(dir, {dryRun: true}))
      expect(r.status).to.equal('dry-run')
      expect(await exists(dir)).to.equal(false)
      expect((r.config as Obj).cluster.peername).to.equal('peername')
    })

    it('--dry-run with --show-secrets shows the secret', async () => {
      const r = await createServiceConfig(base(await newPeer(), {dryRun: true, showSecrets: true}))
      expect((r.config as Obj).cluster.secret).to.equal(DEFAULT_SECRET)
    })

    it('a matching CLUSTER_ID/CLUSTER_PRIVATEKEY pair is used for identity.json', async () => {
      const dir = await newPeer()
      const r = await createServiceConfig(base(dir, {env: {...ENV, CLUSTER_ID: ED_ID, CLUSTER_PRIVATEKEY: ED_KEY}}))
      expect(r.identity).to.equal('from-env')
      expect(r.peerId).to.equal(ED_ID)
      expect(await readFile(join(dir, 'identity.json'), 'utf8')).to.equal(`{\n    "id": "${ED_ID}",\n    "private_key": "${ED_KEY}"\n}`)
      // The identity variables are not config keys: service.json stays the default.
      expect(await readFile(join(dir, 'service.json'), 'utf8')).to.equal(await defaultServiceJson())
    })

    it('a mismatched CLUSTER_ID/CLUSTER_PRIVATEKEY pair exits 4 and writes nothing', async () => {
      const dir = await newPeer()
      const e = await expectUserError(() => createServiceConfig(base(dir, {env: {...ENV, CLUSTER_ID: ED2_ID, CLUSTER_PRIVATEKEY: ED_KEY}})), ExitCode.invalid)
      expect(e.message).to.contain('does not match')
      expect((await exists(dir)) ? await readdir(dir) : []).to.deep.equal([])
    })

    it('CLUSTER_ID alone exits 4', async () => {
      const dir = await newPeer()
      await expectUserError(() => createServiceConfig(base(dir, {env: {...ENV, CLUSTER_ID: ED_ID}})), ExitCode.invalid)
      expect((await exists(dir)) ? await readdir(dir) : []).to.deep.equal([])
    })

    it('--peers sets crdt trusted_peers to the ids and writes one peerstore line per address', async () => {
      const dir = await newPeer()
      const peers = [`/ip4/10.0.0.1/tcp/9096/p2p/${ED_ID}`, `/dns4/peer2.example/tcp/9096/p2p/${ED2_ID}`]
      await createServiceConfig(base(dir, {peers}))
      const c = await readJson(join(dir, 'service.json'))
      expect(c.consensus.crdt.trusted_peers).to.deep.equal([ED_ID, ED2_ID])
      expect((await readFile(join(dir, 'peerstore'), 'utf8')).split('\n').filter(Boolean).sort()).to.deep.equal([...peers].sort())
      expect(await readFile(join(dir, 'peerstore'), 'utf8')).to.match(/\n$/)
    })

    it('--peers addresses are written as the daemon prints them (/ipfs/ becomes /p2p/)', async () => {
      const dir = await newPeer()
      await createServiceConfig(base(dir, {peers: [`/ip4/10.0.0.1/tcp/9096/ipfs/${ED_ID}`]}))
      expect(await readFile(join(dir, 'peerstore'), 'utf8')).to.equal(`/ip4/10.0.0.1/tcp/9096/p2p/${ED_ID}\n`)
      expect((await readJson(join(dir, 'service.json'))).consensus.crdt.trusted_peers).to.deep.equal([ED_ID])
    })

    it('--peers with raft sets init_peerset, and there is no datastore section', async () => {
      const dir = await newPeer()
      const r = await createServiceConfig(base(dir, {consensus: 'raft', datastore: undefined, peers: [`/ip4/10.0.0.1/tcp/9096/p2p/${ED_ID}`]}))
      const c = await readJson(join(dir, 'service.json'))
      expect(c.consensus.raft.init_peerset).to.deep.equal([ED_ID])
      expect(c).to.not.have.property('datastore')
      expect(r.datastore).to.equal(null)
    })

    it('a --peers address without /p2p is a usage error and nothing is written', async () => {
      const dir = await newPeer()
      const e = await expectUserError(() => createServiceConfig(base(dir, {peers: ['/ip4/10.0.0.1/tcp/9096']})), ExitCode.usage)
      expect(e.message).to.contain('/ip4/10.0.0.1/tcp/9096')
      expect((await exists(dir)) ? await readdir(dir) : []).to.deep.equal([])
    })

    it('--custom deep-merges into the generated config', async () => {
      const dir = await newPeer()
      await createServiceConfig(base(dir, {custom: {cluster: {connection_manager: {high_water: 800}}, informer: {tags: {tags: {group: 'eu'}}}}}))
      const c = await readJson(join(dir, 'service.json'))
      expect(c.cluster.connection_manager).to.deep.equal({high_water: 800, low_water: 100, grace_period: '2m0s'})
      expect(c.informer.tags.tags).to.deep.equal({group: 'eu'})
    })

    it('--secret and --peername and replication flags override env', async () => {
      const dir = await newPeer()
      await createServiceConfig(base(dir, {secret: 'ab'.repeat(32), peername: 'p1', replicationMin: 2, replicationMax: 3}))
      const c = await readJson(join(dir, 'service.json'))
      expect(c.cluster.secret).to.equal('ab'.repeat(32))
      expect(c.cluster.peername).to.equal('p1')
      expect([c.cluster.replication_factor_min, c.cluster.replication_factor_max]).to.deep.equal([2, 3])
    })

    it('--random-ports picks distinct free ports for the four listeners', async () => {
      const dir = await newPeer()
      await createServiceConfig(base(dir, {randomPorts: true}))
      const c = await readJson(join(dir, 'service.json'))
      const ports = [
        ...c.cluster.listen_multiaddress,
        c.api.restapi.http_listen_multiaddress,
        c.api.ipfsproxy.listen_multiaddress,
        c.api.pinsvcapi.http_listen_multiaddress,
      ].map((a: string) => a.split('/').slice(3, 5).join('/'))
      expect(ports).to.have.length(5)
      expect(ports.some((p) => /^(tcp|udp)\/(9094|9095|9096|9097)$/.test(p))).to.equal(false)
      const tcp = ports.filter((p) => p.startsWith('tcp'))
      expect(new Set(tcp).size).to.equal(tcp.length)
      expect(c.cluster.listen_multiaddress[1]).to.match(/^\/ip4\/0\.0\.0\.0\/udp\/\d+\/quic$/)
    })
  })

  describe('getServiceConfig', () => {
    let dir: string
    before(async () => {
      dir = await newPeer()
      await createServiceConfig(base(dir, {set: [['api.restapi.basic_auth_credentials', 'admin:hunter2']]}))
    })

    it('the whole config, secrets redacted and listed', async () => {
      const r = await getServiceConfig({path: dir})
      const v = r.value as Obj
      expect(r.key).to.equal(null)
      expect(r.source).to.equal('file')
      expect(v.cluster.secret).to.equal(REDACTED)
      expect(v.api.restapi.basic_auth_credentials).to.deep.equal({admin: REDACTED})
      expect(r.redacted.sort()).to.deep.equal(['api.restapi.basic_auth_credentials.admin', 'cluster.secret'])
      expect(JSON.stringify(v)).to.not.contain('hunter2')
      expect(JSON.stringify(v)).to.not.contain(DEFAULT_SECRET)
    })

    it('--show-secrets shows them', async () => {
      const r = await getServiceConfig({path: dir, showSecrets: true})
      expect((r.value as Obj).cluster.secret).to.equal(DEFAULT_SECRET)
      expect(r.redacted).to.deep.equal([])
      expect((await getServiceConfig({path: dir, key: 'cluster.secret', showSecrets: true})).value).to.equal(DEFAULT_SECRET)
    })

    it('one secret key asked for by name needs showSecrets (exit 2); a section holding one is redacted', async () => {
      const e = await expectUserError(() => getServiceConfig({path: dir, key: 'cluster.secret'}), ExitCode.usage)
      expect(e.message).to.equal('cluster.secret is a secret: pass --show-secrets to print it')
      await expectUserError(() => getServiceConfig({path: dir, key: 'api.restapi.basic_auth_credentials.admin'}), ExitCode.usage)
      expect((await getServiceConfig({path: dir, key: 'cluster.secret', showSecrets: true})).value).to.equal(DEFAULT_SECRET)
      const creds = await getServiceConfig({path: dir, key: 'api.restapi.basic_auth_credentials'})
      expect(creds.value).to.deep.equal({admin: REDACTED})
      const section = await getServiceConfig({path: dir, key: 'cluster'})
      expect((section.value as Obj).secret).to.equal(REDACTED)
      expect((section.value as Obj).peername).to.equal('peername')
    })

    it('plain keys, with their JSON types', async () => {
      expect((await getServiceConfig({path: dir, key: 'cluster.peername'})).value).to.equal('peername')
      expect((await getServiceConfig({path: dir, key: 'cluster.replication_factor_min'})).value).to.equal(-1)
      expect((await getServiceConfig({path: dir, key: 'cluster.listen_multiaddress'})).value).to.deep.equal([
        '/ip4/0.0.0.0/tcp/9096',
        '/ip4/0.0.0.0/udp/9096/quic',
      ])
    })

    it('an omitted key reports its default with source "default" (follower_mode)', async () => {
      const r = await getServiceConfig({path: dir, key: 'cluster.follower_mode'})
      expect(r.value).to.equal(false)
      expect(r.source).to.equal('default')
      const q = await getServiceConfig({path: dir, key: 'consensus.crdt.batching.max_queue_size'})
      expect(q).to.deep.include({value: 50000, source: 'default'})
    })

    it('an unknown key exits 8 with a suggestion; a known key absent without default exits 3', async () => {
      const e = await expectUserError(() => getServiceConfig({path: dir, key: 'cluster.sceret'}), ExitCode.unknownKey)
      expect(e.message).to.contain('cluster.secret')
      const absent = await expectUserError(() => getServiceConfig({path: dir, key: 'consensus.raft.commit_retries'}), ExitCode.notFound)
      expect(absent.message).to.contain('this peer uses crdt')
    })

    it('a folder without service.json exits 3', async () => {
      const empty = await tmp.make()
      const e = await expectUserError(() => getServiceConfig({path: empty}), ExitCode.notFound)
      expect(e.message).to.contain(empty)
    })

    it('a service.json that is not JSON exits 4 with its path', async () => {
      const d = await tmp.make()
      await writeFile(join(d, 'service.json'), '{"cluster": ')
      const e = await expectUserError(() => getServiceConfig({path: d}), ExitCode.invalid)
      expect(e.message).to.contain(join(d, 'service.json'))
    })
  })

  describe('setServiceConfig', () => {
    it('writes typed values, keeps Go formatting, and lists the changes', async () => {
      const dir = await newPeer()
      await createServiceConfig(base(dir))
      const r = await setServiceConfig({
        path: dir,
        pairs: [
          ['cluster.replication_factor_min', '2'],
          ['cluster.replication_factor_max', '3'],
          ['cluster.monitor_ping_interval', '90s'],
          ['cluster.leave_on_shutdown', 'true'],
          ['cluster.listen_multiaddress', '/ip4/0.0.0.0/tcp/9196'],
          ['informer.tags.tags.region', 'eu'],
          ['consensus.crdt.trusted_peers', `${ED_ID},*`],
        ],
      })
      expect(r.written).to.equal(true)
      expect(r.changes.find((c) => c.key === 'cluster.replication_factor_min')).to.deep.equal({key: 'cluster.replication_factor_min', before: -1, after: 2, changed: true})
      expect(r.changes.find((c) => c.key === 'cluster.monitor_ping_interval')).to.deep.include({before: '15s', after: '1m30s'})
      const text = await readFile(join(dir, 'service.json'), 'utf8')
      const c = JSON.parse(text)
      expect(c.cluster.replication_factor_min).to.equal(2)
      expect(c.cluster.replication_factor_max).to.equal(3)
      expect(c.cluster.monitor_ping_interval).to.equal('1m30s')
      expect(c.cluster.leave_on_shutdown).to.equal(true)
      expect(c.informer.tags.tags).to.deep.equal({group: 'default', region: 'eu'})
      expect(c.consensus.crdt.trusted_peers).to.deep.equal(['*'])
      expect(text).to.contain('    "listen_multiaddress": "/ip4/0.0.0.0/tcp/9196",\n')
      // Everything else is exactly as Go would write it.
      expect(text).to.equal(serializeService(c))
      expect(text.endsWith('}')).to.equal(true)
      expect((await stat(join(dir, 'service.json'))).mode & 0o777).to.equal(0o600)
    })

    it('hides secrets in the change list', async () => {
      const dir = await newPeer()
      await createServiceConfig(base(dir))
      const r = await setServiceConfig({path: dir, pairs: [['cluster.secret', 'ab'.repeat(32)], ['api.restapi.basic_auth_credentials.admin', 'pw']]})
      expect(JSON.stringify(r.changes)).to.not.contain('ab'.repeat(32))
      expect(JSON.stringify(r.changes)).to.not.contain(DEFAULT_SECRET)
      expect(JSON.stringify(r.changes)).to.not.contain('"pw"')
      const c = await readJson(join(dir, 'service.json'))
      expect(c.cluster.secret).to.equal('ab'.repeat(32))
      expect(c.api.restapi.basic_auth_credentials).to.deep.equal({admin: 'pw'})
    })

    for (const [what, pairs, code] of [
      ['an invalid result (min 5, max -1)', [['cluster.replication_factor_min', '5']], ExitCode.invalid],
      ['a value of the wrong type', [['cluster.replication_factor_min', 'x']], ExitCode.invalid],
      ['a bad duration', [['cluster.monitor_ping_interval', '1d']], ExitCode.invalid],
      ['an unknown key', [['cluster.sceret', 'x']], ExitCode.unknownKey],
      ['a good pair followed by a bad one', [['cluster.peername', 'changed'], ['cluster.replication_factor_max', '-5']], ExitCode.invalid],
      ['no pairs', [], ExitCode.usage],
    ] as [string, [string, string][], number][])
      it(`${what}: exit ${code}, service.json byte-identical`, async () => {
        const dir = await newPeer()
        await createServiceConfig(base(dir))
        const before = await snapshot(dir)
        await expectUserError(() => setServiceConfig({path: dir, pairs}), code)
        expect(await snapshot(dir)).to.deep.equal(before)
      })

    it('--dry-run reports the change and writes nothing', async () => {
      const dir = await newPeer()
      await createServiceConfig(base(dir))
      const before = await snapshot(dir)
      const r = await setServiceConfig({path: dir, pairs: [['cluster.peername', 'x']], dryRun: true})
      expect(r.written).to.equal(false)
      expect(r.changes).to.deep.equal([{key: 'cluster.peername', before: 'peername', after: 'x', changed: true}])
      expect(await snapshot(dir)).to.deep.equal(before)
    })

    it('setting the current value writes nothing', async () => {
      const dir = await newPeer()
      await createServiceConfig(base(dir))
      const before = await snapshot(dir)
      await new Promise((r) => setTimeout(r, 20))
      const r = await setServiceConfig({path: dir, pairs: [['cluster.peername', 'peername'], ['cluster.monitor_ping_interval', '15000ms']]})
      expect(r.written).to.equal(false)
      expect(await snapshot(dir)).to.deep.equal(before)
    })

    it('keeps unknown keys of the file', async () => {
      const dir = await newPeer()
      await createServiceConfig(base(dir))
      const c = await readJson(join(dir, 'service.json'))
      c.cluster.custom_note = 'keep me'
      await writeFile(join(dir, 'service.json'), serializeService(c))
      await setServiceConfig({path: dir, pairs: [['cluster.peername', 'x']]})
      expect((await readJson(join(dir, 'service.json'))).cluster.custom_note).to.equal('keep me')
    })

    it('concurrent sets on different keys lose no update', async () => {
      const dir = await newPeer()
      await createServiceConfig(base(dir))
      await Promise.all([
        setServiceConfig({path: dir, pairs: [['cluster.peername', 'a']]}),
        setServiceConfig({path: dir, pairs: [['cluster.replication_factor_min', '1'], ['cluster.replication_factor_max', '1']]}),
        setServiceConfig({path: dir, pairs: [['informer.tags.tags.region', 'eu']]}),
        setServiceConfig({path: dir, pairs: [['cluster.leave_on_shutdown', 'true']]}),
      ])
      const c = await readJson(join(dir, 'service.json'))
      expect(c.cluster.peername).to.equal('a')
      expect(c.cluster.replication_factor_min).to.equal(1)
      expect(c.informer.tags.tags.region).to.equal('eu')
      expect(c.cluster.leave_on_shutdown).to.equal(true)
    })

    it('a missing service.json exits 3', async () => {
      const empty = await tmp.make()
      await expectUserError(() => setServiceConfig({path: empty, pairs: [['cluster.peername', 'x']]}), ExitCode.notFound)
      expect(await readdir(empty)).to.deep.equal([])
    })

    it('a folder that does not exist exits 3 and is not created', async () => {
      const missing = join(await tmp.make(), 'typo')
      await expectUserError(() => setServiceConfig({path: missing, pairs: [['cluster.peername', 'x']]}), ExitCode.notFound)
      expect(await exists(missing)).to.equal(false)
    })
  })

  describe('validateServiceFolder', () => {
    it('a created folder is valid', async () => {
      const dir = await newPeer()
      await createServiceConfig(base(dir))
      const r = await validateServiceFolder({path: dir})
      expect(r).to.deep.include({valid: true, errors: [], warnings: []})
    })
    it('reports broken JSON, a missing identity and a rule violation as errors naming the file', async () => {
      const dir = await newPeer()
      await createServiceConfig(base(dir))
      await writeFile(join(dir, 'identity.json'), `{"id": "${ED2_ID}", "private_key": "${ED2_KEY}"`)
      let r = await validateServiceFolder({path: dir})
      expect(r.valid).to.equal(false)
      expect(r.errors.map((p) => p.file)).to.deep.equal([join(dir, 'identity.json')])
      expect(r.errors[0].message).to.match(/line 1 column \d+/)

      const c = await readJson(join(dir, 'service.json'))
      c.cluster.replication_factor_min = 5
      await writeFile(join(dir, 'service.json'), serializeService(c))
      await rm(join(dir, 'identity.json'))
      r = await validateServiceFolder({path: dir})
      expect(r.valid).to.equal(false)
      expect(r.errors.some((p) => p.file === join(dir, 'identity.json') && /missing/.test(p.message))).to.equal(true)
      expect(r.errors.some((p) => p.file === join(dir, 'service.json') && p.key === 'cluster.replication_factor_min')).to.equal(true)
    })
    it('an empty secret is a warning only', async () => {
      const dir = await newPeer()
      await createServiceConfig(base(dir, {env: {CLUSTER_SECRET: ''}}))
      const r = await validateServiceFolder({path: dir})
      expect(r.valid).to.equal(true)
      expect(r.warnings.map((w) => w.key)).to.deep.equal(['cluster.secret'])
    })
    it('a folder without service.json exits 3', async () => {
      await expectUserError(async () => validateServiceFolder({path: await tmp.make()}), ExitCode.notFound)
    })
  })

  describe('helpers', () => {
    it('failOnErrors throws exit 4 naming the first error and counting the rest; warnings pass', async () => {
      const p = (key: string, severity: 'error' | 'warning' = 'error') => ({severity, file: 'f.json', key, message: 'is bad'})
      failOnErrors([p('a', 'warning')], 'x')
      const e = await expectUserError(() => failOnErrors([p('a'), p('b'), p('c')], 'nothing written'), ExitCode.invalid)
      expect(e.message).to.equal('nothing written: f.json: a is bad (and 2 more problems)')
      const one = await expectUserError(() => failOnErrors([p('a'), p('b')], 'nothing written'), ExitCode.invalid)
      expect(one.message).to.equal('nothing written: f.json: a is bad (and 1 more problem)')
    })
    it('deepMerge merges objects and replaces everything else', () => {
      const t: Obj = {a: {b: 1, c: [1, 2]}, d: 1}
      const patch = {a: {c: [3], e: {f: 1}}, d: null}
      deepMerge(t, patch)
      expect(t).to.deep.equal({a: {b: 1, c: [3], e: {f: 1}}, d: null})
      ;(patch.a.e as Obj).f = 2
      expect(t.a.e.f).to.equal(1)
    })
  })
})
