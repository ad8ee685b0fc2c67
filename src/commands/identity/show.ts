import {BaseCommand} from '../../cli/base.js'
import {pathFlag, showSecretsFlag} from '../../cli/flags.js'
import {EXIT_CODE_HELP} from '../../core/errors.js'
import type {ShowIdentityResult} from '../../core/identity-ops.js'

export default class IdentityShow extends BaseCommand {
  static override summary = "Show a peer's identity: id, key type, and whether the id matches the key"
  static override description = `Exits 4 when identity.json is invalid (the daemon would refuse it). The private key is redacted unless --show-secrets.\n\n${EXIT_CODE_HELP}`
  static override examples = ['<%= config.bin %> identity show --path ./peer0', '<%= config.bin %> identity show --json']
  static override flags = {path: pathFlag, 'show-secrets': showSecretsFlag}

  async run(): Promise<ShowIdentityResult> {
    return this.runHandler() as Promise<ShowIdentityResult>
  }
}
