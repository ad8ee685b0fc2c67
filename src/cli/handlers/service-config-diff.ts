import {serviceTarget} from '../../core/config-target.js'
import {servicePath} from '../../core/paths.js'
import type {Handler} from '../handler.js'
import {configDiff} from './config-diff.js'

export const run: Handler = ({flags}, io) => configDiff(serviceTarget(servicePath(flags.path)), flags, io)
