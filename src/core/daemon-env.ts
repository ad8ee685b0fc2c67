// The configuration the daemon will actually run with: at every start ipfs-cluster-service and
// ipfs-cluster-follow apply the CLUSTER_* variables to service.json and identity.json in memory
// (LoadJSONFileAndEnv). `validate` checks that view, naming each variable that changes a value.
import {isDeepStrictEqual} from 'node:util'

import {ENV_CLUSTER_ID, ENV_CLUSTER_PRIVATEKEY, applyServiceEnv} from './env.js'
import {getAt} from './keys.js'
import {redactAt} from './redact.js'
import {identitySchema} from './schema/identity.js'
import type {SchemaNode} from './schema/walk.js'
import {serviceRoot} from './config-read.js'
import type {Problem} from './validate.js'
import {ValueError} from './values.js'

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v)

export interface EnvChange {
  variable: string
  file: 'service.json' | 'identity.json'
  key: string
  /** Secrets redacted. */
  from: unknown
  to: unknown
}

function shown(root: SchemaNode, key: string, v: unknown): unknown {
  return redactAt(v, root, key.split('.')).value
}

/**
 * Applies the environment as the daemon does at start. A value the daemon cannot parse is an error
 * problem naming the variable (the daemon refuses to start on it).
 */
export function applyDaemonEnv(
  service: unknown,
  identity: unknown,
  env: NodeJS.ProcessEnv,
  files: {service: string; identity: string},
): {service: unknown; identity: unknown; changes: EnvChange[]; problems: Problem[]} {
  const changes: EnvChange[] = []
  const problems: Problem[] = []
  let svc = service
  if (isObj(service)) {
    const next = structuredClone(service)
    try {
      for (const a of applyServiceEnv(next, env)) {
        const path = a.key.split('.')
        const before = getAt(service, path).value
        const after = getAt(next, path).value
        if (!isDeepStrictEqual(before, after)) changes.push({variable: a.variable, file: 'service.json', key: a.key, from: shown(serviceRoot, a.key, before), to: shown(serviceRoot, a.key, after)})
      }
      svc = next
    } catch (error) {
      if (!(error instanceof ValueError)) throw error
      problems.push({severity: 'error', file: files.service, key: '', message: error.message})
    }
  }
  let id = identity
  if (isObj(identity)) {
    const next = {...identity}
    for (const [variable, key] of [[ENV_CLUSTER_ID, 'id'], [ENV_CLUSTER_PRIVATEKEY, 'private_key']] as const) {
      const text = env[variable]
      if (text === undefined || text === next[key]) continue
      changes.push({variable, file: 'identity.json', key, from: shown(identitySchema as unknown as SchemaNode, key, next[key]), to: shown(identitySchema as unknown as SchemaNode, key, text)})
      next[key] = text
    }
    id = next
  }
  return {service: svc, identity: id, changes, problems}
}
