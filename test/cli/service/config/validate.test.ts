import {expect} from 'chai'
import {readFile, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {jsonOut, runCli} from '../../../support/cli.js'
import {tempDir} from '../../helpers.js'

describe('service config validate (CLI)', () => {
  let dir: string
  beforeEach(async () => {
    dir = join(await tempDir(), 'peer')
    expect((await runCli(['service', 'config', 'create', '--path', dir])).code).to.equal(0)
  })

  it('exits 0 on what create wrote', async () => {
    const r = await runCli(['service', 'config', 'validate', '--path', dir])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.match(/^valid: /)
  })

  it('exits 4 with one line per problem naming file and key', async () => {
    const file = join(dir, 'service.json')
    const svc = JSON.parse(await readFile(file, 'utf8'))
    svc.cluster.replication_factor_min = 4
    svc.cluster.replication_factor_max = 2
    svc.consensus.raft = {}
    await writeFile(file, JSON.stringify(svc))
    const r = await runCli(['service', 'config', 'validate', '--path', dir])
    expect(r.code).to.equal(4)
    const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('error: '))
    expect(lines).to.have.length(2)
    expect(lines[0]).to.contain(file)
    expect(r.stderr).to.contain('cluster.replication_factor_min').and.to.contain('consensus')
    const json = await runCli(['service', 'config', 'validate', '--path', dir, '--json'])
    expect(json.code).to.equal(4)
    expect(jsonOut(json).valid).to.equal(false)
    expect(jsonOut(json).errors.map((e: {key: string}) => e.key)).to.have.members(['cluster.replication_factor_min', 'consensus'])
  })

  it('reports a missing identity.json and warns about an empty secret', async () => {
    await rm(join(dir, 'identity.json'))
    const file = join(dir, 'service.json')
    const svc = JSON.parse(await readFile(file, 'utf8'))
    svc.cluster.secret = ''
    await writeFile(file, JSON.stringify(svc))
    const r = await runCli(['service', 'config', 'validate', '--path', dir, '--json'])
    expect(r.code).to.equal(4)
    const out = jsonOut(r)
    expect(out.errors[0].file).to.equal(join(dir, 'identity.json'))
    expect(out.warnings.map((w: {key: string}) => w.key)).to.include('cluster.secret')
  })

  it('warns about CLUSTER_* variables the daemon ignores (with the real name) or reads as empty; still exit 0', async () => {
    const env = {CLUSTER_MONITOR_PING_INTERVAL: '2s', CLUSTER_PEERNAME: '', CLUSTER_MONITORPINGINTERVAL: '2s'}
    const r = await runCli(['service', 'config', 'validate', '--path', dir], {env})
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.match(/^valid: .*, 2 warnings \(with 2 CLUSTER_\* overrides\)$/m)
    expect(r.stderr).to.contain('warning: environment: CLUSTER_MONITOR_PING_INTERVAL is not read by ipfs-cluster-service or ipfs-cluster-follow: it is silently ignored (did you mean CLUSTER_MONITORPINGINTERVAL?)')
    expect(r.stderr).to.contain('warning: environment: CLUSTER_PEERNAME is set but empty: the daemon applies the empty value over service.json')
    const json = jsonOut(await runCli(['service', 'config', 'validate', '--path', dir, '--json'], {env}))
    expect(json.valid).to.equal(true)
    expect(json.warnings.map((w: {file: string; key: string}) => `${w.file}:${w.key}`)).to.deep.equal(['environment:CLUSTER_MONITOR_PING_INTERVAL', 'environment:CLUSTER_PEERNAME'])
  })
})
