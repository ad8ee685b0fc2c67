import {Args} from '@oclif/core'

import {BaseCommand} from '../../../cli/base.js'
import {pathFlag, rawFlag, showSecretsFlag} from '../../../cli/flags.js'
import {EXIT_CODE_HELP} from '../../../core/errors.js'
import type {GetResult} from '../../../core/config-read.js'

export default class ServiceConfigGet extends BaseCommand {
  static override summary = 'Print service.json, or one dotted key of it'
  static override description = `A string prints raw (for $(...) in scripts), anything else as JSON. --raw prints the value alone as JSON, whatever its type (for jq); --json prints the result document, the value under .value (with file, key, source and what was redacted). The cluster secret, private keys and basic-auth passwords are redacted unless --show-secrets.\n\n${EXIT_CODE_HELP}`
  static override examples = [
    '<%= config.bin %> service config get cluster.peername',
    '<%= config.bin %> service config get api.restapi.http_listen_multiaddress --path ./peer0',
    '<%= config.bin %> service config get cluster.secret --show-secrets',
    '<%= config.bin %> service config get cluster.listen_multiaddress --raw | jq -r \'.[0]\'',
    '<%= config.bin %> service config get --json',
  ]
  static override args = {key: Args.string({description: 'dotted key, e.g. consensus.crdt.trusted_peers', ignoreStdin: true})}
  static override flags = {path: pathFlag, 'show-secrets': showSecretsFlag, raw: rawFlag}

  async run(): Promise<GetResult> {
    return this.runHandler() as Promise<GetResult>
  }
}
