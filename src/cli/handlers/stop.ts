import {stopDetached} from '../../cluster/process.js'
import {durationMs, peerTarget} from '../../ops/target.js'
import type {Handler} from '../handler.js'

export const run: Handler = async ({flags}, io) => {
  const r = await stopDetached(peerTarget(flags).folder, durationMs(flags.timeout, '--timeout'))
  io.log(r.message)
  return r
}
