import {Args} from '@oclif/core'

import {BaseCommand} from '../../../cli/base.js'
import {diffFlags, followPathFlag} from '../../../cli/flags.js'
import type {DiffResult} from '../../../core/diff.js'
import {EXIT_CODE_HELP} from '../../../core/errors.js'

export default class FollowConfigDiff extends BaseCommand {
  static override summary = "Show how a follower's service.json differs from the defaults or from another peer, key by key"
  static override description = `As \`service config diff\`; a follower's defaults have no API section. Exits 0 when the same, 1 when different.\n\n${EXIT_CODE_HELP.replace('1  unexpected failure', '1  the configs differ')}`
  static override examples = ['<%= config.bin %> follow config diff mycluster', '<%= config.bin %> follow config diff mycluster --against ~/.ipfs-cluster-follow/other']
  static override args = {name: Args.string({required: true, description: 'follower name', ignoreStdin: true})}
  static override flags = {path: followPathFlag, ...diffFlags}

  async run(): Promise<DiffResult> {
    return this.runHandler() as Promise<DiffResult>
  }
}
