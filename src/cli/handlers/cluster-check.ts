import {tlsTrust} from '../../cluster/api.js'
import {clusterCheck} from '../../cluster/check.js'
import {ExitCode, UserError} from '../../core/errors.js'
import {followBase} from '../../core/follow-config.js'
import {durationMs} from '../../ops/target.js'
import type {Handler} from '../handler.js'

export const run: Handler = async ({flags}, io) => {
  if (flags.out === undefined && !flags.path && !flags.follow && !flags.api)
    throw new UserError('name the peers to check: --out BUNDLE, --path FOLDER, --follow NAME or --api URL', ExitCode.usage, {nextSteps: ['ipfs-cluster-config cluster check --help']})
  if (flags.offline && flags.api) throw new UserError('--offline asks no API: it cannot be used with --api', ExitCode.usage)
  const result = await clusterCheck({
    bundle: flags.out,
    paths: flags.path,
    followBase: flags.follow ? followBase(flags['follow-path']) : undefined,
    follow: flags.follow,
    apis: flags.api,
    credentials: flags['basic-auth'],
    tls: tlsTrust({caFile: flags.cacert, insecure: flags['no-check-certificate']}),
    env: process.env,
    offline: flags.offline,
    strict: flags.strict,
    timeoutMs: durationMs(flags.timeout, '--timeout'),
  })
  if (!io.json) {
    const {printCheck} = await import('../../ops/check-summary.js')
    printCheck(result, io.log, {color: !!process.stdout.isTTY && process.env.NO_COLOR === undefined})
  }
  process.exitCode = result.exitCode
  return result
}
