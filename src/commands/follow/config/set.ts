import {Args} from '@oclif/core'

import {BaseCommand} from '../../../cli/base.js'
import {dryRunFlag, followPathFlag, lockTimeoutFlag, setModeFlags, showSecretsFlag} from '../../../cli/flags.js'
import {EXIT_CODE_HELP} from '../../../core/errors.js'
import type {SetResult} from '../../../core/service-config.js'

export default class FollowConfigSet extends BaseCommand {
  static override summary = "Set one or more keys of a follower's service.json"
  static override description = `Typed, validated and atomic, as \`service config set\`. A source-mode follower only takes "source": the remote config decides the rest. --add, --remove and --value-file work as for \`service config set\`.\n\n${EXIT_CODE_HELP}`
  static override examples = ['<%= config.bin %> follow config set mycluster cluster.peername follower-7', '<%= config.bin %> follow config set mycluster source https://example.org/v2/service.json', '<%= config.bin %> follow config set mycluster --add consensus.crdt.trusted_peers 12D3KooWJxrWyPDBqe4YmSZ3HMXtDpz7frNsp15oR47wZkVgjZ5V']
  static override usage = '<%= command.id %> NAME KEY VALUE [KEY VALUE ...]'
  static override strict = false
  static override args = {
    name: Args.string({required: true, description: 'follower name', ignoreStdin: true}),
    key: Args.string({required: true, description: 'dotted key', ignoreStdin: true}),
    value: Args.string({required: true, description: 'value ("-" reads stdin)', ignoreStdin: true}),
  }
  static override flags = {path: followPathFlag, 'lock-timeout': lockTimeoutFlag, 'dry-run': dryRunFlag, 'show-secrets': showSecretsFlag, ...setModeFlags}

  async run(): Promise<SetResult> {
    return this.runHandler() as Promise<SetResult>
  }
}
