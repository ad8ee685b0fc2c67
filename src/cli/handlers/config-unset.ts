// `service config unset` and `follow config unset`: one handler, the peer given as a target.
import type {ConfigTarget} from '../../core/config-target.js'
import {type UnsetResult, unsetConfig} from '../../core/unset.js'
import type {Io} from '../io.js'
import {printUnsetResult} from '../../ops/summary.js'

export async function configUnset(target: ConfigTarget, keys: string[], flags: {'dry-run'?: boolean; 'show-secrets'?: boolean}, io: Io): Promise<UnsetResult> {
  const result = await unsetConfig(target, {keys, dryRun: flags['dry-run'], showSecrets: flags['show-secrets']})
  if (!io.json) printUnsetResult(result, io.log, io.note, !!flags['dry-run'])
  return result
}
