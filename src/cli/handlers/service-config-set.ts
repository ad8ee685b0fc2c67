import {servicePath} from '../../core/paths.js'
import {setServiceConfig} from '../../core/service-config.js'
import type {Handler} from '../handler.js'
import {configSet} from './config-set.js'

export const run: Handler = ({argv, flags}, io) => configSet(argv, flags, io, (o) => setServiceConfig({path: servicePath(flags.path), ...o}))
