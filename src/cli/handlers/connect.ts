import {tlsTrust} from '../../cluster/api.js'
import {connectPeer, resolveLeader} from '../../cluster/connect.js'
import {ExitCode} from '../../core/errors.js'
import {basicAuth, durationMs, peerTarget} from '../../ops/target.js'
import type {Handler} from '../handler.js'

export const run: Handler = async ({args, flags}, io) => {
  const env = process.env
  const target = peerTarget(flags)
  const timeoutMs = durationMs(flags.timeout, '--timeout')
  const tls = tlsTrust({caFile: flags.cacert, insecure: flags['no-check-certificate']})
  const leader = await resolveLeader({leader: args.leader, api: flags.api, credentials: basicAuth(flags['basic-auth']), tls, env})
  const {progress} = await import('../progress.js')
  const p = flags.start ? progress(`joining ${leader.id}`, io.json) : undefined
  const r = await connectPeer({
    target,
    leader,
    noTrust: flags['no-trust'],
    dryRun: flags['dry-run'],
    start: flags.start,
    timeoutMs,
    tls,
    env,
    onProgress: (m) => p?.update(m),
  }).finally(() => p?.stop())
  if (!io.json) {
    const {printConnect} = await import('../../ops/summary.js')
    printConnect(r, io.log, io.note)
  }
  if (r.joined === false) process.exitCode = ExitCode.unreachable
  return r
}
