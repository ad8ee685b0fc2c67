// Differential validation: for every broken-or-borderline variant, `service config validate` must
// reject exactly when the real daemon refuses to start.
import {expect} from 'chai'

import {requireRealBinaries} from '../../support/binaries.js'
import {runCli} from '../../support/cli.js'
import {type DaemonVerdict, daemonVerdict} from '../../support/daemon.js'
import {initServiceConfig} from '../../support/service-config.js'
import {applyVariant, type ConfigVariant, variants} from '../fixtures/variants.js'

interface Outcome {
  daemon: DaemonVerdict
  ours: {code: number | null; errors: {key: string; message: string}[]; warnings: {key: string}[]}
}

async function judge(variant: ConfigVariant): Promise<Outcome> {
  const {dir} = await initServiceConfig({peername: `diff-${variant.name}`})
  applyVariant(dir, variant)
  const [daemon, r] = await Promise.all([daemonVerdict(dir, 20_000), runCli(['service', 'config', 'validate', '--path', dir, '--json'])])
  const out = JSON.parse(r.stdout)
  return {daemon, ours: {code: r.code, errors: out.errors ?? [], warnings: out.warnings ?? []}}
}

describe('e2e: validate agrees with the real daemon on broken configs', function () {
  const outcomes = new Map<string, Outcome>()

  before(async function () {
    requireRealBinaries(this)
    this.timeout(15 * 60_000)
    // Two at a time: the machine has two cores and every daemon is a real Go process.
    const queue = [...variants]
    const worker = async () => {
      for (let v = queue.shift(); v; v = queue.shift()) outcomes.set(v.name, await judge(v))
    }
    await Promise.all([worker(), worker()])
  })

  after(() => {
    if (outcomes.size === 0) return
    const rows = variants.map((v) => {
      const o = outcomes.get(v.name)!
      const ours = o.ours.code === 0 ? 'accepts' : 'rejects'
      return `${v.name.padEnd(42)} daemon ${(o.daemon.started ? 'starts' : 'rejects').padEnd(8)} ours ${ours}`
    })
    process.stderr.write(`\nagreement table (${variants.length} variants):\n${rows.join('\n')}\n`)
  })

  for (const v of variants) {
    it(`${v.name}: daemon ${v.daemon}`, () => {
      const o = outcomes.get(v.name)!
      const started = o.daemon.started
      expect(started ? 'starts' : 'rejects', `the daemon's verdict changed; log:\n${o.daemon.log.slice(-2000)}`).to.equal(v.daemon)
      if (!started && v.errorSnippet) expect(o.daemon.log).to.contain(v.errorSnippet)
      expect(o.ours.code, `ours: ${JSON.stringify(o.ours.errors)}`).to.equal(started ? 0 : 4)
    })
  }
})
