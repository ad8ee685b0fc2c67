// `set KEY VALUE [KEY VALUE ...]`: the pairs as typed (oclif's non-strict argv is sorted by first occurrence, which
// scrambled repeated values), one value from stdin at most, an empty stdin refused; the same parser for service and
// follow set.
import {expect} from 'chai'
import {join} from 'node:path'

import {jsonOut, runCli} from '../../support/cli.js'
import {ID, SECRET, readJson, snapshot, tempDir} from '../helpers.js'

describe('set arguments (service and follow)', () => {
  let dir: string
  let base: string
  before(async () => {
    dir = join(tempDir(), 'peer')
    expect((await runCli(['service', 'config', 'create', '--path', dir, '--peername', 'p0', '--secret', SECRET])).code).to.equal(0)
    base = tempDir()
    const f = await runCli(['follow', 'config', 'create', 'led', '--path', base, '--leader', `/ip4/127.0.0.1/tcp/9096/p2p/${ID}`, '--secret', SECRET])
    expect(f.code, f.stderr).to.equal(0)
  })

  const service = (...args: string[]) => ['service', 'config', 'set', '--path', dir, ...args]
  const follow = (...args: string[]) => ['follow', 'config', 'set', 'led', '--path', base, ...args]

  for (const [name, cmd, file] of [
    ['service', service, () => join(dir, 'service.json')],
    ['follow', follow, () => join(base, 'led', 'service.json')],
  ] as const) {
    it(`${name}: equal values are paired with their own keys (3 3, then -1 -1, true true)`, async () => {
      let r = await runCli(cmd('cluster.replication_factor_min', '3', 'cluster.replication_factor_max', '3'))
      expect(r.code, r.stderr).to.equal(0)
      expect((await readJson(file())).cluster).to.include({replication_factor_min: 3, replication_factor_max: 3})
      // The factors can only go back to -1 together.
      r = await runCli(cmd('cluster.replication_factor_min', '-1', 'cluster.replication_factor_max', '-1'))
      expect(r.code, r.stderr).to.equal(0)
      expect((await readJson(file())).cluster).to.include({replication_factor_min: -1, replication_factor_max: -1})
      r = await runCli(cmd('cluster.disable_repinning', 'true', 'cluster.follower_mode', 'true'))
      expect(r.code, r.stderr).to.equal(0)
      expect((await readJson(file())).cluster).to.include({disable_repinning: true, follower_mode: true})
    })

    it(`${name}: a key given twice, two values from stdin, an empty stdin: usage errors (exit 2), nothing written`, async () => {
      const before = await snapshot(join(file(), '..'))
      const twice = await runCli(cmd('cluster.peername', 'a', 'cluster.peername', 'b'))
      expect(twice.code).to.equal(2)
      expect(twice.stderr).to.equal('Error: cluster.peername is given twice; give each key once\n')
      const two = await runCli(cmd('cluster.secret', '-', 'cluster.peername', '-'), {input: SECRET})
      expect(two.code).to.equal(2)
      expect(two.stderr).to.contain('only one value can be read from stdin ("-")').and.contain('cluster.secret and cluster.peername')
      for (const input of ['', '  \n']) {
        const empty = await runCli(cmd('cluster.secret', '-'), {input})
        expect(empty.code, JSON.stringify(input)).to.equal(2)
        expect(empty.stderr).to.match(/^Error: cluster\.secret: stdin \("-"\) was empty; to set an empty value, pass '' instead of "-"\n$/)
      }
      expect(await snapshot(join(file(), '..'))).to.deep.equal(before)
    })
  }

  it('one value from stdin among other pairs', async () => {
    const other = 'bb'.repeat(32)
    const r = await runCli(service('cluster.peername', 'p1', 'cluster.secret', '-', '--show-secrets', '--json'), {input: other + '\n'})
    expect(r.code, r.stderr).to.equal(0)
    expect((await readJson(join(dir, 'service.json'))).cluster).to.include({peername: 'p1', secret: other})
    expect(jsonOut(r).changes.map((c: {key: string}) => c.key)).to.deep.equal(['cluster.peername', 'cluster.secret'])
    expect((await runCli(service('cluster.secret', SECRET))).code).to.equal(0)
  })

  it('a no-op set says "unchanged", not "X -> X"; usage reads KEY VALUE [KEY VALUE ...]', async () => {
    expect((await runCli(service('cluster.peername', 'same'))).code).to.equal(0)
    const r = await runCli(service('cluster.peername', 'same'))
    expect(r.code).to.equal(0)
    expect(r.stdout).to.equal('cluster.peername: "same" (unchanged)\n')
    expect(r.stderr).to.match(/^unchanged: .*service\.json already had these values\n$/)
    expect(jsonOut(await runCli(service('cluster.peername', 'same', '--json'))).changes).to.deep.equal([{key: 'cluster.peername', before: 'same', after: 'same', changed: false}])
    expect((await runCli(['service', 'config', 'set', '--help'])).stdout).to.contain('$ ipfs-cluster-config service config set KEY VALUE [KEY VALUE ...]')
    expect((await runCli(['follow', 'config', 'set', '--help'])).stdout).to.contain('$ ipfs-cluster-config follow config set NAME KEY VALUE [KEY VALUE ...]')
  })

  it('an unknown flag among the pairs is a usage error, not a key', async () => {
    const r = await runCli(service('--bogus', 'cluster.peername', 'x'))
    expect(r.code).to.equal(2)
    expect(r.stderr.split('\n')[0]).to.equal('Error: Nonexistent flag: --bogus')
  })

  it('list entries by index: get, replace, append (a lone address stays a string)', async () => {
    const get = await runCli(['service', 'config', 'get', 'cluster.listen_multiaddress.1', '--path', dir])
    expect(get).to.include({code: 0, stdout: '/ip4/0.0.0.0/udp/9096/quic\n'})
    expect((await runCli(service('cluster.listen_multiaddress.0', '/ip4/0.0.0.0/tcp/9196'))).code).to.equal(0)
    expect((await readJson(join(dir, 'service.json'))).cluster.listen_multiaddress).to.deep.equal(['/ip4/0.0.0.0/tcp/9196', '/ip4/0.0.0.0/udp/9096/quic'])
    expect((await runCli(service('cluster.listen_multiaddress', '/ip4/0.0.0.0/tcp/9096'))).code).to.equal(0)
    expect((await runCli(['service', 'config', 'get', 'cluster.listen_multiaddress.0', '--path', dir])).stdout).to.equal('/ip4/0.0.0.0/tcp/9096\n')
    expect((await runCli(service('cluster.listen_multiaddress.1', '/ip4/0.0.0.0/udp/9096/quic'))).code).to.equal(0)
    expect((await readJson(join(dir, 'service.json'))).cluster.listen_multiaddress).to.deep.equal(['/ip4/0.0.0.0/tcp/9096', '/ip4/0.0.0.0/udp/9096/quic'])
    const before = await snapshot(dir)
    const gap = await runCli(service('cluster.listen_multiaddress.5', '/ip4/0.0.0.0/tcp/1'))
    expect(gap.code).to.equal(2)
    expect(gap.stderr).to.contain('cluster.listen_multiaddress.5').and.contain('the list has 2 entries')
    const bad = await runCli(service('cluster.listen_multiaddress.1', '/ip4/1.2.3/tcp/1'))
    expect(bad.code).to.equal(4)
    expect(bad.stderr).to.contain('cluster.listen_multiaddress.1: invalid multiaddress')
    expect(await snapshot(dir)).to.deep.equal(before)
    const unset = await runCli(['service', 'config', 'unset', '--path', dir, 'cluster.listen_multiaddress.0'])
    expect(unset.code, unset.stderr).to.equal(0)
    expect((await readJson(join(dir, 'service.json'))).cluster.listen_multiaddress).to.equal('/ip4/0.0.0.0/udp/9096/quic')
  })
})
