import {Flags} from '@oclif/core'

import {BaseCommand} from '../../../cli/base.js'
import {pathFlag} from '../../../cli/flags.js'
import {EXIT_CODE_HELP} from '../../../core/errors.js'
import {type ExportFollowResult} from '../../../core/follow-config.js'

export default class ServiceConfigExportFollow extends BaseCommand {
  static override summary = "Write the follower config this peer's followers should load"
  static override description = `From this (crdt) peer's service.json and identity: trusted_peers = this peer, peer_addresses = its reachable addresses with /p2p/, the same secret and cluster name, follower_mode on, no API section. Serve the file over HTTP or IPFS and give its URL to \`follow config create NAME --source URL\` or \`ipfs-cluster-follow NAME init URL\`. The file holds the cluster secret.\n\n${EXIT_CODE_HELP}`
  static override examples = [
    '<%= config.bin %> service config export-follow --address /dns4/cluster.example.org/tcp/9096 --output follower.json',
    '<%= config.bin %> service config export-follow > /var/www/cluster/service.json',
  ]
  static override flags = {
    path: pathFlag,
    address: Flags.string({multiple: true, delimiter: ',', description: 'an address followers reach this peer on [default: announce_multiaddress, else listen addresses]'}),
    output: Flags.string({char: 'o', description: 'write the template to this file (0600, atomic) instead of stdout'}),
  }

  async run(): Promise<ExportFollowResult> {
    return this.runHandler() as Promise<ExportFollowResult>
  }
}
