import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base.js'
import {dryRunFlag, lockTimeoutFlag} from '../../cli/flags.js'
import type {ClusterResult} from '../../core/cluster.js'
import {EXIT_CODE_HELP} from '../../core/errors.js'

export default class ClusterRemove extends BaseCommand {
  static override summary = 'Remove a peer from a cluster bundle and print the `peers rm` step the running cluster needs'
  static override description = `The reverse of \`cluster add\`: every remaining peer stops trusting and dialling NAME (trusted_peers / init_peerset, peer_addresses, peerstore, Compose and Kubernetes files), in one atomic write under the bundle's lock, and NAME's folder is deleted. Identities of the remaining peers never change. With raft, \`ipfs-cluster-ctl peers rm <id>\` is required (the removed peer stays a voter until then); with crdt it makes the peer leave the peerset at once. A Kubernetes bundle scales down from its highest ordinal only.\n\n${EXIT_CODE_HELP}`
  static override examples = ['<%= config.bin %> cluster remove peer-2 --out ./cluster']
  static override args = {name: Args.string({required: true, description: 'the peer to remove (its name in cluster.json)'})}
  static override flags = {
    'lock-timeout': lockTimeoutFlag,
    out: Flags.string({char: 'o', required: true, description: 'the bundle folder (holding cluster.json)'}),
    'dry-run': dryRunFlag,
  }

  async run(): Promise<ClusterResult> {
    return this.runHandler() as Promise<ClusterResult>
  }
}
