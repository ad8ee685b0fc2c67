import {followTarget} from '../../core/config-target.js'
import {followBase} from '../../core/follow-config.js'
import type {Handler} from '../handler.js'
import {configEdit} from './config-edit.js'

export const run: Handler = ({args, flags}, io) => configEdit(followTarget(followBase(flags.path), args.name!), flags, io)
