// Dotted keys (`consensus.crdt.trusted_peers`, `api.restapi.basic_auth_credentials.admin`):
// resolving them against the schema, reading and writing them in a config object.
import {ExitCode, UserError} from './errors.js'
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

/** The closest known key, when it is close enough to be a typo. */
export function nearestKey(key: string, known: string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  const last = key.split('.').at(-1)!
  for (const k of known) {
    // Compare whole keys, and the last segment (a right name in the wrong section).
    const d = Math.min(levenshtein(key, k), levenshtein(last, k.split('.').at(-1)!) + 1)
    if (d < bestDistance) {
      bestDistance = d
      best = k
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(key.length / 4)) ? best : undefined
}

/** The schema node of a key; an unknown key is exit 8 with the nearest valid key. */
export function resolveKey(root: SchemaNode, key: string, file: string): {path: string[]; node: SchemaNode} {
  const path = key.split('.')
  if (path.some((p) => p === '')) throw new UserError(`"${key}" is not a valid key (use dotted names such as cluster.peername)`, ExitCode.usage)
  const node = nodeAt(root, path)
  if (!node) {
    const near = nearestKey(key, allKeys(root).map((k) => k.path.join('.')))
    throw new UserError(`unknown key "${key}" for ${file}${near ? `; did you mean ${near}?` : ''}`, ExitCode.unknownKey)
  }
  return {path, node}
}

export function getAt(config: unknown, path: readonly string[]): {found: boolean; value?: unknown} {
  let node: unknown = config
  for (const part of path) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !(part in node)) return {found: false}
    node = (node as Record<string, unknown>)[part]
  }
  return {found: true, value: node}
}

/** Sets a value, creating missing or null intermediate objects (as Kubo's config set does). */
export function setAt(config: Record<string, unknown>, path: readonly string[], value: unknown): void {
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
