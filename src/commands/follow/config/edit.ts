import {Args} from '@oclif/core'

import {BaseCommand} from '../../../cli/base.js'
import {dryRunFlag, lockTimeoutFlag, followPathFlag, showSecretsFlag} from '../../../cli/flags.js'
import type {EditResult} from '../../../cli/handlers/config-edit.js'
import {EXIT_CODE_HELP} from '../../../core/errors.js'

export default class FollowConfigEdit extends BaseCommand {
  static override summary = "Edit a follower's service.json in $VISUAL or $EDITOR, validated before it is written"
  static override description = `As \`service config edit\`, with the follower's rules.\n\n${EXIT_CODE_HELP}`
  static override examples = ['<%= config.bin %> follow config edit mycluster']
  static override args = {name: Args.string({required: true, description: 'follower name', ignoreStdin: true})}
  static override flags = {path: followPathFlag, 'lock-timeout': lockTimeoutFlag, 'dry-run': dryRunFlag, 'show-secrets': showSecretsFlag}

  async run(): Promise<EditResult> {
    return this.runHandler() as Promise<EditResult>
  }
}
