import {expect} from 'chai'
import {join} from 'node:path'

import {jsonOut, runCli} from '../../support/cli.js'
import {ID, SECRET, tempDir} from '../helpers.js'

describe('config diff (CLI)', () => {
  let a: string
  let b: string
  beforeEach(async () => {
    const root = await tempDir()
    a = join(root, 'a')
    b = join(root, 'b')
    for (const [dir, name] of [[a, 'a'], [b, 'b']]) expect((await runCli(['service', 'config', 'create', '--path', dir, '--peername', name, '--secret', SECRET])).code).to.equal(0)
  })

  it('against another peer: exit 1 with one line per key; the same folder: exit 0', async () => {
    await runCli(['service', 'config', 'set', '--path', b, 'cluster.replication_factor_min', '2', 'cluster.replication_factor_max', '3', 'api.restapi.basic_auth_credentials', 'admin:pw'])
    await runCli(['service', 'config', 'unset', '--path', b, 'api.pinsvcapi'])
    const r = await runCli(['service', 'config', 'diff', '--path', a, '--against', b])
    expect(r.code, r.stderr).to.equal(1)
    expect(r.stdout.split('\n').filter(Boolean)).to.deep.equal([
      '~ cluster.peername: "a" -> "b"',
      '~ cluster.replication_factor_min: -1 -> 2',
      '~ cluster.replication_factor_max: -1 -> 3',
      `- api.pinsvcapi: ${r.stdout.match(/- api.pinsvcapi: (.*) \(only in/)![1]} (only in ${join(a, 'service.json')})`,
      '~ api.restapi.basic_auth_credentials: null -> {"admin":"<redacted: use --show-secrets>"}',
    ])
    expect(r.stdout).not.to.contain('pw')
    const same = await runCli(['service', 'config', 'diff', '--path', a, '--against', a, '--json'])
    expect(same.code).to.equal(0)
    expect(jsonOut(same)).to.deep.include({same: true, differences: []})
  })

  it('against the defaults (the default): the peer name and the secret, redacted; --json exit 1', async () => {
    const r = await runCli(['service', 'config', 'diff', '--path', a, '--json'])
    expect(r.code).to.equal(1)
    const out = jsonOut(r)
    expect(out.against).to.equal('defaults')
    expect(out.differences.map((d: any) => d.key)).to.include.members(['cluster.secret'])
    expect(out.differences.find((d: any) => d.key === 'cluster.secret')).to.deep.equal({key: 'cluster.secret', kind: 'changed', here: '<redacted: use --show-secrets>', there: ''})
    expect(r.stdout).not.to.contain(SECRET)
    const shown = await runCli(['service', 'config', 'diff', '--path', a, '--defaults', '--show-secrets', '--json'])
    expect(shown.stdout).to.contain(SECRET)
  })

  it('usage errors: --defaults with --against (exit 2), a missing peer (exit 3), a source-mode follower', async () => {
    expect((await runCli(['service', 'config', 'diff', '--path', a, '--defaults', '--against', b])).code).to.equal(2)
    expect((await runCli(['service', 'config', 'diff', '--path', join(a, 'x')])).code).to.equal(3)
    expect((await runCli(['service', 'config', 'diff', '--path', a, '--against', join(a, 'x')])).code).to.equal(3)
    const base = await tempDir()
    await runCli(['follow', 'config', 'create', 's', '--path', base, '--source', 'https://x.org/a'])
    const r = await runCli(['follow', 'config', 'diff', 's', '--path', base])
    expect(r.code).to.equal(2)
    expect(r.stderr).to.contain('holds only a source')
  })

  it('a template follower against its defaults (no API section)', async () => {
    const base = await tempDir()
    await runCli(['follow', 'config', 'create', 't', '--path', base, '--leader', `/ip4/10.0.0.1/tcp/9096/p2p/${ID}`, '--secret', SECRET])
    const r = await runCli(['follow', 'config', 'diff', 't', '--path', base, '--json'])
    expect(r.code).to.equal(1)
    const keys = jsonOut(r).differences.map((d: any) => d.key)
    expect(keys).to.include.members(['cluster.secret', 'cluster.listen_multiaddress', 'cluster.peer_addresses', 'consensus.crdt.trusted_peers'])
    expect(keys.some((k: string) => k.startsWith('api'))).to.equal(false)
  })
})
