import {ExitCode} from '../../core/errors.js'
import {followBase, validateFollowConfig} from '../../core/follow-config.js'
import {printValidateResult} from '../../ops/summary.js'
import type {Handler} from '../handler.js'

export const run: Handler = async ({args, flags}, io) => {
  const result = await validateFollowConfig({base: followBase(flags.path), name: args.name!, env: flags['no-env'] ? undefined : process.env, strict: flags.strict})
  if (!io.json) printValidateResult(result, io.log, io.note)
  if (!result.valid) process.exitCode = ExitCode.invalid
  return result
}
