// `service config set` and `follow config set`: the KEY VALUE pairs as typed, one value of "-" from stdin.
import type {SetResult} from '../../core/service-config.js'
import type {Io} from '../io.js'
import {keyValuePairs} from '../parse.js'
import {printSetResult} from '../../ops/summary.js'

export async function configSet(argv: string[], flags: {'dry-run'?: boolean}, io: Io, set: (pairs: [string, string][]) => Promise<SetResult>): Promise<SetResult> {
  const result = await set(await keyValuePairs(argv))
  if (!io.json) printSetResult(result, io.log, io.note, !!flags['dry-run'])
  return result
}
