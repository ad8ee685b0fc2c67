import {BaseCommand} from '../../../cli/base.js'
import {diffFlags, pathFlag} from '../../../cli/flags.js'
import type {DiffResult} from '../../../core/diff.js'
import {EXIT_CODE_HELP} from '../../../core/errors.js'

export default class ServiceConfigDiff extends BaseCommand {
  static override summary = "Show how service.json differs from upstream's defaults or from another peer, key by key"
  static override description = `Exits 0 when there is no difference and 1 when there is one (as diff). "~ key: left -> right" is a changed value, "-" a key only in this peer's file, "+" a key only on the other side. Secrets are redacted unless --show-secrets (a changed secret still shows as changed).\n\n${EXIT_CODE_HELP.replace('1  unexpected failure', '1  the configs differ')}`
  static override examples = [
    '<%= config.bin %> service config diff --path ./peer0',
    '<%= config.bin %> service config diff --path ./peer0 --against ./peer1',
    '<%= config.bin %> service config diff --against /backup/ipfs-cluster --json',
  ]
  static override flags = {path: pathFlag, ...diffFlags}

  async run(): Promise<DiffResult> {
    return this.runHandler() as Promise<DiffResult>
  }
}
