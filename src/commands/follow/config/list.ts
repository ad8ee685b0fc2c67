import {BaseCommand} from '../../../cli/base.js'
import {followPathFlag} from '../../../cli/flags.js'
import {EXIT_CODE_HELP} from '../../../core/errors.js'
import type {FollowerEntry} from '../../../core/follow-config.js'

export default class FollowConfigList extends BaseCommand {
  static override summary = 'List the followers in a base folder: name, mode, source or leaders, valid or not'
  static override description = `Every folder under the base (default ~/.ipfs-cluster-follow) is a follower, as for \`ipfs-cluster-follow list\`. "valid" checks the local files with the follower's rules; a source-mode follower's source is not fetched (\`follow config validate NAME\` does).\n\n${EXIT_CODE_HELP}`
  static override examples = ['<%= config.bin %> follow config list', '<%= config.bin %> follow config list --path /data/followers --json']
  static override flags = {path: followPathFlag}

  async run(): Promise<{base: string; followers: FollowerEntry[]}> {
    return this.runHandler() as Promise<{base: string; followers: FollowerEntry[]}>
  }
}
