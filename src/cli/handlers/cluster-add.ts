import type {Handler} from '../handler.js'
import {clusterAdd} from './cluster.js'

export const run: Handler = ({flags}, io) => clusterAdd(flags as Parameters<typeof clusterAdd>[0], io)
