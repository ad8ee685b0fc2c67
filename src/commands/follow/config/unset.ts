import {Args} from '@oclif/core'

import {BaseCommand} from '../../../cli/base.js'
import {dryRunFlag, lockTimeoutFlag, followPathFlag, showSecretsFlag} from '../../../cli/flags.js'
import {EXIT_CODE_HELP} from '../../../core/errors.js'
import type {UnsetResult} from '../../../core/unset.js'

export default class FollowConfigUnset extends BaseCommand {
  static override summary = "Remove keys from a follower's service.json, or reset the ones it needs to their default"
  static override description = `As \`service config unset\`. A source-mode follower's keys are decided by its source.\n\n${EXIT_CODE_HELP}`
  static override examples = ['<%= config.bin %> follow config unset mycluster cluster.peername', '<%= config.bin %> follow config unset mycluster informer.tags --dry-run']
  static override strict = false
  static override args = {
    name: Args.string({required: true, description: 'follower name', ignoreStdin: true}),
    key: Args.string({required: true, description: 'dotted key (several may follow)', ignoreStdin: true}),
  }
  static override flags = {path: followPathFlag, 'lock-timeout': lockTimeoutFlag, 'dry-run': dryRunFlag, 'show-secrets': showSecretsFlag}

  async run(): Promise<UnsetResult> {
    return this.runHandler() as Promise<UnsetResult>
  }
}
