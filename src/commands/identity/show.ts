import {BaseCommand} from '../../cli/base.js'
import {pathFlag, showSecretsFlag} from '../../cli/flags.js'
import {EXIT_CODE_HELP, ExitCode} from '../../core/errors.js'
import {type ShowIdentityResult, showIdentity} from '../../core/identity-ops.js'
import {servicePath} from '../../core/paths.js'

export default class IdentityShow extends BaseCommand {
  static override summary = "Show a peer's identity: id, key type, and whether the id matches the key"
  static override description = `Exits 4 when identity.json is invalid (the daemon would refuse it). The private key is redacted unless --show-secrets.\n\n${EXIT_CODE_HELP}`
  static override examples = ['<%= config.bin %> identity show --path ./peer0', '<%= config.bin %> identity show --json']
  static override flags = {path: pathFlag, 'show-secrets': showSecretsFlag}

  async run(): Promise<ShowIdentityResult> {
    const {flags} = await this.parse(IdentityShow)
    const r = await showIdentity({path: servicePath(flags.path), showSecrets: flags['show-secrets']})
    if (!this.jsonEnabled()) {
      this.log(`id:       ${r.id ?? '(missing)'}`)
      this.log(`key type: ${r.keyType ?? '(unreadable)'}`)
      this.log(`matches:  ${r.matches ? 'yes' : 'no: ' + r.problems.join('; ')}`)
      if (flags['show-secrets']) this.log(`private_key: ${r.private_key}`)
    }
    if (!r.matches) process.exitCode = ExitCode.invalid
    return r
  }
}
