import {followBase, listFollowers} from '../../core/follow-config.js'
import {printFollowerList} from '../../ops/summary.js'
import type {Handler} from '../handler.js'

export const run: Handler = async ({flags}, io) => {
  const result = await listFollowers({base: followBase(flags.path)})
  if (!io.json) printFollowerList(result, io.log, io.note)
  return result
}
