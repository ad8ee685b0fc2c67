import {Args} from '@oclif/core'

import {BaseCommand} from '../../../cli/base.js'
import {dryRunFlag, lockTimeoutFlag, pathFlag, showSecretsFlag} from '../../../cli/flags.js'
import {EXIT_CODE_HELP} from '../../../core/errors.js'
import type {UnsetResult} from '../../../core/unset.js'

export default class ServiceConfigUnset extends BaseCommand {
  static override summary = 'Remove keys from service.json, or reset the ones the daemon needs to their default'
  static override description = `An optional key (one the daemon runs without: a map entry such as a basic-auth user, a key Go omits when empty, an API section) is removed; any other key goes back to the value \`ipfs-cluster-service init\` writes (the peer name to the host name). Each line says which happened. The result must validate before anything is written; the write is atomic.\n\n${EXIT_CODE_HELP}`
  static override examples = [
    '<%= config.bin %> service config unset api.restapi.basic_auth_credentials.admin',
    '<%= config.bin %> service config unset cluster.replication_factor_min cluster.replication_factor_max --path ./peer0',
    '<%= config.bin %> service config unset api.pinsvcapi --dry-run',
  ]
  static override strict = false
  static override args = {key: Args.string({required: true, description: 'dotted key (several may follow)', ignoreStdin: true})}
  static override flags = {path: pathFlag, 'lock-timeout': lockTimeoutFlag, 'dry-run': dryRunFlag, 'show-secrets': showSecretsFlag}

  async run(): Promise<UnsetResult> {
    return this.runHandler() as Promise<UnsetResult>
  }
}
