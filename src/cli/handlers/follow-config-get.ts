import {followBase, getFollowConfig} from '../../core/follow-config.js'
import type {Handler} from '../handler.js'
import {formatValue} from '../output.js'

export const run: Handler = async ({args, flags}, io) => {
  const r = await getFollowConfig({base: followBase(flags.path), name: args.name!, key: args.key, showSecrets: flags['show-secrets'], resolve: flags.resolve})
  if (!io.json) {
    io.log(formatValue(r.value))
    if (r.redacted.length > 0) io.note(`redacted: ${r.redacted.join(', ')} (use --show-secrets to reveal)`)
  }
  return r
}
