// The stress suite's short mode (bench/stress.mjs): concurrent writers, writers in other PID
// namespaces, kill -9 inside the lock and a seeded fuzz run, with the figures it must keep.
import {expect} from 'chai'
import {spawn} from 'node:child_process'
import {fileURLToPath} from 'node:url'

import {cleanEnv, repoRoot} from '../../support/cli.js'

describe('stress suite, short mode (bench/stress.mjs)', function () {
  this.timeout(600_000)

  it('0 lost, 0 failed, 0 corrupt, 0 leftovers; fuzz: 0 stack traces, 0 exit 1, 0 files changed on failure, 0 secrets, MCP answering', async () => {
    const script = fileURLToPath(new URL('../../../bench/stress.mjs', import.meta.url))
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [script], {cwd: repoRoot, env: cleanEnv({IPFS_CLUSTER_CONFIG_STRESS: 'short'}), stdio: ['ignore', 'pipe', 'pipe']})
      let text = ''
      child.stdout.on('data', (d) => (text += d))
      child.stderr.on('data', (d) => (text += d))
      child.on('error', reject)
      child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`stress.mjs exited ${code}:\n${text}`))))
    })
    const line = out.split('\n').find((l) => l.startsWith('STRESS '))
    expect(line, out).to.be.a('string')
    const f = JSON.parse(line!.slice('STRESS '.length))
    for (const run of [f.contention, ...(process.getuid?.() === 0 ? [f.pidns] : [])]) {
      expect(run, JSON.stringify(f.pidns)).to.include({lost: 0, failed: 0, leftovers: 0})
      expect(run.sets).to.be.greaterThan(0)
    }
    if (process.getuid?.() === 0) expect(f.pidns.namespaced).to.be.greaterThan(0) // CI runs as root: the namespaced writers ran
    expect(f.kills.kills, JSON.stringify(f.kills)).to.be.greaterThan(0)
    expect(f.kills).to.include({corrupt: 0, leftoversAfterNext: 0, nextFailed: 0})
    expect(f.fuzz.cases).to.be.greaterThan(20)
    expect(f.fuzz.mcpCalls).to.be.greaterThan(0)
    expect(f.fuzz, JSON.stringify(f.fuzz.examples)).to.include({stackTraces: 0, exit1: 0, changedOnFailure: 0, secretsInOutput: 0, escapedBase: 0, mcpNotAnswering: 0})
  })
})
