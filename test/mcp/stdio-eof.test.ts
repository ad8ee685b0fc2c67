// The stdio server as a script drives it: every request written at once and stdin closed right after the last
// one. Each request received is answered before the process exits, and calls on one peer folder run in the
// order they were sent.
import {expect} from 'chai'
import {spawn} from 'node:child_process'
import {join} from 'node:path'

import {cleanEnv, cliBin, repoRoot} from '../support/cli.js'
import {tempDir} from '../cli/helpers.js'

function session(lines: object[], home: string): Promise<{code: number | null; answers: Map<number, any>; stderr: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliBin, 'mcp'], {cwd: repoRoot, env: cleanEnv({HOME: home}), stdio: ['pipe', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      const answers = new Map<number, any>()
      for (const line of stdout.split('\n').filter((l) => l.trim() !== '')) {
        const m = JSON.parse(line)
        if (m.id !== undefined) answers.set(m.id, m)
      }
      resolve({code, answers, stderr})
    })
    child.stdin.end(lines.map((l) => JSON.stringify(l) + '\n').join(''))
  })
}

const init = [
  {jsonrpc: '2.0', id: 1, method: 'initialize', params: {protocolVersion: '2025-06-18', capabilities: {}, clientInfo: {name: 'eof-test', version: '0'}}},
  {jsonrpc: '2.0', method: 'notifications/initialized'},
]
const call = (id: number, name: string, args: object) => ({jsonrpc: '2.0', id, method: 'tools/call', params: {name, arguments: args}})

describe('mcp over stdio: EOF right after the last request', () => {
  it('answers initialize and a tools/call sent before EOF, then exits 0', async () => {
    const home = tempDir()
    const r = await session([...init, call(2, 'cluster_service_config_create', {cluster_path: join(home, 'p'), peername: 'eof'})], home)
    expect(r.code, r.stderr).to.equal(0)
    expect([...r.answers.keys()].sort()).to.deep.equal([1, 2])
    expect(r.answers.get(2).result.isError).to.equal(false)
    expect(r.answers.get(2).result.structuredContent).to.include({status: 'created', peername: 'eof'})
  })

  it('calls on one folder run in the order sent (get and set after create see it); every call is answered', async () => {
    const home = tempDir()
    const a = join(home, 'a')
    const b = join(home, 'b')
    const r = await session(
      [
        ...init,
        call(2, 'cluster_service_config_create', {cluster_path: a, peername: 'a0'}),
        call(3, 'cluster_service_config_create', {cluster_path: b, peername: 'b0'}),
        call(4, 'cluster_service_config_get', {cluster_path: a, key: 'cluster.peername'}),
        call(5, 'cluster_service_config_set', {cluster_path: a, config_updates: {'cluster.peername': 'a1'}}),
        call(6, 'cluster_service_config_get', {cluster_path: a, key: 'cluster.peername'}),
        call(7, 'cluster_service_config_get', {cluster_path: b, key: 'cluster.peername'}),
        {jsonrpc: '2.0', id: 8, method: 'tools/list'},
      ],
      home,
    )
    expect(r.code, r.stderr).to.equal(0)
    expect([...r.answers.keys()].sort((x, y) => x - y)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8])
    for (const id of [2, 3, 4, 5, 6, 7]) expect(r.answers.get(id).result.isError, JSON.stringify(r.answers.get(id).result.content)).to.equal(false)
    expect(r.answers.get(4).result.structuredContent.value).to.equal('a0')
    expect(r.answers.get(6).result.structuredContent.value).to.equal('a1')
    expect(r.answers.get(7).result.structuredContent.value).to.equal('b0')
    expect(r.answers.get(8).result.tools.length).to.be.greaterThan(0)
  })
})
