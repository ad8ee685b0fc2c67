import {Args} from '@oclif/core'

import {BaseCommand} from '../../../cli/base.js'
import {dryRunFlag, lockTimeoutFlag, pathFlag, setModeFlags, showSecretsFlag} from '../../../cli/flags.js'
import {EXIT_CODE_HELP} from '../../../core/errors.js'
import {type SetResult} from '../../../core/service-config.js'

export default class ServiceConfigSet extends BaseCommand {
  static override summary = 'Set one or more keys of service.json'
  static override description = `Values are parsed by the key's type: integers, booleans, Go durations (1m30s), multiaddresses; lists take JSON or comma-separated values, maps JSON or k:v,k2:v2. A value of "-" is read from stdin (for secrets); with --value-file each VALUE is a file holding the value. --add and --remove change one element of a list key (an element already there, or not there, is a no-op and says so). The whole result must validate before anything is written; the write is atomic.\n\n${EXIT_CODE_HELP}`
  static override examples = [
    '<%= config.bin %> service config set cluster.peername peer0',
    '<%= config.bin %> service config set cluster.replication_factor_min 2 cluster.replication_factor_max 3',
    '<%= config.bin %> service config set cluster.listen_multiaddress /ip4/0.0.0.0/tcp/9096,/ip4/0.0.0.0/udp/9096/quic',
    '<%= config.bin %> service config set api.restapi.basic_auth_credentials admin:s3cret',
    'cat secret | <%= config.bin %> service config set cluster.secret -',
    '<%= config.bin %> service config set --add consensus.crdt.trusted_peers 12D3KooWJxrWyPDBqe4YmSZ3HMXtDpz7frNsp15oR47wZkVgjZ5V',
    '<%= config.bin %> service config set --remove cluster.peer_addresses /dns4/old.example/tcp/9096/p2p/12D3KooWJxrWyPDBqe4YmSZ3HMXtDpz7frNsp15oR47wZkVgjZ5V',
    '<%= config.bin %> service config set --value-file cluster.secret ./secret api.restapi.basic_auth_credentials ./users.json',
  ]
  static override usage = '<%= command.id %> KEY VALUE [KEY VALUE ...]'
  static override strict = false
  static override args = {
    key: Args.string({required: true, description: 'dotted key', ignoreStdin: true}),
    value: Args.string({required: true, description: 'value ("-" reads stdin)', ignoreStdin: true}),
  }
  static override flags = {path: pathFlag, 'lock-timeout': lockTimeoutFlag, 'dry-run': dryRunFlag, 'show-secrets': showSecretsFlag, ...setModeFlags}

  async run(): Promise<SetResult> {
    return this.runHandler() as Promise<SetResult>
  }
}
