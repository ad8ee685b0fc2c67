import {exportFollowTemplate} from '../../core/follow-config.js'
import {servicePath} from '../../core/paths.js'
import type {Handler} from '../handler.js'
import {writeLine} from '../io.js'

export const run: Handler = async ({flags}, io) => {
  const r = await exportFollowTemplate({path: servicePath(flags.path), addresses: flags.address, output: flags.output})
  for (const w of r.warnings) writeLine('stderr', `warning: ${w}`) // under --json too, as before
  if (r.output) io.log(`follower template written to ${r.output} (it holds the cluster secret)`)
  else io.log(r.text)
  return r
}
