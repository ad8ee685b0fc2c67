// Secrets stay secret: what `get`, `diff`, change reports, MCP results and the HTTP face show in place
// of the cluster secret, private keys and passwords unless --show-secrets is given. One rule decides
// what is a secret, wherever the value sits, so a renamed or misspelt section (unknown to the schema,
// ignored by the daemon) does not make its secret printable:
// - a key the schema marks x-secret, and everything under it;
// - where the schema does not declare the key (an unknown section or key, a map's entry): a key whose
//   name says secret;
// - anywhere: a string shaped like a cluster secret or a libp2p private key (no other key holds 64 hex
//   digits or a key protobuf: a section replaced by its secret, a secret pasted into peername), and a
//   string equal to a secret that the rules above find in the same document(s).
import {childOf, type SchemaNode} from './schema/walk.js'

export const REDACTED = '<redacted: use --show-secrets>'

/** Names that say "secret" (beside the schema's own secret names), for keys the schema does not declare. */
const SECRET_NAME = /secret|passw|private_?key|credential|token|authori[sz]ation|api_?key/i
/** 32 bytes in hex: the cluster secret's format. */
const CLUSTER_SECRET_SHAPE = /^[0-9a-f]{64}$/i
/** A base64 libp2p private key protobuf: key type RSA, Ed25519, Secp256k1 or ECDSA (CAAS, CAES, CAIS, CAMS). */
const PRIVATE_KEY_SHAPE = /^CA[AEIM]S[A-Za-z0-9+/]{40,}={0,2}$/

const schemaSecretNames = new WeakMap<SchemaNode, Set<string>>()

/** The names of the keys the schema marks secret (secret, private_key, basic_auth_credentials). */
function secretNamesOf(root: SchemaNode): Set<string> {
  let names = schemaSecretNames.get(root)
  if (names) return names
  names = new Set<string>()
  const seen = new Set<SchemaNode>()
  const visit = (node: SchemaNode | undefined) => {
    if (!node || seen.has(node)) return
    seen.add(node)
    for (const [k, child] of Object.entries(node.properties ?? {})) {
      if (child['x-secret']) names!.add(k)
      visit(child)
    }
    if (node.additionalProperties && typeof node.additionalProperties === 'object') visit(node.additionalProperties)
    visit(node.items)
    for (const n of node.anyOf ?? []) visit(n)
  }
  visit(root)
  schemaSecretNames.set(root, names)
  return names
}

/**
 * Where a value sits: its schema node (undefined: unknown), whether it is (under) a secret by the
 * schema or only by a key's name (then only its strings are secrets: `cors_allow_credentials: true`
 * in a misspelt section is no secret), whether the schema leaves its name free.
 */
interface Place {
  node: SchemaNode | undefined
  secret: 'schema' | 'name' | undefined
  free: boolean
}

function childPlace(root: SchemaNode, place: Place, key: string): Place {
  const declared = !!place.node?.properties && Object.hasOwn(place.node.properties, key)
  const node = place.node ? childOf(place.node, key) : undefined
  const index = /^(0|[1-9]\d*)$/.test(key)
  const free = place.free || node === undefined || (!declared && !index)
  const named = free && !index && (secretNamesOf(root).has(key) || SECRET_NAME.test(key))
  return {node, secret: place.secret ?? (node?.['x-secret'] ? 'schema' : named ? 'name' : undefined), free}
}

function placeAt(root: SchemaNode, path: readonly string[]): Place {
  let place: Place = {node: root, secret: root['x-secret'] ? 'schema' : undefined, free: false}
  for (const key of path) place = childPlace(root, place, key)
  return place
}

/** Whether the value at `path` is (or sits under) a secret by its place alone (set, unset and MCP ask this of a key). */
export function isSecretPath(root: SchemaNode, path: readonly string[]): boolean {
  return placeAt(root, path).secret !== undefined
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

/**
 * The one walk: calls `hide` for every value to hide (non-empty scalars at secret places, strings at
 * secret-named ones, secret-shaped
 * strings at free places, strings in `known`) and builds the copy from what it returns.
 */
function walk(value: unknown, root: SchemaNode, place: Place, path: string[], known: Set<string>, hide: (v: unknown, path: string[]) => unknown): unknown {
  if (Array.isArray(value)) return value.map((v, i) => walk(v, root, childPlace(root, place, String(i)), [...path, String(i)], known, hide))
  if (isObj(value)) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, root, childPlace(root, place, k), [...path, k], known, hide)
    return out
  }
  if (value === '' || value === null || value === undefined) return value
  if (place.secret === 'schema' || (place.secret === 'name' && typeof value === 'string')) return hide(value, path)
  if (typeof value === 'string' && (known.has(value) || CLUSTER_SECRET_SHAPE.test(value) || PRIVATE_KEY_SHAPE.test(value))) return hide(value, path)
  return value
}

/** Every secret string in a document (by place and shape): what `redactAt` also hides wherever it appears. */
export function secretValues(doc: unknown, root: SchemaNode, path: readonly string[] = [], out = new Set<string>()): Set<string> {
  walk(doc, root, placeAt(root, path), [...path], new Set(), (v) => {
    if (typeof v === 'string') out.add(v)
    return v
  })
  return out
}

/**
 * A copy of `value`, found at `path` of a document of schema `root`, with every secret replaced by
 * the marker; `secrets` are the secret strings of the document(s) it comes from (secretValues).
 * `redacted` lists the dotted keys hidden.
 */
export function redactAt(value: unknown, root: SchemaNode, path: readonly string[], secrets: Set<string> = secretValues(value, root, path)): {value: unknown; redacted: string[]} {
  const redacted: string[] = []
  const out = walk(value, root, placeAt(root, path), [...path], secrets, (_v, p) => {
    redacted.push(p.join('.'))
    return REDACTED
  })
  return {value: out, redacted}
}

/** A whole document of schema `root` with its secrets redacted. */
export function redact(doc: unknown, root: SchemaNode): {value: unknown; redacted: string[]} {
  return redactAt(doc, root, [])
}
