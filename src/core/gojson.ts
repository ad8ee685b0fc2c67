// Writes JSON the way Go's json.MarshalIndent does for ipfs-cluster's config structs: schema key
// order, Go maps sorted, omitempty/hidden fields left out, one-entry address lists as a string,
// `<`, `>`, `&`, U+2028 and U+2029 escaped, no trailing newline.
import {isDeepStrictEqual} from 'node:util'

import {childOf, type SchemaNode} from './schema/walk.js'

type Json = null | boolean | number | string | Json[] | {[k: string]: Json}

export function marshalIndent(value: unknown, schema: SchemaNode | undefined, indent: string): string {
  return write(arrange(value, schema), indent, '')
}

/** True when Go's omitempty would leave the value out. */
export function isEmptyValue(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return true
  if (Array.isArray(v)) return v.length === 0
  if (typeof v === 'object') return Object.keys(v).length === 0
  return false
}

/** Values in write order: objects become Maps so integer-like keys keep their place. */
function arrange(value: unknown, schema: SchemaNode | undefined): unknown {
  if (schema?.['x-strings']) {
    if (Array.isArray(value) && value.length === 1) return value[0]
    if (value === '') return []
  }
  if (Array.isArray(value)) return value.map((v) => arrange(v, schema?.items))
  if (value === null || typeof value !== 'object') return value
  const obj = value as Record<string, unknown>
  let keys: string[]
  if (schema?.['x-sorted']) {
    keys = Object.keys(obj).sort(byteOrder)
  } else {
    const declared = Object.keys(schema?.properties ?? {}).filter((k) => k in obj)
    const extra = Object.keys(obj).filter((k) => !(k in (schema?.properties ?? {})))
    keys = [...declared, ...extra]
  }
  const out = new Map<string, unknown>()
  for (const k of keys) {
    const child = schema ? childOf(schema, k) : undefined
    const v = obj[k]
    if (v === undefined) continue
    if (child?.['x-omit'] === 'empty' && isEmptyValue(v)) continue
    if (child?.['x-omit'] === 'default' && isDeepStrictEqual(v, child.default)) continue
    out.set(k, arrange(v, child))
  }
  return out
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b))
}

export function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
}

function write(v: unknown, indent: string, prefix: string): string {
  if (v === null || v === undefined) return 'null'
  if (typeof v === 'string') return goString(v)
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null'
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  const inner = prefix + indent
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]'
    return '[\n' + v.map((x) => inner + write(x, indent, inner)).join(',\n') + '\n' + prefix + ']'
  }
  const entries = v instanceof Map ? [...v.entries()] : Object.entries(v as Record<string, unknown>)
  if (entries.length === 0) return '{}'
  return '{\n' + entries.map(([k, x]) => inner + goString(k) + ': ' + write(x, indent, inner)).join(',\n') + '\n' + prefix + '}'
}

export type {Json}
