import {readFile} from 'node:fs/promises'

import {ExitCode, UserError} from '../core/errors.js'
import {parseJsonText} from '../core/files.js'

/** --set KEY=VALUE flags → [key, value] pairs. */
export function splitSetFlags(items: string[]): [string, string][] {
  return items.map((item) => {
    const i = item.indexOf('=')
    if (i <= 0) throw new UserError(`--set "${item}": expected KEY=VALUE`, ExitCode.usage)
    return [item.slice(0, i), item.slice(i + 1)]
  })
}

/** --custom '{"cluster": {...}}' or --custom @file.json → an object. */
export async function readCustom(text: string): Promise<Record<string, unknown>> {
  let source = '--custom'
  let json = text
  if (text.startsWith('@')) {
    source = text.slice(1)
    try {
      json = await readFile(source, 'utf8')
    } catch (error) {
      throw new UserError(`--custom: cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? error}`, ExitCode.usage)
    }
  }
  // Our parser's message gives the position without quoting the text (it may hold a secret).
  const value = parseJsonText(json, source, ExitCode.usage)
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UserError(`${source} must be a JSON object`, ExitCode.usage)
  return value as Record<string, unknown>
}

/** What oclif's parser hands back, the parts the positional arguments are read from. */
export interface ParsedTokens {
  raw: readonly {type: string; input: string}[]
  nonExistentFlags?: readonly string[]
}

/**
 * The positional arguments exactly as typed, in order. oclif's non-strict `argv` is sorted by each value's
 * first occurrence, which scrambles repeated values (`min 3 max 3` became `min max 3 3`); its raw tokens
 * are in order.
 */
export function positionalArgs(parsed: ParsedTokens): string[] {
  if (parsed.nonExistentFlags && parsed.nonExistentFlags.length > 0)
    throw new UserError(`Nonexistent flag${parsed.nonExistentFlags.length > 1 ? 's' : ''}: ${parsed.nonExistentFlags.join(', ')}`, ExitCode.usage)
  return parsed.raw.filter((t) => t.type === 'arg').map((t) => t.input)
}

/**
 * KEY VALUE [KEY VALUE ...] arguments → pairs; one value of "-" is read from stdin; with --value-file
 * every other VALUE names the file holding it. The one parser of `service config set` and `follow config set`.
 */
export async function keyValuePairs(argv: string[], o: {valueFile?: boolean} = {}): Promise<[string, string][]> {
  if (argv.length === 0 || argv.length % 2 !== 0)
    throw new UserError(`expected KEY VALUE pairs, got ${argv.length} argument${argv.length === 1 ? '' : 's'}`, ExitCode.usage, {
      nextSteps: ['set KEY VALUE [KEY VALUE ...]'],
    })
  const pairs: [string, string][] = []
  for (let i = 0; i < argv.length; i += 2) pairs.push([argv[i], argv[i + 1]])
  const seen = new Set<string>()
  for (const [k] of pairs) {
    if (seen.has(k)) throw new UserError(`${k} is given twice; give each key once`, ExitCode.usage)
    seen.add(k)
  }
  const fromStdin = pairs.filter(([, v]) => v === '-').map(([k]) => k)
  // Checked before reading: stdin holds one value, and nothing may be half-read when the command fails.
  if (fromStdin.length > 1) throw new UserError(`only one value can be read from stdin ("-"), got "-" for ${fromStdin.join(' and ')}`, ExitCode.usage)
  if (fromStdin.length === 1) {
    const {readStdinValue} = await import('./input.js')
    const value = await readStdinValue(fromStdin[0])
    for (const p of pairs) if (p[1] === '-' && p[0] === fromStdin[0]) p[1] = value
  }
  if (o.valueFile) {
    const {readValueFile} = await import('./input.js')
    for (const p of pairs) if (!fromStdin.includes(p[0])) p[1] = await readValueFile(p[1], p[0])
  }
  return pairs
}
