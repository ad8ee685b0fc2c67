import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../../cli/base.js'
import {followPathFlag, rawFlag, showSecretsFlag} from '../../../cli/flags.js'
import {EXIT_CODE_HELP} from '../../../core/errors.js'
import type {FollowGetResult} from '../../../core/follow-config.js'

export default class FollowConfigGet extends BaseCommand {
  static override summary = "Print a follower's service.json, or one dotted key of it"
  static override description = `For a source-mode follower the file holds only the source; --resolve fetches it and reads the remote config (redacted like the local one). --raw prints the value alone as JSON; --json the result document, the value under .value.\n\n${EXIT_CODE_HELP}`
  static override examples = ['<%= config.bin %> follow config get mycluster', '<%= config.bin %> follow config get mycluster consensus.crdt.trusted_peers --resolve']
  static override args = {
    name: Args.string({required: true, description: 'follower name', ignoreStdin: true}),
    key: Args.string({description: 'dotted key', ignoreStdin: true}),
  }
  static override flags = {
    path: followPathFlag,
    'show-secrets': showSecretsFlag,
    raw: rawFlag,
    resolve: Flags.boolean({description: 'fetch the remote source (source mode) and read from it'}),
  }

  async run(): Promise<FollowGetResult> {
    return this.runHandler() as Promise<FollowGetResult>
  }
}
