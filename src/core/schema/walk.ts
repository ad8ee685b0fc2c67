// Navigating the JSON Schemas: find the node for a dotted key, classify it, list every key.

export interface SchemaNode {
  type?: string | readonly string[]
  properties?: Record<string, SchemaNode>
  additionalProperties?: SchemaNode | boolean
  items?: SchemaNode
  anyOf?: readonly SchemaNode[]
  enum?: readonly unknown[]
  format?: string
  default?: unknown
  minimum?: number
  maximum?: number
  description?: string
  'x-omit'?: 'empty' | 'default'
  'x-strings'?: true
  'x-sorted'?: true
  'x-secret'?: true
  'x-env'?: string
  'x-lenient'?: true
  'x-zero'?: 'default'
}

/** What kind of value a key holds: decides how `set` and env vars parse text into it. */
export type ValueKind =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'duration'
  | 'multiaddr'
  | 'multiaddrs'
  | 'string-list'
  | 'number-list'
  | 'string-map'
  | 'string-list-map'
  | 'object'
  | 'array'

export function typesOf(node: SchemaNode): string[] {
  if (node.type === undefined) return []
  return typeof node.type === 'string' ? [node.type] : [...node.type]
}

export function kindOf(node: SchemaNode): ValueKind {
  if (node['x-strings']) return 'multiaddrs'
  const types = typesOf(node)
  if (types.includes('object')) {
    if (node.properties) return 'object'
    const ap = node.additionalProperties
    if (ap && typeof ap === 'object' && typesOf(ap).includes('array')) return 'string-list-map'
    return 'string-map'
  }
  if (types.includes('array')) {
    const it = node.items
    if (it && typesOf(it).includes('string')) return 'string-list'
    if (it && typesOf(it).some((t) => t === 'number' || t === 'integer')) return 'number-list'
    return 'array'
  }
  if (types.includes('boolean')) return 'boolean'
  if (types.includes('integer')) return 'integer'
  if (types.includes('number')) return 'number'
  if (node.format === 'go-duration') return 'duration'
  if (node.format === 'multiaddr') return 'multiaddr'
  return 'string'
}

/** The child schema of `node` under `key`: a declared property, a map entry, or a list entry by index. */
export function childOf(node: SchemaNode, key: string): SchemaNode | undefined {
  if (/^(0|[1-9]\d*)$/.test(key)) {
    const list = node['x-strings'] ? node.anyOf?.find((n) => typesOf(n).includes('array')) : typesOf(node).includes('array') ? node : undefined
    if (list) return list.items
  }
  // Own properties only: `constructor` must not find Object.prototype's.
  const declared = node.properties && Object.hasOwn(node.properties, key) ? node.properties[key] : undefined
  if (declared) return declared
  const ap = node.additionalProperties
  if (ap && typeof ap === 'object') return ap
  return undefined
}

export function splitKey(key: string): string[] {
  return key.split('.')
}

/** The schema node at a dotted path, or undefined when the key is unknown. */
export function nodeAt(root: SchemaNode, path: readonly string[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = root
  for (const part of path) {
    if (!node) return undefined
    node = childOf(node, part)
  }
  return node
}

export interface LeafKey {
  path: string[]
  node: SchemaNode
  /** The envconfig prefix of the section the key belongs to. */
  envPrefix?: string
  /** Path below the section (what envconfig sees). */
  sectionPath?: string[]
}

/** Every declared key (objects included), depth first, in schema order. */
export function allKeys(root: SchemaNode): LeafKey[] {
  const out: LeafKey[] = []
  const visit = (node: SchemaNode, path: string[], envPrefix?: string, sectionPath?: string[]) => {
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      const p = [...path, name]
      let prefix = envPrefix
      let sp = sectionPath ? [...sectionPath, name] : undefined
      if (child['x-env']) {
        prefix = child['x-env']
        sp = []
      }
      out.push({path: p, node: child, envPrefix: prefix, sectionPath: sp})
      if (child.properties) visit(child, p, prefix, sp)
    }
  }
  visit(root, [])
  return out
}

/** The env var envconfig reads for a key: PREFIX_FIELD_FIELD, field = JSON key without underscores. */
export function envNameOf(key: LeafKey): string | undefined {
  if (!key.envPrefix || !key.sectionPath || key.sectionPath.length === 0) return undefined
  return [key.envPrefix, ...key.sectionPath.map((p) => p.replaceAll('_', ''))].join('_').toUpperCase()
}
