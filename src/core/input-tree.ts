// The one check every input passes before it is merged or set (service.json, --custom, a JSON
// value of `set`, MCP and HTTP arguments): no prototype keys, no nesting deep enough to overflow
// the recursive walkers.
import {type ExitCodeValue, UserError} from './errors.js'

/** Deeper than any IPFS Cluster config (about 6 levels); deeper input would overflow the recursive walkers. */
export const MAX_JSON_DEPTH = 64
/** Keys that would reach an object's prototype when assigned or merged. */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * Refuses input (a file, --custom, a JSON value, MCP arguments) nested deeper than MAX_JSON_DEPTH
 * or holding a key named __proto__, constructor or prototype. Iterative: it must not overflow itself.
 */
export function checkInputTree(value: unknown, what: string, exit: ExitCodeValue): void {
  const stack: {v: unknown; path: string[]}[] = [{v: value, path: []}]
  while (stack.length > 0) {
    const {v, path} = stack.pop()!
    if (v === null || typeof v !== 'object') continue
    if (path.length >= MAX_JSON_DEPTH)
      throw new UserError(`${what} is nested deeper than ${MAX_JSON_DEPTH} levels (at ${path.slice(0, 3).join('.')}...)`, exit)
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({v: x, path: [...path, String(i)]}))
    else
      for (const [k, x] of Object.entries(v)) {
        if (FORBIDDEN_KEYS.has(k)) throw new UserError(`${what}: the key "${[...path, k].join('.')}" is not allowed (__proto__, constructor and prototype are refused)`, exit)
        stack.push({v: x, path: [...path, k]})
      }
  }
}

