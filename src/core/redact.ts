// Secrets stay secret: `get` shows a marker instead of the cluster secret, private keys and
// basic-auth passwords unless --show-secrets is given.
import {childOf, type SchemaNode} from './schema/walk.js'

export const REDACTED = '<redacted: use --show-secrets>'

/** A copy of `value` with every x-secret key replaced; `redacted` lists the dotted keys hidden. */
export function redact(value: unknown, node: SchemaNode | undefined, path: string[] = [], redacted: string[] = []): {value: unknown; redacted: string[]} {
  const hide = (v: unknown, p: string[]) => {
    if (v === '' || v === null || v === undefined) return v
    redacted.push(p.join('.'))
    return REDACTED
  }
  if (node?.['x-secret']) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      // A credentials map: keep the user names, hide the passwords.
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) out[k] = hide(v, [...path, k])
      return {value: out, redacted}
    }
    return {value: hide(value, path), redacted}
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = redact(v, node ? childOf(node, k) : undefined, [...path, k], redacted).value
    return {value: out, redacted}
  }
  return {value, redacted}
}
