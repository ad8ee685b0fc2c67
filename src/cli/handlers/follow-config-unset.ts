import {followTarget} from '../../core/config-target.js'
import {followBase} from '../../core/follow-config.js'
import type {Handler} from '../handler.js'
import {configUnset} from './config-unset.js'

export const run: Handler = ({argv: [name, ...keys], flags}, io) => configUnset(followTarget(followBase(flags.path), name), keys, flags, io)
