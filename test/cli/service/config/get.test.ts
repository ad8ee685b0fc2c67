import {expect} from 'chai'
import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {jsonOut, runCli} from '../../../support/cli.js'
import {SECRET, tempDir} from '../../helpers.js'

describe('service config get (CLI)', () => {
  let dir: string
  before(async () => {
    dir = join(await tempDir(), 'peer')
    const r = await runCli(['service', 'config', 'create', '--path', dir, '--peername', 'p0', '--secret', SECRET, '--set', 'api.restapi.basic_auth_credentials=admin:pw1'])
    expect(r.code, r.stderr).to.equal(0)
  })

  it('prints a string raw and a structure as JSON', async () => {
    const name = await runCli(['service', 'config', 'get', 'cluster.peername', '--path', dir])
    expect(name).to.include({code: 0, stdout: 'p0\n'})
    const list = await runCli(['service', 'config', 'get', 'cluster.listen_multiaddress', '--path', dir])
    expect(JSON.parse(list.stdout)).to.deep.equal(['/ip4/0.0.0.0/tcp/9096', '/ip4/0.0.0.0/udp/9096/quic'])
    const n = await runCli(['service', 'config', 'get', 'cluster.replication_factor_min', '--path', dir])
    expect(n.stdout).to.equal('-1\n')
  })

  it('redacts the secret and basic-auth passwords unless --show-secrets, with a pointer on stderr', async () => {
    const s = await runCli(['service', 'config', 'get', 'cluster', '--path', dir])
    expect(s.code).to.equal(0)
    expect(s.stdout).not.to.contain(SECRET)
    expect(s.stderr).to.contain('--show-secrets')
    const whole = await runCli(['service', 'config', 'get', '--path', dir, '--json'])
    const out = jsonOut(whole)
    expect(JSON.stringify(out)).not.to.contain(SECRET).and.not.to.contain('pw1')
    expect(out.value.api.restapi.basic_auth_credentials).to.have.key('admin')
    expect(out.redacted).to.include.members(['cluster.secret', 'api.restapi.basic_auth_credentials.admin'])
    const shown = await runCli(['service', 'config', 'get', 'cluster.secret', '--path', dir, '--show-secrets'])
    expect(shown.stdout).to.equal(SECRET + '\n')
    const pw = await runCli(['service', 'config', 'get', 'api.restapi.basic_auth_credentials', '--path', dir])
    expect(pw.stdout).not.to.contain('pw1')
  })

  it('an unknown key exits 8 and names the nearest key', async () => {
    const r = await runCli(['service', 'config', 'get', 'cluster.replication_factor_mn', '--path', dir])
    expect(r.code).to.equal(8)
    expect(r.stderr).to.contain('did you mean cluster.replication_factor_min?')
  })

  it('an omitted key reports the daemon default; a missing folder exits 3', async () => {
    const r = await runCli(['service', 'config', 'get', 'cluster.follower_mode', '--path', dir, '--json'])
    expect(jsonOut(r)).to.include({value: false, source: 'default'})
    const missing = await runCli(['service', 'config', 'get', '--path', join(dir, 'nope')])
    expect(missing.code).to.equal(3)
    expect(missing.stderr).to.contain('not initialised')
  })

  it('a corrupt service.json exits 4 naming the file and the position, without a stack trace', async () => {
    const bad = join(await tempDir(), 'bad')
    await runCli(['service', 'config', 'create', '--path', bad])
    await writeFile(join(bad, 'service.json'), '{\n  "cluster": {\n    "peername": "x",\n')
    const r = await runCli(['service', 'config', 'get', 'cluster.peername', '--path', bad])
    expect(r.code).to.equal(4)
    expect(r.stderr.trim().split('\n')).to.have.length(1)
    expect(r.stderr).to.contain(join(bad, 'service.json')).and.to.match(/line \d+ column \d+/)
  })
})
