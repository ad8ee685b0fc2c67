import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base.js'
import {EXIT_CODE_HELP} from '../../core/errors.js'
import {KEY_TYPES} from '../../core/identity.js'
import {type NewIdentityResult} from '../../core/identity-ops.js'

export default class IdentityCreate extends BaseCommand {
  static override summary = 'Print a new libp2p identity (writes nothing)'
  static override description = `For Kubernetes Secrets and CLUSTER_ID/CLUSTER_PRIVATEKEY: a real Ed25519 (or RSA-2048) key whose peer id matches, in identity.json's format. The output holds a private key: redirect it to a file or a secret store.\n\n${EXIT_CODE_HELP}`
  static override examples = [
    '<%= config.bin %> identity create > identity.json',
    '<%= config.bin %> identity create --format env >> cluster.env',
    '<%= config.bin %> identity create --count 5 > identities.jsonl',
    'kubectl create secret generic bootstrap --from-env-file=<(<%= config.bin %> identity create --format env)',
  ]
  static override flags = {
    'key-type': Flags.string({options: [...KEY_TYPES], default: 'ed25519', description: 'key type', env: 'IPFS_CLUSTER_CONFIG_KEY_TYPE'}),
    format: Flags.string({options: ['json', 'env'], description: 'identity.json format, or CLUSTER_ID=/CLUSTER_PRIVATEKEY= lines (not with --json, which prints the result document) [default: json]'}),
    count: Flags.integer({min: 1, description: 'make N identities: JSON lines (one compact identity per line), or env blocks separated by a blank line; --json prints an array'}),
  }

  async run(): Promise<NewIdentityResult | NewIdentityResult[]> {
    return this.runHandler() as Promise<NewIdentityResult | NewIdentityResult[]>
  }
}
