import {followBase, setFollowConfig} from '../../core/follow-config.js'
import type {Handler} from '../handler.js'
import {configSet} from './config-set.js'

export const run: Handler = ({argv: [name, ...rest], flags}, io) => configSet(rest, flags, io, (o) => setFollowConfig({base: followBase(flags.path), name, ...o}))
