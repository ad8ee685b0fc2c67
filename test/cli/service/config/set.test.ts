import {expect} from 'chai'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

import {jsonOut, runCli} from '../../../support/cli.js'
import {SECRET, readJson, snapshot, tempDir} from '../../helpers.js'

describe('service config set (CLI)', () => {
  let dir: string
  beforeEach(async () => {
    dir = join(await tempDir(), 'peer')
    expect((await runCli(['service', 'config', 'create', '--path', dir, '--peername', 'p0'])).code).to.equal(0)
  })

  it('sets typed values (int, duration normalised, address list, map) and keeps Go formatting', async () => {
    const r = await runCli(['service', 'config', 'set', '--path', dir,
      'cluster.replication_factor_min', '2', 'cluster.replication_factor_max', '3',
      'cluster.state_sync_interval', '90s',
      'cluster.listen_multiaddress', '/ip4/0.0.0.0/tcp/9196',
      'informer.tags.tags', 'group:eu,region:x'])
    expect(r.code, r.stderr).to.equal(0)
    const text = await readFile(join(dir, 'service.json'), 'utf8')
    const svc = JSON.parse(text)
    expect(svc.cluster).to.include({replication_factor_min: 2, replication_factor_max: 3, state_sync_interval: '1m30s'})
    expect(text).to.contain('"listen_multiaddress": "/ip4/0.0.0.0/tcp/9196",') // one address: a plain string, as Go writes it
    expect(svc.informer.tags.tags).to.deep.equal({group: 'eu', region: 'x'})
    expect(text.endsWith('\n')).to.equal(false)
  })

  it('refuses a value of the wrong type or an invalid result with exit 4, leaving the file byte-identical', async () => {
    const before = await snapshot(dir)
    for (const args of [['cluster.replication_factor_min', 'two'], ['cluster.state_sync_interval', '1d'], ['cluster.replication_factor_min', '5'], ['cluster.listen_multiaddress', '/ip4/1.2.3/tcp/1']]) {
      const r = await runCli(['service', 'config', 'set', '--path', dir, ...args])
      expect(r.code, args.join(' ')).to.equal(4)
      expect(r.stderr, args.join(' ')).to.contain(args[0])
    }
    expect(await snapshot(dir)).to.deep.equal(before)
  })

  it('usage errors under --json are our one error document (exit 2), not oclif\'s internals', async () => {
    const before = await snapshot(dir)
    for (const [args, message] of [
      [['service', 'config', 'set', '--path', dir, '--json'], /^Missing 2 required args: key \(dotted key\); value /],
      [['service', 'config', 'get', '--bogus', '--path', dir, '--json'], /^Nonexistent flag: --bogus$/],
      [['service', 'config', 'create', '--consensus', 'paxos', '--path', join(dir, 'new'), '--json'], /^Expected --consensus=paxos to be one of: crdt, raft$/],
    ] as const) {
      const r = await runCli([...args])
      expect(r.code, args.join(' ')).to.equal(2)
      const out = jsonOut(r)
      expect(Object.keys(out.error)).to.deep.equal(['name', 'message', 'exit', 'nextSteps', 'details'])
      expect(out.error.exit).to.equal(2)
      expect(out.error.message).to.match(message)
      expect(out.error.nextSteps[0]).to.match(/^ipfs-cluster-config service config (set|get|create) --help$/)
      expect(r.stdout).to.not.contain('pjson') // none of oclif's config
    }
    expect(await snapshot(dir)).to.deep.equal(before)
  })

  it('an unknown key exits 8; an odd number of arguments is a usage error', async () => {
    expect((await runCli(['service', 'config', 'set', '--path', dir, 'cluster.peernam', 'x'])).code).to.equal(8)
    expect((await runCli(['service', 'config', 'set', '--path', dir, 'cluster.peername', 'x', 'cluster.secret'])).code).to.equal(2)
  })

  it('--dry-run shows before/after and writes nothing; --json gives the change list', async () => {
    const before = await snapshot(dir)
    const r = await runCli(['service', 'config', 'set', '--path', dir, 'cluster.peername', 'renamed', '--dry-run', '--json'])
    expect(r.code).to.equal(0)
    expect(jsonOut(r)).to.deep.include({written: false, changes: [{key: 'cluster.peername', before: 'p0', after: 'renamed', changed: true}]})
    expect(await snapshot(dir)).to.deep.equal(before)
  })

  it('reads a secret from stdin and never echoes it', async () => {
    const r = await runCli(['service', 'config', 'set', '--path', dir, 'cluster.secret', '-'], {input: SECRET})
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout + r.stderr).not.to.contain(SECRET)
    expect((await readJson(join(dir, 'service.json'))).cluster.secret).to.equal(SECRET)
  })

  it('concurrent writers lose no update', async () => {
    const keys = ['cluster.peername', 'consensus.crdt.cluster_name', 'informer.disk.metric_type', 'cluster.mdns_interval', 'cluster.dial_peer_timeout', 'observations.tracing.service_name']
    const values = ['racer', 'race-cluster', 'reposize', '0s', '7s', 'race-svc']
    const results = await Promise.all(keys.map((k, i) => runCli(['service', 'config', 'set', '--path', dir, k, values[i]])))
    for (const r of results) expect(r.code, r.stderr).to.equal(0)
    const svc = await readJson(join(dir, 'service.json'))
    expect([svc.cluster.peername, svc.consensus.crdt.cluster_name, svc.informer.disk.metric_type, svc.cluster.mdns_interval, svc.cluster.dial_peer_timeout, svc.observations.tracing.service_name]).to.deep.equal(values)
  })
})
