import {serviceTarget} from '../../core/config-target.js'
import {servicePath} from '../../core/paths.js'
import type {Handler} from '../handler.js'
import {configEdit} from './config-edit.js'

export const run: Handler = ({flags}, io) => configEdit(serviceTarget(servicePath(flags.path)), flags, io)
