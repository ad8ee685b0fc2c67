import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base.js'
import {dryRunFlag, lockTimeoutFlag} from '../../cli/flags.js'
import {TARGETS} from '../../core/bundle.js'
import {KUBERNETES_DEFAULTS, MAX_PEERS, type ClusterResult} from '../../core/cluster.js'
import {ENV_CLUSTER_SECRET} from '../../core/env-names.js'
import {EXIT_CODE_HELP} from '../../core/errors.js'
import {KEY_TYPES} from '../../core/identity.js'
import {CONSENSUS, DATASTORES} from '../../core/schema/service.js'

export default class ClusterCreate extends BaseCommand {
  static override summary = 'Create a whole N-peer cluster: one folder per peer, plus Compose or Kubernetes files'
  static override description = `Writes N peers that already know and trust each other: one shared secret, N new identities, crdt trusted_peers (or raft init_peerset) = exactly the N ids, and every other peer's address in peer_addresses and the peerstore, so the cluster forms without mDNS or --bootstrap. DIR/cluster.json lists the peers (no secret, no key). Each DIR/<name> folder runs as it is with \`ipfs-cluster-service --config DIR/<name> daemon\`.

Without --hosts or --host-template the peers share 127.0.0.1, 10 ports apart (peer 1's REST API is on 9104); with them, every peer uses the default ports and its swarm listens on all interfaces; a peer whose host is a loopback address (127.0.0.2, say: peers sharing one machine) listens on that address only, its IPFS daemon expected there too. --target compose adds DIR/compose.yaml (hosts default to the service names), --target kubernetes adds DIR/kubernetes/ (hosts are the pods' names behind the headless Service).\n\n${EXIT_CODE_HELP}`
  static override examples = [
    '<%= config.bin %> cluster create --peers 3 --out ./cluster',
    '<%= config.bin %> cluster create --peers 5 --out ./cluster --hosts 10.0.0.1,10.0.0.2,10.0.0.3,10.0.0.4,10.0.0.5',
    '<%= config.bin %> cluster create --peers 3 --out ./cluster --target compose',
    '<%= config.bin %> cluster create --peers 5 --out ./cluster --target kubernetes --namespace ipfs --consensus raft',
  ]
  static override flags = {
    'lock-timeout': lockTimeoutFlag,
    peers: Flags.integer({char: 'n', required: true, min: 1, max: MAX_PEERS, description: 'number of peers'}),
    out: Flags.string({char: 'o', required: true, description: 'the bundle folder'}),
    'name-prefix': Flags.string({default: 'peer', description: 'peer names are <prefix>-<i>; also the StatefulSet name'}),
    consensus: Flags.string({options: [...CONSENSUS], default: 'crdt', description: 'consensus component', env: 'IPFS_CLUSTER_CONSENSUS'}),
    datastore: Flags.string({options: [...DATASTORES], description: 'datastore for crdt [default: pebble]', env: 'IPFS_CLUSTER_DATASTORE'}),
    secret: Flags.string({char: 's', description: `the shared cluster secret, 64 hex chars; "-" reads stdin [env: ${ENV_CLUSTER_SECRET}; default: a new random one]`}),
    'secret-file': Flags.string({description: 'read the cluster secret from this file', env: 'CLUSTER_SECRET_FILE'}),
    'key-type': Flags.string({options: [...KEY_TYPES], default: 'ed25519', description: 'type of the new identities', env: 'IPFS_CLUSTER_CONFIG_KEY_TYPE'}),
    hosts: Flags.string({multiple: true, delimiter: ',', description: 'where each peer is reached: one IP or DNS name per peer, in order'}),
    'host-template': Flags.string({description: "where each peer is reached: a name with {i} for its index, e.g. 'cluster-{i}.example.net'"}),
    'base-port': Flags.integer({description: "the first peer's REST API port; proxy, swarm and pinning service API follow (+1, +2, +3) [default: 9094]"}),
    set: Flags.string({multiple: true, description: 'KEY=VALUE for any service.json key, applied to every peer (repeatable)'}),
    custom: Flags.string({description: 'JSON object (or @file) deep-merged into every peer\'s config'}),
    target: Flags.string({multiple: true, delimiter: ',', options: [...TARGETS], description: 'what to write besides cluster.json [default: folders]'}),
    namespace: Flags.string({description: `Kubernetes namespace [default: ${KUBERNETES_DEFAULTS.namespace}]`}),
    image: Flags.string({description: `ipfs-cluster image for Compose and Kubernetes [default: ${KUBERNETES_DEFAULTS.image}]`}),
    'kubo-image': Flags.string({description: `Kubo image for Compose and Kubernetes [default: ${KUBERNETES_DEFAULTS.kuboImage}]`}),
    storage: Flags.string({description: `size of each pod's Kubo volume [default: ${KUBERNETES_DEFAULTS.storage}]`}),
    force: Flags.boolean({char: 'f', description: 'rewrite an existing bundle (identities already in its folders are kept; the folders of peers its cluster.json named and the new bundle has not are deleted)'}),
    'dry-run': dryRunFlag,
  }

  async run(): Promise<ClusterResult> {
    return this.runHandler() as Promise<ClusterResult>
  }
}
