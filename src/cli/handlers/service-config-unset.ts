import {serviceTarget} from '../../core/config-target.js'
import {servicePath} from '../../core/paths.js'
import type {Handler} from '../handler.js'
import {configUnset} from './config-unset.js'

export const run: Handler = ({argv, flags}, io) => configUnset(serviceTarget(servicePath(flags.path)), argv, flags, io)
