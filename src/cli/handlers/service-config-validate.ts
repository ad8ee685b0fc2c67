import {ExitCode} from '../../core/errors.js'
import {servicePath} from '../../core/paths.js'
import {validateServiceFolder} from '../../core/service-config.js'
import {printValidateResult} from '../../ops/summary.js'
import type {Handler} from '../handler.js'

export const run: Handler = async ({flags}, io) => {
  const result = await validateServiceFolder({path: servicePath(flags.path), env: flags['no-env'] ? undefined : process.env, strict: flags.strict})
  if (!io.json) printValidateResult(result, io.log, io.note)
  if (!result.valid) process.exitCode = ExitCode.invalid
  return result
}
