// `service config get`: shared by the oclif command and the fast path.
import {type GetResult, getServiceConfig} from '../../core/config-read.js'
import {servicePath} from '../../core/paths.js'
import type {Handler} from '../handler.js'
import type {Io} from '../io.js'
import {formatValue} from '../output.js'

export async function serviceConfigGet(args: {key?: string}, flags: {path?: string; 'show-secrets'?: boolean}, io: Io): Promise<GetResult> {
  const result = await getServiceConfig({path: servicePath(flags.path), key: args.key, showSecrets: flags['show-secrets']})
  if (!io.json) {
    io.log(formatValue(result.value))
    if (result.redacted.length > 0) io.note(`redacted: ${result.redacted.join(', ')} (use --show-secrets to reveal)`)
    if (result.source === 'default') io.note(`${result.key} is not in ${result.file}; this is the daemon's default`)
  }
  return result
}

export const run: Handler = ({args, flags}, io) => serviceConfigGet(args, flags, io)
