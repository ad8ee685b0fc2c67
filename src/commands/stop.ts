import {BaseCommand} from '../cli/base.js'
import {followFlag, pathFlag, timeoutFlag} from '../cli/flags.js'
import {type StopResult} from '../cluster/process.js'
import {EXIT_CODE_HELP} from '../core/errors.js'

export default class Stop extends BaseCommand {
  static override summary = 'Stop a daemon this tool started (connect --start)'
  static override description = `Sends SIGTERM, waits up to --timeout, then SIGKILL, and removes the pid file. Only a process recorded in the peer's pid file (and still an ipfs-cluster binary) is signalled.\n\n${EXIT_CODE_HELP}`
  static override examples = ['<%= config.bin %> stop --path ./peer1', '<%= config.bin %> stop --follow mycluster']
  static override flags = {path: pathFlag, follow: followFlag, timeout: timeoutFlag('15s')}

  async run(): Promise<StopResult> {
    return this.runHandler() as Promise<StopResult>
  }
}
