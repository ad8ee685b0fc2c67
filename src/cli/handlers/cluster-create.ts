import type {Handler} from '../handler.js'
import {clusterCreate} from './cluster.js'

export const run: Handler = ({flags}, io) => clusterCreate(flags as Parameters<typeof clusterCreate>[0], io)
