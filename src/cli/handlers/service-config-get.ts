// `service config get`: shared by the oclif command and the fast path.
import {getServiceConfig} from '../../core/config-read.js'
import {servicePath} from '../../core/paths.js'
import type {Handler} from '../handler.js'
import {checkGetForm, printGetResult} from '../output.js'

export const run: Handler = async ({args, flags}, io) => {
  checkGetForm(flags, io)
  const result = await getServiceConfig({path: servicePath(flags.path), key: args.key, showSecrets: flags['show-secrets']})
  printGetResult(result, flags.raw, io)
  return result
}
