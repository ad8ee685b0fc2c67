import {readFile} from 'node:fs/promises'

import {ExitCode, UserError} from '../core/errors.js'

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
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch (error) {
    throw new UserError(`${source} is not valid JSON: ${(error as Error).message}`, ExitCode.usage)
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UserError(`${source} must be a JSON object`, ExitCode.usage)
  return value as Record<string, unknown>
}

/** KEY VALUE [KEY VALUE ...] arguments → pairs; one value of "-" is read from stdin. */
export async function keyValuePairs(argv: string[]): Promise<[string, string][]> {
  if (argv.length === 0 || argv.length % 2 !== 0)
    throw new UserError(`expected KEY VALUE pairs, got ${argv.length} argument${argv.length === 1 ? '' : 's'}`, ExitCode.usage)
  const pairs: [string, string][] = []
  let usedStdin = false
  for (let i = 0; i < argv.length; i += 2) {
    let value = argv[i + 1]
    if (value === '-') {
      if (usedStdin) throw new UserError('only one value can be read from stdin ("-")', ExitCode.usage)
      const {readStdin} = await import('./input.js')
      value = await readStdin(argv[i])
      usedStdin = true
    }
    pairs.push([argv[i], value])
  }
  return pairs
}
