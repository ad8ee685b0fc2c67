import {tlsTrust} from '../../cluster/api.js'
import {type StatusResult, peerStatus, waitHealthy} from '../../cluster/status.js'
import {basicAuth, durationMs, peerTarget} from '../../ops/target.js'
import type {Handler} from '../handler.js'

export const run: Handler = async ({flags}, io) => {
  const target = peerTarget(flags)
  const timeoutMs = durationMs(flags.timeout, '--timeout') // checked even without --wait: a bad value is a mistake either way
  const o = {env: process.env, credentials: basicAuth(flags['basic-auth']), tls: tlsTrust({caFile: flags.cacert, insecure: flags['no-check-certificate']})}
  let r: StatusResult
  if (flags.wait) {
    const {progress} = await import('../progress.js')
    const p = progress(`waiting for ${target.folder} to be healthy`, io.json)
    r = await waitHealthy(target, {...o, timeoutMs, onWait: (s, ms) => p.update(`${s.error} (${Math.round(ms / 1000)}s)`)})
    p.stop()
  } else r = await peerStatus(target, o)
  if (!io.json) {
    const {printStatus} = await import('../../ops/summary.js')
    printStatus(r, io.log)
  }
  process.exitCode = r.exitCode
  return r
}
