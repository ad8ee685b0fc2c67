// The daemon's environment overrides (envconfig): CLUSTER_<COMPONENT>_<KEYWITHOUTUNDERSCORES>.
// Names are derived from the schema, so there is no second list to keep in sync.
import {ValueError, normalizeValue, parseEnvValue} from './values.js'
import {serviceSchema} from './schema/service.js'
import {allKeys, envNameOf, kindOf, type LeafKey, type SchemaNode} from './schema/walk.js'

export * from './env-names.js'

// The legacy identity fields of the cluster section read CLUSTER_ID/CLUSTER_PRIVATEKEY too, but
// the daemon ignores them there: they act on identity.json.
const NOT_CONFIG = new Set(['cluster.id', 'cluster.private_key'])

export interface EnvKey extends LeafKey {
  variable: string
}

let cached: Map<string, EnvKey> | undefined

/** Every env var that overrides a service.json key, by name. */
export function serviceEnvKeys(): Map<string, EnvKey> {
  if (cached) return cached
  cached = new Map()
  for (const key of allKeys(serviceSchema as unknown as SchemaNode)) {
    const variable = envNameOf(key)
    const kind = kindOf(key.node)
    if (!variable || kind === 'object' || kind === 'array' || NOT_CONFIG.has(key.path.join('.'))) continue
    cached.set(variable, {...key, variable})
  }
  return cached
}

export interface EnvApplied {
  variable: string
  key: string
}

/**
 * Applies CLUSTER_* overrides to the sections present in `config` (in place), as
 * `ipfs-cluster-service init` does before writing. Set-but-empty counts as set, like envconfig.
 */
export function applyServiceEnv(config: Record<string, unknown>, env: NodeJS.ProcessEnv): EnvApplied[] {
  const applied: EnvApplied[] = []
  for (const [variable, key] of serviceEnvKeys()) {
    const text = env[variable]
    if (text === undefined) continue
    const parent = containerAt(config, key.path.slice(0, -1))
    if (!parent) continue // that component is not in this config
    let value: unknown
    try {
      value = parseEnvValue(text, key.node, variable)
    } catch (error) {
      if (error instanceof ValueError) throw new ValueError(`error applying environment variable ${variable}: ${error.message}`)
      throw error
    }
    parent[key.path.at(-1)!] = normalizeValue(value, key.node)
    applied.push({variable, key: key.path.join('.')})
  }
  return applied
}

/** The object at `path`, creating nested objects below an existing section (envconfig fills them). */
function containerAt(config: Record<string, unknown>, path: string[]): Record<string, unknown> | undefined {
  // Only sections that exist are overridden; nested option objects inside them are created.
  let node: unknown = config
  const sectionDepth = path[0] === 'cluster' ? 1 : 2
  for (const [i, part] of path.entries()) {
    const obj = node as Record<string, unknown>
    let next = obj[part]
    if ((next === undefined || next === null) && i >= sectionDepth) next = obj[part] = {}
    if (next === null || typeof next !== 'object' || Array.isArray(next)) return undefined
    node = next
  }
  return node as Record<string, unknown>
}

/** The env var that overrides a dotted key, if any. */
export function envVariableFor(key: string): string | undefined {
  for (const [variable, k] of serviceEnvKeys()) if (k.path.join('.') === key) return variable
  return undefined
}
