import {Args} from '@oclif/core'

import {BaseCommand} from '../../../cli/base.js'
import {dryRunFlag, followPathFlag, lockTimeoutFlag, showSecretsFlag} from '../../../cli/flags.js'
import {type EditResult, configEdit} from '../../../cli/handlers/config-edit.js'
import {followTarget} from '../../../core/config-target.js'
import {EXIT_CODE_HELP} from '../../../core/errors.js'
import {followBase} from '../../../core/follow-config.js'

export default class FollowConfigEdit extends BaseCommand {
  static override summary = "Edit a follower's service.json in $VISUAL or $EDITOR, validated before it is written"
  static override description = `As \`service config edit\`, with the follower's rules.\n\n${EXIT_CODE_HELP}`
  static override examples = ['<%= config.bin %> follow config edit mycluster']
  static override args = {name: Args.string({required: true, description: 'follower name', ignoreStdin: true})}
  static override flags = {path: followPathFlag, 'lock-timeout': lockTimeoutFlag, 'dry-run': dryRunFlag, 'show-secrets': showSecretsFlag}

  async run(): Promise<EditResult> {
    const {args, flags} = await this.parse(FollowConfigEdit)
    return configEdit(followTarget(followBase(flags.path), args.name), flags, this.io())
  }
}
