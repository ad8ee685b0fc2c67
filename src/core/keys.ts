// Dotted keys (`consensus.crdt.trusted_peers`, `api.restapi.basic_auth_credentials.admin`):
// resolving them against the schema, reading and writing them in a config object.
import {ExitCode, UserError} from './errors.js'
import {FORBIDDEN_KEYS} from './input-tree.js'
import {allKeys, childOf, nodeAt, type SchemaNode} from './schema/walk.js'

export function levenshtein(a: string, b: string): number {
  const row = Array.from({length: b.length + 1}, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = tmp
    }
  }
  return row[b.length]
}

/**
 * The closest known key, when it is close enough to be a typo. `penalty` ranks some keys behind others at equal
 * distance (keys of sections this config does not have).
 */
export function nearestKey(key: string, known: string[], penalty: (k: string) => number = () => 0): string | undefined {
  let best: string | undefined
  let bestScore = Infinity
  const last = key.split('.').at(-1)!
  const limit = Math.max(2, Math.floor(key.length / 4))
  for (const k of known) {
    // Compare whole keys, and the last segment (a right name in the wrong section).
    const d = Math.min(levenshtein(key, k), levenshtein(last, k.split('.').at(-1)!) + 1)
    const score = d + penalty(k)
    if (d <= limit && score < bestScore) {
      bestScore = score
      best = k
    }
  }
  return best
}

/**
 * The schema node of a key (list entries by index: cluster.listen_multiaddress.0, as validate names them); an
 * unknown key is exit 8 with the nearest valid key, taken first from the keys this config holds (a pebble peer
 * is not offered datastore.badger3 keys).
 */
export function resolveKey(root: SchemaNode, key: string, file: string, config?: unknown): {path: string[]; node: SchemaNode} {
  const path = key.split('.')
  if (path.some((p) => p === '')) throw new UserError(`"${key}" is not a valid key (use dotted names such as cluster.peername)`, ExitCode.usage)
  refuseForbiddenKey(path, key)
  const node = nodeAt(root, path)
  if (!node) {
    // A key of a section this config has (its parent is there) beats one of a section it lacks.
    const inConfig = (k: string) => config === undefined || getAt(config, k.split('.').slice(0, -1)).found
    const near = nearestKey(key, allKeys(root).map((k) => k.path.join('.')), (k) => (inConfig(k) ? 0 : 3))
    throw new UserError(`unknown key "${key}" for ${file}${near ? `; did you mean ${near}?` : ''}`, ExitCode.unknownKey)
  }
  return {path, node}
}

const INDEX = /^(0|[1-9]\d{0,5})$/

function refuseForbiddenKey(path: readonly string[], key: string): void {
  if (path.some((p) => FORBIDDEN_KEYS.has(p))) throw new UserError(`"${key}" is not a valid key (__proto__, constructor and prototype are refused)`, ExitCode.usage)
}

export function getAt(config: unknown, path: readonly string[]): {found: boolean; value?: unknown} {
  let node: unknown = config
  for (const part of path) {
    // An address list of one entry is written as a plain string (Go's config.Strings): it is entry 0.
    if (typeof node === 'string' && part === '0' && node !== '') continue
    if (Array.isArray(node) && INDEX.test(part) && Number(part) < node.length) {
      node = node[Number(part)]
      continue
    }
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, part)) return {found: false}
    node = (node as Record<string, unknown>)[part]
  }
  return {found: true, value: node}
}

/**
 * Sets a value, creating missing or null intermediate objects (as Kubo's config set does). A last segment that
 * is a list index replaces that entry, or appends one at index = length.
 */
export function setAt(config: Record<string, unknown>, path: readonly string[], value: unknown): void {
  refuseForbiddenKey(path, path.join('.'))
  const last = path.at(-1)!
  if (INDEX.test(last) && path.length > 1) {
    const before = getAt(config, path.slice(0, -1))
    const list = !before.found || before.value === null || before.value === '' ? [] : typeof before.value === 'string' ? [before.value] : before.value
    if (Array.isArray(list)) {
      if (Number(last) > list.length)
        throw new UserError(`cannot set ${path.join('.')}: the list has ${list.length} entr${list.length === 1 ? 'y' : 'ies'} (indexes 0 to ${list.length}, the last one appends)`, ExitCode.usage)
      const next = [...list]
      next[Number(last)] = value
      return setAt(config, path.slice(0, -1), next)
    }
  }
  let node = config
  for (const part of path.slice(0, -1)) {
    const next = node[part]
    if (next === null || next === undefined) node[part] = {}
    else if (typeof next !== 'object' || Array.isArray(next)) throw new UserError(`cannot set ${path.join('.')}: ${part} is not an object`, ExitCode.invalid)
    node = node[part] as Record<string, unknown>
  }
  node[path.at(-1)!] = value
}

export {childOf}
