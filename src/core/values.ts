// Turning text (a `set` argument, an env var) into the typed value a key holds, and normalising
// values the way the daemon prints them after parsing.
import {formatDuration, parseDuration} from './duration.js'
import {parseMultiaddr} from './multiaddr.js'
import {ExitCode} from './errors.js'
import {checkInputTree} from './input-tree.js'
import {kindOf, type SchemaNode} from './schema/walk.js'

export class ValueError extends Error {}

const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True'])
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False'])

/** How an error quotes the text it could not parse: never the value of a secret key. */
function quoted(text: string, secret: boolean): string {
  return secret ? '(a value not shown: the key holds a secret)' : `"${text}"`
}

function parseGoBool(text: string, key: string, secret = false): boolean {
  if (GO_TRUE.has(text)) return true
  if (GO_FALSE.has(text)) return false
  throw new ValueError(`${key} takes true or false, got ${quoted(text, secret)}`)
}

function parseInteger(text: string, key: string, goBase0 = false, secret = false): number {
  const t = text.trim()
  let n: bigint
  if (goBase0) {
    // Go's strconv.ParseInt(s, 0, 64), as envconfig reads ints: 0x, 0o, 0b, leading-0 octal, _ separators.
    const m = /^([+-]?)(0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|0(?:_?[0-7])*|[1-9](?:_?[0-9])*)$/.exec(t)
    if (!m) throw new ValueError(`${key} takes an integer, got ${quoted(text, secret)}`)
    let digits = m[2].replaceAll('_', '')
    if (/^0[0-7]+$/.test(digits)) digits = '0o' + digits.slice(1)
    n = BigInt(digits)
    if (m[1] === '-') n = -n
  } else {
    if (!/^[+-]?\d+$/.test(t)) throw new ValueError(`${key} takes an integer, got ${quoted(text, secret)}`)
    n = BigInt(t)
  }
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)) throw new ValueError(`${key}: ${secret ? 'the value' : text} is out of range`)
  return Number(n)
}

function parseNumber(text: string, key: string, secret = false): number {
  const n = Number(text.trim())
  if (text.trim() === '' || !Number.isFinite(n)) throw new ValueError(`${key} takes a number, got ${quoted(text, secret)}`)
  return n
}

function splitList(text: string): string[] {
  return text.trim() === '' ? [] : text.split(',').map((s) => s.trim())
}

function tryJson(text: string, key: string, secret: boolean): {ok: true; value: unknown} | {ok: false} {
  const t = text.trim()
  if (!(t.startsWith('[') || t.startsWith('{') || t === 'null')) return {ok: false}
  let value: unknown
  try {
    value = JSON.parse(t)
  } catch {
    throw new ValueError(`${key}: the value is not valid JSON${secret ? ' (not shown: the key holds a secret)' : `: ${t.slice(0, 40)}`}`)
  }
  checkInputTree(value, key, ExitCode.invalid)
  return {ok: true, value}
}

/** k:v,k2:v2. envconfig (strict) rejects a value holding ":"; on the command line it is kept. */
function parseMap(text: string, key: string, strict = false, secret = false): Record<string, string> {
  const out: Record<string, string> = {}
  for (const item of splitList(text)) {
    const i = item.indexOf(':')
    if (i === -1 || (strict && item.indexOf(':', i + 1) !== -1))
      throw new ValueError(`${key} takes key:value pairs separated by commas${strict ? '' : ' (or JSON)'}, got ${quoted(item, secret)} (invalid map item)`)
    out[item.slice(0, i)] = item.slice(i + 1)
  }
  return out
}

/**
 * Parses a command-line value for a key. JSON literals are accepted for lists, maps and objects;
 * lists also take comma-separated text, maps `k:v,k2:v2`, as the daemon's env vars do.
 */
export function parseCliValue(text: string, node: SchemaNode, key: string, secret = false): unknown {
  const kind = kindOf(node)
  switch (kind) {
    case 'string':
      return text
    case 'integer':
      return parseInteger(text, key, false, secret)
    case 'number':
      return parseNumber(text, key, secret)
    case 'boolean':
      return parseGoBool(text, key, secret)
    case 'duration': {
      const ns = parseDuration(text.trim())
      if (ns === undefined) throw new ValueError(`${key} takes a Go duration such as 30s, 1m30s or 2h, got ${quoted(text, secret)}`)
      return formatDuration(ns)
    }
    case 'multiaddr':
      return normalizeAddress(text.trim(), key)
    case 'multiaddrs':
    case 'string-list':
    case 'number-list': {
      const json = tryJson(text, key, secret)
      if (json.ok) return json.value
      const items = splitList(text)
      if (kind === 'number-list') return items.map((s) => parseNumber(s, key, secret))
      return items
    }
    case 'string-map': {
      const json = tryJson(text, key, secret)
      return json.ok ? json.value : parseMap(text, key, false, secret)
    }
    case 'string-list-map':
    case 'object':
    case 'array': {
      const json = tryJson(text, key, secret)
      if (!json.ok) throw new ValueError(`${key} takes a JSON ${kind === 'array' ? 'array' : 'object'}`)
      return json.value
    }
  }
}

/** Parses an env var value with envconfig's rules (as the daemon does at init and start). */
export function parseEnvValue(text: string, node: SchemaNode, variable: string): unknown {
  const kind = kindOf(node)
  switch (kind) {
    case 'integer':
      return parseInteger(text, variable, true)
    case 'number':
      return parseNumber(text, variable)
    case 'boolean':
      return parseGoBool(text, variable)
    case 'multiaddrs':
    case 'string-list':
      return splitList(text)
    case 'number-list':
      return splitList(text).map((s) => parseNumber(s, variable))
    case 'string-map':
      return parseMap(text, variable, true)
    case 'string-list-map':
    case 'object':
    case 'array':
      throw new ValueError(`${variable} cannot be set from the environment`)
    default:
      return text // durations and addresses are strings in the JSON structs; the component parses them
  }
}

function normalizeAddress(text: string, key: string): string {
  const r = parseMultiaddr(text)
  if (!r.ok) throw new ValueError(`${key}: invalid multiaddress "${text}": ${r.error}`)
  return r.value
}

/**
 * The value as the daemon would write it back after parsing: durations in Go's form, addresses
 * canonical, a trust list with "*" reduced to ["*"]. Values that do not parse are left as they
 * are, for validation to report.
 */
export function normalizeValue(value: unknown, node: SchemaNode): unknown {
  if (node['x-zero'] === 'default' && isZero(value)) return structuredClone(node.default)
  // The secret is hex-decoded and written back lower-case.
  if (node.format === 'cluster-secret' && typeof value === 'string' && /^[0-9a-fA-F]*$/.test(value)) return value.toLowerCase()
  const kind = kindOf(node)
  if (kind === 'duration' && typeof value === 'string') {
    const ns = parseDuration(value)
    return ns === undefined ? value : formatDuration(ns)
  }
  if (kind === 'multiaddr' && typeof value === 'string') {
    const r = parseMultiaddr(value)
    return r.ok ? r.value : value
  }
  if (kind === 'multiaddrs') {
    const list = typeof value === 'string' ? (value === '' ? [] : [value]) : value
    if (!Array.isArray(list)) return value
    return list.map((v) => {
      const r = typeof v === 'string' ? parseMultiaddr(v) : undefined
      return r?.ok ? r.value : v
    })
  }
  if (kind === 'string-list' && node.items?.format === 'multiaddr' && Array.isArray(value)) {
    return value.map((v) => {
      const r = typeof v === 'string' ? parseMultiaddr(v) : undefined
      return r?.ok ? r.value : v
    })
  }
  if (kind === 'string-list' && node.items?.format === 'peer-id-or-star' && Array.isArray(value) && value.includes('*')) {
    return ['*']
  }
  if (kind === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      const child = node.properties?.[k]
      out[k] = child ? normalizeValue(v, child) : v
    }
    return out
  }
  return value
}

function isZero(v: unknown): boolean {
  return v === 0 || v === '' || (typeof v === 'string' && parseDuration(v) === 0n) || (Array.isArray(v) && v.length === 0)
}
