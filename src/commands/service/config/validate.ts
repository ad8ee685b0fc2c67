import {BaseCommand} from '../../../cli/base.js'
import {pathFlag, validateFlags} from '../../../cli/flags.js'
import {EXIT_CODE_HELP} from '../../../core/errors.js'
import type {ValidateResult} from '../../../core/service-config.js'

export default class ServiceConfigValidate extends BaseCommand {
  static override summary = "Check service.json and identity.json with the daemon's rules, without starting it"
  static override description = `Exits 4 when the daemon would refuse to start, printing one line per problem (file, key, rule). Warnings name what the daemon accepts but users regret: a missing boolean key that flips a default, an empty secret, an unknown (ignored) key. --strict fails on warnings too.\n\nThe check is the daemon's view: the CLUSTER_* variables set now (CLUSTER_SECRET, CLUSTER_PEERNAME, CLUSTER_ID, ...) are applied as the daemon applies them at every start, and each one that changes a value is named; --no-env checks the files alone.\n\n${EXIT_CODE_HELP}`
  static override examples = ['<%= config.bin %> service config validate --path /data/ipfs-cluster', '<%= config.bin %> service config validate --json', '<%= config.bin %> service config validate --strict --no-env   # in CI: the files alone, warnings fail']
  static override flags = {path: pathFlag, ...validateFlags}

  async run(): Promise<ValidateResult> {
    return this.runHandler() as Promise<ValidateResult>
  }
}
