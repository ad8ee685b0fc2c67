import type {Handler} from '../handler.js'
import {clusterRemove} from './cluster.js'

export const run: Handler = ({args, flags}, io) => clusterRemove(args.name!, flags as Parameters<typeof clusterRemove>[1], io)
