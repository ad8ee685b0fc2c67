import {BaseCommand} from '../../../cli/base.js'
import {pathFlag} from '../../../cli/flags.js'
import {printValidateResult} from '../../../ops/summary.js'
import {EXIT_CODE_HELP, ExitCode} from '../../../core/errors.js'
import {servicePath} from '../../../core/paths.js'
import {type ValidateResult, validateServiceFolder} from '../../../core/service-config.js'

export default class ServiceConfigValidate extends BaseCommand {
  static override summary = "Check service.json and identity.json with the daemon's rules, without starting it"
  static override description = `Exits 4 when the daemon would refuse to start, printing one line per problem (file, key, rule). Warnings name what the daemon accepts but users regret: a missing boolean key that flips a default, an empty secret, an unknown (ignored) key.\n\n${EXIT_CODE_HELP}`
  static override examples = ['<%= config.bin %> service config validate --path /data/ipfs-cluster', '<%= config.bin %> service config validate --json']
  static override flags = {path: pathFlag}

  async run(): Promise<ValidateResult> {
    const {flags} = await this.parse(ServiceConfigValidate)
    const result = await validateServiceFolder({path: servicePath(flags.path)})
    if (!this.jsonEnabled()) printValidateResult(result, (l) => this.log(l), (l) => this.note(l))
    if (!result.valid) process.exitCode = ExitCode.invalid
    return result
  }
}
