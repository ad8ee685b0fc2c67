// Secrets stay hidden wherever they sit in service.json: a renamed (misspelt) section is unknown to the
// schema and ignored by the daemon, but its secret is still a secret. CLI (get, get --json, diff) and MCP.
import {expect} from 'chai'
import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {jsonOut, runCli} from '../../support/cli.js'
import {resultText, startMcp} from '../../support/mcp.js'
import {SECRET, tempDir} from '../helpers.js'

const PASSWORD = 'Redact-Pw-4c1e'

describe('redaction does not depend on the schema knowing where a secret is', () => {
  let dir: string
  before(async () => {
    dir = join(tempDir(), 'peer')
    const c = await runCli(['service', 'config', 'create', '--path', dir, '--secret', SECRET, '--peername', 'p0'])
    expect(c.code, c.stderr).to.equal(0)
    const s = await runCli(['service', 'config', 'set', '--path', dir, 'api.restapi.basic_auth_credentials', `admin:${PASSWORD}`])
    expect(s.code, s.stderr).to.equal(0)
    const file = join(dir, 'service.json')
    const config = JSON.parse(await readFile(file, 'utf8'))
    config.clusterr = config.cluster
    delete config.cluster
    config.api.rest_api = config.api.restapi
    delete config.api.restapi
    await writeFile(file, JSON.stringify(config, null, 2))
  })

  it('get prints the renamed sections with the secret and the password redacted, and names them', async () => {
    const r = await runCli(['service', 'config', 'get', '--path', dir])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout + r.stderr).to.not.contain(SECRET).and.not.contain(PASSWORD)
    const shown = JSON.parse(r.stdout)
    expect(shown.clusterr.secret).to.equal('<redacted: use --show-secrets>')
    expect(shown.api.rest_api.basic_auth_credentials).to.deep.equal({admin: '<redacted: use --show-secrets>'})
    expect(shown.clusterr.peername).to.equal('p0')
    expect(r.stderr).to.contain('redacted: ').and.contain('clusterr.secret').and.contain('api.rest_api.basic_auth_credentials.admin')

    const json = await runCli(['service', 'config', 'get', '--path', dir, '--json'])
    expect(json.code, json.stderr).to.equal(0)
    expect(json.stdout).to.not.contain(SECRET).and.not.contain(PASSWORD)
    expect(jsonOut(json).redacted).to.include.members(['clusterr.secret', 'api.rest_api.basic_auth_credentials.admin'])

    const shownAll = await runCli(['service', 'config', 'get', '--path', dir, '--show-secrets'])
    expect(shownAll.code, shownAll.stderr).to.equal(0)
    expect(JSON.parse(shownAll.stdout).clusterr.secret).to.equal(SECRET)
  })

  it('diff against the defaults shows the renamed section redacted', async () => {
    const r = await runCli(['service', 'config', 'diff', '--path', dir])
    expect(r.stdout).to.contain('clusterr')
    expect(r.stdout + r.stderr).to.not.contain(SECRET).and.not.contain(PASSWORD)
  })

  it('MCP get returns the same redacted document', async () => {
    const mcp = await startMcp(tempDir())
    try {
      const r = await mcp.ok('cluster_service_config_get', {cluster_path: dir})
      const text = JSON.stringify(r)
      expect(text).to.not.contain(SECRET).and.not.contain(PASSWORD)
      expect(resultText(r)).to.contain('clusterr.secret')
    } finally {
      await mcp.close()
    }
  })
})
