import {Flags} from '@oclif/core'

import {BaseCommand} from '../cli/base.js'
import {basicAuthFlag, caCertFlag, followFlag, noCheckCertificateFlag, pathFlag, timeoutFlag} from '../cli/flags.js'
import type {StatusResult} from '../cluster/status.js'
import {EXIT_CODE_HELP} from '../core/errors.js'

export default class Status extends BaseCommand {
  static override summary = 'Is the peer up, is it who its identity says, and who are its peers'
  static override description = `Finds the REST API in the peer's own config (a follower: its unix socket), asks /health, /id, /version and /peers with short timeouts, and reports the installed binary's version. Exit 0 healthy, 3 not configured, 6 unreachable or unhealthy. --wait polls until healthy (for CI and init containers).\n\n${EXIT_CODE_HELP}`
  static override examples = [
    '<%= config.bin %> status --path /data/ipfs-cluster',
    '<%= config.bin %> status --wait --timeout 2m --json',
    '<%= config.bin %> status --follow mycluster',
  ]
  static override flags = {
    path: pathFlag,
    follow: followFlag,
    'basic-auth': basicAuthFlag,
    cacert: caCertFlag,
    'no-check-certificate': noCheckCertificateFlag,
    wait: Flags.boolean({description: 'poll until the peer is healthy, up to --timeout'}),
    timeout: timeoutFlag('30s'),
  }

  async run(): Promise<StatusResult> {
    return this.runHandler() as Promise<StatusResult>
  }
}
