import {Flags} from '@oclif/core'

import {BaseCommand} from '../../../cli/base.js'
import {dryRunFlag, lockTimeoutFlag, pathFlag, showSecretsFlag} from '../../../cli/flags.js'
import {ENV_CLUSTER_PEERNAME, ENV_CLUSTER_SECRET, ENV_CLUSTER_SECRET_FILE} from '../../../core/env-names.js'
import {EXIT_CODE_HELP} from '../../../core/errors.js'
import {KEY_TYPES} from '../../../core/identity.js'
import {CONSENSUS, DATASTORES} from '../../../core/schema/service.js'
import type {CreateServiceResult} from '../../../core/service-config.js'

export default class ServiceConfigCreate extends BaseCommand {
  static override summary = 'Create service.json, identity.json and peerstore for an ipfs-cluster-service peer'
  static override description = `Writes what \`ipfs-cluster-service init\` writes, byte for byte, but scriptable: every CLUSTER_* variable is applied as upstream init applies it (CLUSTER_SECRET, CLUSTER_PEERNAME, CLUSTER_REPLICATIONFACTORMIN, ...), flags win over variables, and the result is validated before anything is written. An existing identity.json is never replaced without --new-identity.\n\n${EXIT_CODE_HELP}`
  static override examples = [
    '<%= config.bin %> service config create --path ./peer0 --peername peer0',
    'CLUSTER_SECRET=$(cat secret) <%= config.bin %> service config create --path /data/ipfs-cluster --exist-ok',
    '<%= config.bin %> service config create --consensus raft --peers /ip4/10.0.0.1/tcp/9096/p2p/12D3KooW... --random-ports',
    '<%= config.bin %> service config create --set cluster.replication_factor_min=2 --set cluster.replication_factor_max=3',
  ]
  static override flags = {
    path: pathFlag,
    'lock-timeout': lockTimeoutFlag,
    consensus: Flags.string({options: [...CONSENSUS], description: 'consensus component [default: crdt]', env: 'IPFS_CLUSTER_CONSENSUS'}),
    datastore: Flags.string({options: [...DATASTORES], description: 'datastore for crdt [default: pebble]', env: 'IPFS_CLUSTER_DATASTORE'}),
    secret: Flags.string({char: 's', description: `cluster secret, 64 hex chars; "-" reads stdin [env: ${ENV_CLUSTER_SECRET}; default: a new random one]`}),
    'secret-file': Flags.string({description: 'read the cluster secret from this file', env: ENV_CLUSTER_SECRET_FILE}),
    peername: Flags.string({char: 'n', description: `peer name [env: ${ENV_CLUSTER_PEERNAME}; default: hostname]`}),
    peers: Flags.string({multiple: true, delimiter: ',', description: 'full /p2p/ multiaddresses of existing peers: trusted_peers (crdt) or init_peerset (raft), and the peerstore'}),
    'replication-min': Flags.integer({description: 'cluster.replication_factor_min [env: CLUSTER_REPLICATIONFACTORMIN]'}),
    'replication-max': Flags.integer({description: 'cluster.replication_factor_max [env: CLUSTER_REPLICATIONFACTORMAX]'}),
    'random-ports': Flags.boolean({description: 'pick free ports for the swarm and the APIs (like init --randomports)', env: 'IPFS_CLUSTER_CONFIG_RANDOM_PORTS'}),
    set: Flags.string({multiple: true, description: 'KEY=VALUE for any key, typed by the schema (repeatable)'}),
    custom: Flags.string({description: 'JSON object (or @file) deep-merged into the config'}),
    'key-type': Flags.string({options: [...KEY_TYPES], default: 'ed25519', description: 'type of a new identity key', env: 'IPFS_CLUSTER_CONFIG_KEY_TYPE'}),
    force: Flags.boolean({char: 'f', description: 'rewrite an existing service.json and peerstore (the identity and the cluster secret are kept)'}),
    'new-identity': Flags.boolean({description: 'replace an existing identity.json with a new one'}),
    'new-secret': Flags.boolean({description: 'with --force: a new random cluster secret instead of the existing one (the peer leaves its cluster)'}),
    'exist-ok': Flags.boolean({description: 'exit 0 without changes when a valid config exists (idempotent Docker builds)', env: 'IPFS_CLUSTER_CONFIG_EXIST_OK'}),
    'dry-run': dryRunFlag,
    'show-secrets': showSecretsFlag,
  }

  async run(): Promise<CreateServiceResult> {
    return this.runHandler() as Promise<CreateServiceResult>
  }
}
