// `service config diff` and `follow config diff`: exit 0 when the same, 1 when different (as diff).
import type {ConfigTarget} from '../../core/config-target.js'
import {type DiffResult, diffConfig} from '../../core/diff.js'
import {ExitCode, UserError} from '../../core/errors.js'
import type {Io} from '../io.js'
import {printDiffResult} from '../../ops/summary.js'

export async function configDiff(target: ConfigTarget, flags: {defaults?: boolean; against?: string; 'show-secrets'?: boolean}, io: Io): Promise<DiffResult> {
  if (flags.defaults && flags.against !== undefined) throw new UserError('--defaults and --against cannot be used together', ExitCode.usage)
  const result = await diffConfig(target, {against: flags.against, showSecrets: flags['show-secrets']})
  if (!io.json) printDiffResult(result, io.log, io.note)
  if (!result.same) process.exitCode = 1
  return result
}
