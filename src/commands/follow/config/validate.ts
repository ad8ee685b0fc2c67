import {Args} from '@oclif/core'

import {BaseCommand} from '../../../cli/base.js'
import {followPathFlag, validateFlags} from '../../../cli/flags.js'
import {EXIT_CODE_HELP} from '../../../core/errors.js'
import type {ValidateResult} from '../../../core/service-config.js'

export default class FollowConfigValidate extends BaseCommand {
  static override summary = "Check a follower's folder with the rules ipfs-cluster-follow applies"
  static override description = `A source-mode follower's source is fetched and validated, as the follower does at every start. The CLUSTER_* variables set now are applied as the follower applies them (--no-env: the files alone); --strict fails on warnings too.\n\n${EXIT_CODE_HELP}`
  static override examples = ['<%= config.bin %> follow config validate mycluster']
  static override args = {name: Args.string({required: true, description: 'follower name', ignoreStdin: true})}
  static override flags = {path: followPathFlag, ...validateFlags}

  async run(): Promise<ValidateResult> {
    return this.runHandler() as Promise<ValidateResult>
  }
}
