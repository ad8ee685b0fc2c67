import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../cli/base.js'
import {basicAuthFlag, caCertFlag, dryRunFlag, followFlag, lockTimeoutFlag, noCheckCertificateFlag, pathFlag, timeoutFlag} from '../cli/flags.js'
import {type ConnectResult} from '../cluster/connect.js'
import {EXIT_CODE_HELP} from '../core/errors.js'

export default class Connect extends BaseCommand {
  static override summary = 'Join this peer (or a follower) to a cluster, and with --start prove it'
  static override description = `Writes the leader into cluster.peer_addresses and, for a crdt peer that does not trust everyone, into consensus.crdt.trusted_peers (--no-trust skips), with the validation and atomic write of \`set\`. --start launches the daemon with --bootstrap LEADER (a follower: \`ipfs-cluster-follow NAME run\`), detached, with a pid and log file in the peer's folder, and waits until each side lists the other; on timeout it prints the daemon's last log lines and the likely cause. Stop it with \`stop\`.\n\n${EXIT_CODE_HELP}`
  static override examples = [
    '<%= config.bin %> connect /ip4/10.0.0.1/tcp/9096/p2p/12D3KooW... --path ./peer1 --start',
    '<%= config.bin %> connect --api http://10.0.0.1:9094 --path ./peer1 --dry-run',
    '<%= config.bin %> connect /dns4/leader.example/tcp/9096/p2p/12D3KooW... --follow mycluster --start',
  ]
  static override args = {leader: Args.string({description: 'the leader: a full multiaddress ending in /p2p/<peer id>', ignoreStdin: true})}
  static override flags = {
    path: pathFlag,
    'lock-timeout': lockTimeoutFlag,
    follow: followFlag,
    api: Flags.string({description: "a running peer's REST API (http://host:port): its id and addresses are discovered"}),
    'basic-auth': {...basicAuthFlag, description: "user:password for the leader's REST API (--api); the new peer's own API uses its config's"},
    cacert: caCertFlag,
    'no-check-certificate': noCheckCertificateFlag,
    'no-trust': Flags.boolean({description: 'do not add the leader to consensus.crdt.trusted_peers'}),
    'dry-run': dryRunFlag,
    start: Flags.boolean({description: 'start the daemon and wait until the join is visible from both sides'}),
    timeout: timeoutFlag('60s'),
  }

  async run(): Promise<ConnectResult> {
    return this.runHandler() as Promise<ConnectResult>
  }
}
