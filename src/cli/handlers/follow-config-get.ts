import {followBase, getFollowConfig} from '../../core/follow-config.js'
import type {Handler} from '../handler.js'
import {checkGetForm, printGetResult} from '../output.js'

export const run: Handler = async ({args, flags}, io) => {
  checkGetForm(flags, io)
  const r = await getFollowConfig({base: followBase(flags.path), name: args.name!, key: args.key, showSecrets: flags['show-secrets'], resolve: flags.resolve})
  printGetResult(r, flags.raw, io)
  return r
}
