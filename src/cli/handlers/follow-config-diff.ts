import {followTarget} from '../../core/config-target.js'
import {followBase} from '../../core/follow-config.js'
import type {Handler} from '../handler.js'
import {configDiff} from './config-diff.js'

export const run: Handler = ({args, flags}, io) => configDiff(followTarget(followBase(flags.path), args.name!), flags, io)
