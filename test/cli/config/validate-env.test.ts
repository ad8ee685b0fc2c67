import {expect} from 'chai'
import {join} from 'node:path'

import {jsonOut, runCli} from '../../support/cli.js'
import {ID, SECRET, snapshot, tempDir} from '../helpers.js'

describe('config validate: the daemon\'s view (CLUSTER_*) and --strict (CLI)', () => {
  let dir: string
  beforeEach(async () => {
    dir = join(await tempDir(), 'peer')
    expect((await runCli(['service', 'config', 'create', '--path', dir, '--peername', 'p0', '--secret', SECRET])).code).to.equal(0)
  })

  it('applies the variables the daemon will apply, naming each one that changes a value (secrets redacted)', async () => {
    const other = 'b'.repeat(64)
    const r = await runCli(['service', 'config', 'validate', '--path', dir], {env: {CLUSTER_PEERNAME: 'from-env', CLUSTER_SECRET: other, CLUSTER_LEAVEONSHUTDOWN: 'false'}})
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr).to.contain('from the environment: CLUSTER_PEERNAME changes service.json cluster.peername: "p0" -> "from-env"')
    expect(r.stderr).to.contain('from the environment: CLUSTER_SECRET changes service.json cluster.secret: "<redacted: use --show-secrets>" -> "<redacted: use --show-secrets>"')
    expect(r.stderr).not.to.contain('LEAVEONSHUTDOWN') // the same value as the file: no change to name
    expect(r.stderr + r.stdout).not.to.contain(other)
    expect(r.stdout).to.contain('(with 2 CLUSTER_* overrides)')
  })

  it('a variable that breaks the config fails (exit 4) naming it; --no-env checks the file alone; nothing is written', async () => {
    const before = await snapshot(dir)
    const env = {CLUSTER_REPLICATIONFACTORMIN: '3', CLUSTER_ID: ID}
    const r = await runCli(['service', 'config', 'validate', '--path', dir, '--json'], {env})
    expect(r.code).to.equal(4)
    const out = jsonOut(r)
    expect(out.fromEnv.map((c: any) => c.variable)).to.deep.equal(['CLUSTER_REPLICATIONFACTORMIN', 'CLUSTER_ID'])
    expect(out.errors.map((e: any) => e.message)).to.deep.equal([
      'identity ID does not match the private_key (from CLUSTER_ID)',
      'and replication_factor_max must both be -1 when one of them is (from CLUSTER_REPLICATIONFACTORMIN)',
    ])
    const unparsable = await runCli(['service', 'config', 'validate', '--path', dir], {env: {CLUSTER_CONNECTIONMANAGER_HIGHWATER: 'lots'}})
    expect(unparsable.code).to.equal(4)
    expect(unparsable.stderr).to.contain('error applying environment variable CLUSTER_CONNECTIONMANAGER_HIGHWATER')
    const alone = await runCli(['service', 'config', 'validate', '--path', dir, '--no-env', '--json'], {env})
    expect(alone.code).to.equal(0)
    expect(jsonOut(alone).fromEnv).to.deep.equal([])
    expect(await snapshot(dir)).to.deep.equal(before)
  })

  it('--strict fails on warnings (exit 4) and passes a clean config', async () => {
    expect((await runCli(['service', 'config', 'validate', '--path', dir, '--strict'])).code).to.equal(0)
    await runCli(['service', 'config', 'unset', '--path', dir, 'api.pinsvcapi'])
    expect((await runCli(['service', 'config', 'validate', '--path', dir])).code).to.equal(0)
    const strict = await runCli(['service', 'config', 'validate', '--path', dir, '--strict', '--json'])
    expect(strict.code).to.equal(4)
    expect(jsonOut(strict)).to.deep.include({valid: false, strict: true, errors: []})
    const text = await runCli(['service', 'config', 'validate', '--path', dir, '--strict'])
    expect(text.stdout).to.equal('invalid (--strict): 1 warning\n')
  })

  it('a follower gets the same treatment', async () => {
    const base = await tempDir()
    await runCli(['follow', 'config', 'create', 't', '--path', base, '--leader', `/ip4/10.0.0.1/tcp/9096/p2p/${ID}`, '--secret', SECRET])
    const r = await runCli(['follow', 'config', 'validate', 't', '--path', base, '--json'], {env: {CLUSTER_PEERNAME: 'envf'}})
    expect(r.code, r.stdout).to.equal(0)
    expect(jsonOut(r).fromEnv[0]).to.deep.include({variable: 'CLUSTER_PEERNAME', key: 'cluster.peername', to: 'envf'})
  })
})
