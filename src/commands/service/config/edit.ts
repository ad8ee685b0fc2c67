import {BaseCommand} from '../../../cli/base.js'
import {dryRunFlag, lockTimeoutFlag, pathFlag, showSecretsFlag} from '../../../cli/flags.js'
import type {EditResult} from '../../../cli/handlers/config-edit.js'
import {EXIT_CODE_HELP} from '../../../core/errors.js'

export default class ServiceConfigEdit extends BaseCommand {
  static override summary = 'Edit service.json in $VISUAL or $EDITOR, validated before it is written'
  static override description = `Like \`kubectl edit\`: the file opens in a private temp copy (0600); when you save and quit it is checked with the daemon's rules. An invalid edit reopens with the errors on top as comments, until it is valid or you quit without changing it. Nothing is written unless the result is valid and changed, and not over a file that changed on disk meanwhile. Needs a terminal: in CI or a pipe it is a usage error (use set/unset there).\n\n${EXIT_CODE_HELP}`
  static override examples = ['<%= config.bin %> service config edit --path ./peer0', 'EDITOR="code --wait" <%= config.bin %> service config edit']
  static override flags = {path: pathFlag, 'lock-timeout': lockTimeoutFlag, 'dry-run': dryRunFlag, 'show-secrets': showSecretsFlag}

  async run(): Promise<EditResult> {
    return this.runHandler() as Promise<EditResult>
  }
}
