// `service config set` and `follow config set`: the KEY VALUE pairs as typed, one value of "-" from stdin,
// values from files (--value-file), list elements added or removed (--add, --remove).
import {ExitCode, UserError} from '../../core/errors.js'
import type {SetOptions, SetResult} from '../../core/service-config.js'
import type {Io} from '../io.js'
import {keyValuePairs} from '../parse.js'
import {printSetResult} from '../../ops/summary.js'

export interface SetFlags {
  add?: boolean
  remove?: boolean
  'value-file'?: boolean
  'dry-run'?: boolean
  'show-secrets'?: boolean
}

export async function configSet(argv: string[], flags: SetFlags, io: Io, set: (o: SetOptions) => Promise<SetResult>): Promise<SetResult> {
  if (flags.add && flags.remove) throw new UserError('--add and --remove cannot be used together: run set once for each', ExitCode.usage)
  const pairs = await keyValuePairs(argv, {valueFile: flags['value-file']})
  const mode = flags.add ? 'add' : flags.remove ? 'remove' : 'set'
  const result = await set({pairs, mode, dryRun: flags['dry-run'], showSecrets: flags['show-secrets']})
  if (!io.json) printSetResult(result, io.log, io.note, !!flags['dry-run'])
  return result
}
