import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base.js'
import {basicAuthFlag, caCertFlag, noCheckCertificateFlag} from '../../cli/flags.js'
import {type CheckResult} from '../../cluster/check.js'
import {ENV_IPFS_CLUSTER_PATH} from '../../core/env-names.js'
import {EXIT_CODE_HELP} from '../../core/errors.js'

export default class ClusterCheck extends BaseCommand {
  static override summary = 'Find the drift that breaks a cluster, across peers\' configs and live peers'
  static override description = `Compares the peers of a bundle (--out, the cluster.json of cluster create), peer folders (--path), followers (--follow NAME under --follow-path BASE) and live peers (--api): secrets (compared, never shown), consensus, crdt cluster_name, trusted_peers, raft init_peerset, identities, replication factors, listen ports, peer addresses, and the CLUSTER_* variables of this environment that the daemon ignores or reads as empty. Every peer that answers on its REST API is also checked live: who sees whom, /id against identity.json, versions. Each finding names its rule, the peers and keys, and a one-line fix.\n\nExit 0 without errors (warnings alone pass unless --strict), 4 with an error finding (or a warning under --strict), 6 when a peer given with --api does not answer.\n\n${EXIT_CODE_HELP}`
  static override examples = [
    '<%= config.bin %> cluster check --out ./mycluster',
    '<%= config.bin %> cluster check --path ./peer0 --path ./peer1 --path ./peer2',
    '<%= config.bin %> cluster check --api http://10.0.0.1:9094 --api http://10.0.0.2:9094 --basic-auth admin:s3cret',
    '<%= config.bin %> cluster check --path /data/ipfs-cluster --follow-path ~/.ipfs-cluster-follow --follow mycluster --json',
  ]
  static override flags = {
    out: Flags.string({description: 'a bundle folder made by cluster create (its cluster.json and peer folders)'}),
    path: Flags.string({char: 'c', multiple: true, description: 'a service peer\'s config folder (repeatable)'}),
    'follow-path': Flags.string({description: 'base folder of the followers named with --follow [default: ~/.ipfs-cluster-follow]', env: ENV_IPFS_CLUSTER_PATH}),
    follow: Flags.string({multiple: true, description: 'an ipfs-cluster-follow peer NAME under --follow-path (repeatable)'}),
    api: Flags.string({multiple: true, description: 'a live peer\'s REST API, http(s)://host:port or a multiaddress (repeatable)'}),
    'basic-auth': basicAuthFlag,
    cacert: caCertFlag,
    'no-check-certificate': noCheckCertificateFlag,
    offline: Flags.boolean({description: 'config checks only: ask no REST API'}),
    strict: Flags.boolean({description: 'warnings fail too (exit 4)'}),
    timeout: Flags.string({description: 'how long each REST request may take, as a Go duration', default: '3s'}),
  }

  async run(): Promise<CheckResult> {
    return this.runHandler() as Promise<CheckResult>
  }
}
