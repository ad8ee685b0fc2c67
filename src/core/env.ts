// The daemon's environment overrides (envconfig): CLUSTER_<COMPONENT>_<KEYWITHOUTUNDERSCORES>.
// Names are derived from the schema, so there is no second list to keep in sync.
import {ENV_CLUSTER_NON_CONFIG, ENV_CLUSTER_SECRET, ENV_CLUSTER_SECRET_FILE} from './env-names.js'
import {levenshtein} from './keys.js'
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

// ---------------------------------------------------------------------------------------------
// CLUSTER_* variables upstream never reads, or reads as empty: envconfig silently ignores a wrong
// name, and applies a set-but-empty value over the file.

export interface EnvWarning {
  variable: string
  /** 'ignored': no component reads this name; 'empty': set to "" (applied as such). */
  problem: 'ignored' | 'empty'
  message: string
  /** For an ignored name: the real name it most likely means. */
  nearest?: string
}

let readNames: Set<string> | undefined

/** Every CLUSTER_* name the v1.1.6 binaries read: the schema's overrides plus the identity and ctl names. */
export function clusterEnvNames(): Set<string> {
  if (readNames) return readNames
  readNames = new Set(ENV_CLUSTER_NON_CONFIG)
  // Struct sections are walked into by envconfig, not read themselves; every other declared key is read.
  for (const key of allKeys(serviceSchema as unknown as SchemaNode)) {
    const variable = envNameOf(key)
    if (variable && !key.node.properties) readNames.add(variable)
  }
  return readNames
}

/** The real name a wrong one most likely means: the same letters without underscores, else the closest. */
export function nearestEnvName(variable: string): string | undefined {
  const squash = (v: string) => v.replace(/^CLUSTER_/, '').replaceAll('_', '')
  const names = [...clusterEnvNames()]
  const same = names.find((n) => squash(n) === squash(variable))
  if (same) return same
  let best: string | undefined
  let distance = Infinity
  for (const n of names) {
    const d = levenshtein(squash(variable), squash(n))
    if (d < distance) [best, distance] = [n, d]
  }
  return distance <= Math.max(2, Math.floor(squash(variable).length / 4)) ? best : undefined
}

/**
 * CLUSTER_* variables in `env` that ipfs-cluster-service and ipfs-cluster-follow ignore (with the nearest real
 * name) or that are set but empty. Only exact upper-case CLUSTER_ names: envconfig looks names up exactly.
 */
export function clusterEnvWarnings(env: NodeJS.ProcessEnv): EnvWarning[] {
  const out: EnvWarning[] = []
  const keys = serviceEnvKeys()
  for (const variable of Object.keys(env).filter((v) => v.startsWith('CLUSTER_')).sort()) {
    const value = env[variable]
    if (variable === ENV_CLUSTER_SECRET_FILE) {
      out.push({variable, problem: 'ignored', message: 'is read by ipfs-cluster-config only (--secret-file): the daemon has no such variable and ignores it (set CLUSTER_SECRET or cluster.secret)'})
      continue
    }
    if (!clusterEnvNames().has(variable)) {
      const nearest = nearestEnvName(variable)
      out.push({variable, problem: 'ignored', nearest, message: `is not read by ipfs-cluster-service or ipfs-cluster-follow: it is silently ignored${nearest ? ` (did you mean ${nearest}?)` : ''}`})
      continue
    }
    if (value !== '') continue
    let effect = 'the daemon applies the empty value over service.json'
    if (variable === ENV_CLUSTER_SECRET) effect = 'the daemon runs with an empty secret: an unprotected network that cannot reach peers with a secret'
    else {
      const key = keys.get(variable)
      try {
        if (key) parseEnvValue('', key.node, variable)
      } catch (error) {
        if (error instanceof ValueError) effect = `the daemon fails to start (${error.message})`
      }
    }
    out.push({variable, problem: 'empty', message: `is set but empty: ${effect}`})
  }
  return out
}
