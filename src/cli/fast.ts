// The fast path: every command with a handler (src/cli/handlers/<id>.ts) runs without loading oclif,
// which costs more than the work of most commands. Flags and arguments are read from the same oclif
// manifest the commands publish (copied into the command's bundle at build time), so definitions are
// not repeated here, and the handler is the one the oclif command runs. Anything this parser does not fully understand (help, an
// unknown or unusual flag, a missing argument, a prompt) is left to oclif, which then handles the
// whole command line and its error messages.
import {UserError} from '../core/errors.js'
import type {Handler, ParsedInput} from './handler.js'
import {applyLockTimeout} from './run-options.js'
import {type Io, canPrompt, loadColour, printUnexpectedError, printUserError, writeLine} from './io.js'

interface FlagDef {
  name: string
  char?: string
  type: 'boolean' | 'option'
  options?: string[]
  env?: string
  default?: unknown
  multiple?: boolean
  delimiter?: string
  required?: boolean
  /** Set by the build (scripts/manifest.mjs) for oclif's integer flags. */
  integer?: {min?: number; max?: number}
}
interface CommandDef {
  flags: Record<string, FlagDef>
  args: Record<string, {name: string; required?: boolean}>
  strict?: boolean
}

/** The command's definition from the oclif manifest (what scripts/bundle.mjs puts in its bundle). */
export type {CommandDef}

/**
 * Runs one command from the tokens after its name; false when oclif must take the command line.
 * Each command's bundle (dist/fast/<words>.js, made by scripts/bundle.mjs) calls this with its own
 * definition and handler, so a start reads one file besides bin/run.js and the packages it uses.
 */
export async function runFast(tokens: string[], def: CommandDef, handler: {run: Handler; prompts?: boolean}): Promise<boolean> {
  if (process.env.IPFS_CLUSTER_CONFIG_CONTENT_TYPE !== undefined) return false
  const parsed = parse(tokens, def)
  if (!parsed) return false
  const json = parsed.flags.json === true
  const io: Io = {
    log: (l) => !json && writeLine('stdout', l),
    note: (l) => !json && writeLine('stderr', l),
    json,
    canPrompt: canPrompt(parsed.flags['no-prompt'] === true, json),
  }
  if (io.canPrompt && handler.prompts) return false // prompts are oclif's: a person is waiting anyway
  await loadColour(json)
  // As oclif does: a closed stdout (`| head`) ends the output, not the command with a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err
  })
  try {
    applyLockTimeout(parsed.flags)
    const result = await handler.run(parsed, io)
    if (json) process.stdout.write(JSON.stringify(result, null, 2) + '\n')
  } catch (error) {
    if (error instanceof UserError) printUserError(error, json)
    else printUnexpectedError(error as Error, json)
  }
  return true
}

const BOOLEAN_TRUE = new Set(['1', 'true', 'y', 'yes']) // oclif's isTruthy

/** oclif's parsing for the plain cases; undefined for anything else. */
function parse(tokens: string[], def: CommandDef): ParsedInput | undefined {
  const byName = new Map(Object.values(def.flags).map((f) => [f.name, f]))
  const byChar = new Map(Object.values(def.flags).filter((f) => f.char).map((f) => [f.char!, f]))
  const flags: Record<string, unknown> = {}
  const positional: string[] = []
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]
    let f: FlagDef | undefined
    let value: string | undefined
    if (t === '--') return undefined
    if (t.startsWith('--')) {
      const eq = t.indexOf('=')
      f = byName.get(eq === -1 ? t.slice(2) : t.slice(2, eq))
      if (eq !== -1) value = t.slice(eq + 1)
    } else if (/^-[a-zA-Z]$/.test(t)) f = byChar.get(t[1])
    else if (t.startsWith('-') && t !== '-') return undefined
    else {
      positional.push(t)
      continue
    }
    if (!f) return undefined
    if (f.type === 'boolean') {
      if (value !== undefined) return undefined
      flags[f.name] = true
      continue
    }
    if (value === undefined) {
      value = tokens[++i]
      if (value === undefined || (value.startsWith('-') && value !== '-')) return undefined
    }
    if (f.options && !f.options.includes(value)) return undefined
    if (f.integer) {
      const n = integer(value, f)
      if (n === undefined || f.multiple || f.name in flags) return undefined
      flags[f.name] = n
      continue
    }
    if (f.multiple) {
      const values = f.delimiter ? value.split(f.delimiter) : [value]
      flags[f.name] = [...((flags[f.name] as string[]) ?? []), ...values]
    } else if (f.name in flags) return undefined
    else flags[f.name] = value
  }
  const argDefs = Object.values(def.args ?? {})
  // Too many or too few arguments: oclif says which.
  if ((def.strict !== false && positional.length > argDefs.length) || argDefs.some((a, i) => a.required && positional[i] === undefined)) return undefined
  const args: Record<string, string> = {}
  argDefs.forEach((a, i) => positional[i] !== undefined && (args[a.name] = positional[i]))
  // Env twins and defaults, as oclif applies them.
  for (const f of byName.values()) {
    if (f.name in flags) continue
    const env = f.env ? process.env[f.env] : undefined // oclif ignores an empty variable
    if (env) {
      if (f.multiple) return undefined
      if (f.type === 'boolean') flags[f.name] = BOOLEAN_TRUE.has(env.toLowerCase())
      else if (f.options && !f.options.includes(env)) return undefined
      else if (f.integer) {
        const n = integer(env, f)
        if (n === undefined) return undefined
        flags[f.name] = n
      } else flags[f.name] = env
    } else if (f.default !== undefined) flags[f.name] = f.default
    else if (f.required) return undefined // oclif names the missing flag
  }
  return {args, argv: positional, flags}
}

/** oclif's integer parsing; undefined (oclif then says what is wrong) for anything it would refuse. */
function integer(text: string, f: FlagDef): number | undefined {
  if (!/^-?\d+$/.test(text)) return undefined
  const n = Number.parseInt(text, 10)
  return (f.integer!.min !== undefined && n < f.integer!.min) || (f.integer!.max !== undefined && n > f.integer!.max) ? undefined : n
}
