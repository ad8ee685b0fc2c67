import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../../cli/base.js'
import {dryRunFlag, followPathFlag, showSecretsFlag, lockTimeoutFlag} from '../../../cli/flags.js'
import {ENV_CLUSTER_SECRET, ENV_CLUSTER_SECRET_FILE, ENV_IPFS_GATEWAY} from '../../../core/env-names.js'
import {EXIT_CODE_HELP} from '../../../core/errors.js'
import {type CreateFollowResult} from '../../../core/follow-config.js'
import {KEY_TYPES} from '../../../core/identity.js'

export default class FollowConfigCreate extends BaseCommand {
  static override summary = 'Create the folder of an ipfs-cluster-follow peer'
  static override description = `Source mode (--source) writes exactly what \`ipfs-cluster-follow NAME init URL\` writes: service.json holding only the source, and identity.json. Template mode (--leader) writes a complete local follower config (crdt, trusting the leaders, follower_mode, the cluster's secret, swarm ports that do not clash with a service peer), so \`ipfs-cluster-follow NAME run\` needs no remote fetch.\n\n${EXIT_CODE_HELP}`
  static override examples = [
    '<%= config.bin %> follow config create mycluster --source https://example.org/cluster/service.json',
    '<%= config.bin %> follow config create mycluster --source mycluster.example.org   # DNSLink via the gateway',
    '<%= config.bin %> follow config create mycluster --source https://example.org/cluster/service.json --exist-ok   # in a Dockerfile RUN',
    'CLUSTER_SECRET=$(cat secret) <%= config.bin %> follow config create mycluster --leader /dns4/leader.example/tcp/9096/p2p/12D3KooW...',
  ]
  static override args = {name: Args.string({description: 'follower name (a plain folder name)', ignoreStdin: true})}
  static override flags = {
    path: followPathFlag,
    'lock-timeout': lockTimeoutFlag,
    source: Flags.string({description: 'URL (or DNSLink name) of the cluster\'s follower config', env: 'IPFS_CLUSTER_CONFIG_FOLLOW_SOURCE'}),
    gateway: Flags.string({description: `IPFS gateway for DNSLink names [env: ${ENV_IPFS_GATEWAY}; default: http://127.0.0.1:8080]`}),
    leader: Flags.string({multiple: true, delimiter: ',', description: 'full /p2p/ multiaddress of a peer to follow (repeatable)'}),
    'trusted-peer': Flags.string({multiple: true, delimiter: ',', description: 'another peer id whose pins the follower accepts (repeatable)'}),
    secret: Flags.string({char: 's', description: `the cluster's secret; "-" reads stdin [env: ${ENV_CLUSTER_SECRET}]`}),
    'secret-file': Flags.string({description: 'read the cluster secret from this file', env: ENV_CLUSTER_SECRET_FILE}),
    'cluster-name': Flags.string({description: 'consensus.crdt.cluster_name of the cluster [default: ipfs-cluster]', env: 'CLUSTER_CRDT_CLUSTERNAME'}),
    peername: Flags.string({char: 'n', description: 'peer name [env: CLUSTER_PEERNAME; default: hostname]'}),
    set: Flags.string({multiple: true, description: 'KEY=VALUE for any key (template mode), typed by the schema'}),
    'key-type': Flags.string({options: [...KEY_TYPES], default: 'ed25519', description: 'type of a new identity key', env: 'IPFS_CLUSTER_CONFIG_KEY_TYPE'}),
    force: Flags.boolean({char: 'f', description: 'rewrite an existing follower (the identity is kept)'}),
    'new-identity': Flags.boolean({description: 'replace an existing identity.json with a new one'}),
    'exist-ok': Flags.boolean({description: 'exit 0 without changes when a valid follower of that name exists (idempotent Docker builds)', env: 'IPFS_CLUSTER_CONFIG_EXIST_OK'}),
    'dry-run': dryRunFlag,
    'show-secrets': showSecretsFlag,
  }

  async run(): Promise<CreateFollowResult> {
    return this.runHandler() as Promise<CreateFollowResult>
  }
}
