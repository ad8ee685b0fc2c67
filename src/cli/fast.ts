// The fast path: `service config get` and `service config create` with plain arguments run without
// loading oclif (~150 ms of a ~300 ms start). Flags are read from the same oclif manifest the
// commands publish, so definitions are not repeated here. Anything this parser does not fully
// understand (help, an unknown or unusual flag, a prompt, coloured JSON on a terminal) is left
// to oclif, which then handles the whole command line.
import {readFileSync} from 'node:fs'

import {UserError} from '../core/errors.js'
import {applyLockTimeout} from './flags.js'
import {type Io, canPrompt, printUnexpectedError, printUserError} from './io.js'

interface FlagDef {
  name: string
  char?: string
  type: 'boolean' | 'option'
  options?: string[]
  env?: string
  default?: unknown
  multiple?: boolean
  delimiter?: string
}
interface CommandDef {
  flags: Record<string, FlagDef>
  args: Record<string, {name: string}>
  strict?: boolean
}

type Handler = (args: Record<string, string>, flags: Record<string, unknown>, io: Io) => Promise<unknown>

/** The commands with a fast path; flags that need oclif's parsing (integers, stdin) are not. */
const FAST: Record<string, {load: () => Promise<Handler>; unsupported: string[]}> = {
  'service:config:get': {
    load: async () => (await import('./handlers/service-config-get.js')).serviceConfigGet as Handler,
    unsupported: [],
  },
  'service:config:create': {
    load: async () => {
      const {serviceConfigCreate} = await import('./handlers/service-config-create.js')
      return (_args, flags, io) => serviceConfigCreate(flags, io)
    },
    unsupported: ['replication-min', 'replication-max'],
  },
}

export async function runFast(argv: string[], root: URL): Promise<boolean> {
  const id = argv.slice(0, 3).join(':')
  const fast = FAST[id]
  if (!fast || process.env.IPFS_CLUSTER_CONFIG_CONTENT_TYPE !== undefined) return false
  let manifest: {commands: Record<string, CommandDef>}
  try {
    manifest = JSON.parse(readFileSync(new URL('oclif.manifest.json', root), 'utf8'))
  } catch {
    return false
  }
  const def = manifest.commands[id]
  if (!def) return false
  const parsed = parse(argv.slice(3), def, fast.unsupported)
  if (!parsed) return false
  const json = parsed.flags.json === true
  const io: Io = {
    log: (l) => !json && process.stdout.write(l + '\n'),
    note: (l) => !json && process.stderr.write(l + '\n'),
    json,
    canPrompt: canPrompt(parsed.flags['no-prompt'] === true, json),
  }
  if (io.canPrompt) return false // prompts are oclif's: a person is waiting anyway
  try {
    applyLockTimeout(parsed.flags)
    const result = await (await fast.load())(parsed.args, parsed.flags, io)
    if (json) process.stdout.write(JSON.stringify(result, null, 2) + '\n')
  } catch (error) {
    if (error instanceof UserError) printUserError(error, json)
    else printUnexpectedError(error as Error, json)
  }
  return true
}

const BOOLEAN_TRUE = new Set(['1', 'true', 'y', 'yes']) // oclif's isTruthy

/** oclif's parsing for the plain cases; undefined for anything else. */
function parse(tokens: string[], def: CommandDef, unsupported: string[]): {args: Record<string, string>; flags: Record<string, unknown>} | undefined {
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
    if (!f || unsupported.includes(f.name)) return undefined
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
    if (f.multiple) {
      const values = f.delimiter ? value.split(f.delimiter) : [value]
      flags[f.name] = [...((flags[f.name] as string[]) ?? []), ...values]
    } else if (f.name in flags) return undefined
    else flags[f.name] = value
  }
  const argNames = Object.values(def.args ?? {}).map((a) => a.name)
  if (positional.length > argNames.length) return undefined
  const args: Record<string, string> = {}
  positional.forEach((v, i) => (args[argNames[i]] = v))
  // Env twins and defaults, as oclif applies them.
  for (const f of byName.values()) {
    if (f.name in flags) continue
    const env = f.env ? process.env[f.env] : undefined // oclif ignores an empty variable
    if (env) {
      if (unsupported.includes(f.name) || f.multiple) return undefined
      if (f.type === 'boolean') flags[f.name] = BOOLEAN_TRUE.has(env.toLowerCase())
      else if (f.options && !f.options.includes(env)) return undefined
      else flags[f.name] = env
    } else if (f.default !== undefined) flags[f.name] = f.default
  }
  return {args, flags}
}
