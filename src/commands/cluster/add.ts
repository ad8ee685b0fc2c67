import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base.js'
import {dryRunFlag, lockTimeoutFlag} from '../../cli/flags.js'
import {MAX_PEERS, type ClusterResult} from '../../core/cluster.js'
import {EXIT_CODE_HELP} from '../../core/errors.js'
import {KEY_TYPES} from '../../core/identity.js'

export default class ClusterAdd extends BaseCommand {
  static override summary = 'Add peers to a cluster bundle: new identities, and every existing peer learns them'
  static override description = `Writes K new peer folders (named after the highest index so far) and updates every existing peer's trusted_peers (crdt) or init_peerset (raft), peer_addresses and peerstore, and the Compose and Kubernetes files, in one atomic write under the bundle's lock. Identities of existing peers never change. Prints what the running cluster still needs (start the new peers; crdt: restart the others so they trust them; raft: --bootstrap).\n\n${EXIT_CODE_HELP}`
  static override examples = ['<%= config.bin %> cluster add --out ./cluster', '<%= config.bin %> cluster add --out ./cluster --peers 2 --hosts 10.0.0.6,10.0.0.7']
  static override flags = {
    'lock-timeout': lockTimeoutFlag,
    out: Flags.string({char: 'o', required: true, description: 'the bundle folder (holding cluster.json)'}),
    peers: Flags.integer({char: 'n', default: 1, min: 1, max: MAX_PEERS, description: 'number of peers to add'}),
    hosts: Flags.string({multiple: true, delimiter: ',', description: "the new peers' hosts, one per peer (needed when the bundle was made with --hosts)"}),
    'key-type': Flags.string({options: [...KEY_TYPES], default: 'ed25519', description: 'type of the new identities', env: 'IPFS_CLUSTER_CONFIG_KEY_TYPE'}),
    'dry-run': dryRunFlag,
  }

  async run(): Promise<ClusterResult> {
    return this.runHandler() as Promise<ClusterResult>
  }
}
