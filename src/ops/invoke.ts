// Calling an operation, for every transport: the arguments are checked against its JSON Schema
// (Ajv) before anything runs, a failure becomes an isError outcome carrying the CLI's JSON error
// document, and no outcome carries a secret unless show_secrets is true.
import {Ajv, type ErrorObject, type ValidateFunction} from 'ajv'

import {type ErrorDocument, ExitCode, errorDocument} from '../core/errors.js'
import {derived, readJsonFileCached} from '../core/file-cache.js'
import {checkInputTree} from '../core/input-tree.js'
import {serviceFiles} from '../core/paths.js'
import {REDACTED, secretValues} from '../core/redact.js'
import {serviceRoot} from '../core/service-config.js'
import {type Operation, type OperationContext, flattenUpdates} from './operations.js'

type Obj = Record<string, unknown>

/** What an operation answers, whatever the transport (MCP maps it to a CallToolResult). */
export interface OperationOutcome {
  /** What `--json` prints: the core's result, or on failure the error document. */
  result: Obj
  /** A short summary in the CLI's words. */
  text: string
  isError: boolean
  /** The call asked for a dry run: it checked, and changed nothing. */
  dryRun?: true
}

const ajv = new Ajv({allErrors: true, allowUnionTypes: true})
const validators = new Map<string, ValidateFunction>()

function validatorOf(op: Operation): ValidateFunction {
  let v = validators.get(op.name)
  if (!v) validators.set(op.name, (v = ajv.compile(op.inputSchema)))
  return v
}

function describeError(e: ErrorObject, op: Operation): {path: string; message: string} {
  const path = e.instancePath === '' ? 'arguments' : e.instancePath.slice(1).replaceAll('/', '.')
  const p = e.params as Record<string, unknown>
  let message: string
  if (e.keyword === 'additionalProperties') {
    const known = e.instancePath === '' ? ` (known: ${Object.keys((op.inputSchema as {properties: Obj}).properties).join(', ')})` : ''
    message = `unknown property "${p.additionalProperty}"${known}`
  } else if (e.keyword === 'required') message = `missing required property "${p.missingProperty}"`
  else if (e.keyword === 'enum') message = `must be one of ${(p.allowedValues as unknown[]).join(', ')}`
  else message = e.message ?? e.keyword
  return {path, message}
}

export function inputError(op: Operation, errors: ErrorObject[]): ErrorDocument {
  const details = errors.map((e) => describeError(e, op))
  const reasons = details.map((d) => `${d.path}: ${d.message}`).join('; ')
  return {error: {name: 'UsageError', message: `invalid arguments for ${op.name}: ${reasons}`, exit: ExitCode.usage, nextSteps: [], details}}
}

/** The core words its messages for the command line; the text tells which argument a flag is. */
const PARAMETER_OF_FLAG: Record<string, string> = {
  '--force': 'overwrite',
  '--exist-ok': 'exist_ok',
  '--new-identity': 'new_identity',
  '--new-secret': 'new_secret',
  '--show-secrets': 'show_secrets',
  '--path': 'cluster_path',
  '--follow': 'cluster_name',
  '--source': 'source',
  '--leader': 'bootstrap_peer (or leaders)',
  '--trusted-peer': 'trusted_peers',
  '--secret': 'secret',
  '--secret-file': 'secret',
  '--peers': 'peers',
  '--custom': 'custom_settings',
  '--random-ports': 'random_ports',
  '--resolve': 'resolve',
  '--api': 'remote_host/leader_host',
  '--basic-auth': 'auth',
  '--start': 'start',
}

export function flagHint(texts: string[]): string | undefined {
  const flags = new Set(texts.flatMap((t) => t.match(/--[a-z][a-z-]*/g) ?? []).filter((f) => f in PARAMETER_OF_FLAG))
  if (flags.size === 0) return undefined
  return `(as tool parameters: ${[...flags].map((f) => `${f} is ${PARAMETER_OF_FLAG[f]}`).join(', ')})`
}

function errorResult(document: ErrorDocument): OperationOutcome {
  const {message, exit, nextSteps} = document.error
  const hint = flagHint([message, ...nextSteps])
  const text = [`Error (exit ${exit}): ${message}`, ...nextSteps.map((s) => `  try: ${s}`), ...(hint ? [hint] : [])].join('\n')
  return {result: document as unknown as Obj, text, isError: true}
}

// ---------------------------------------------------------------------------------------------
// The secret guard. The core already redacts; this makes sure that no string of a result (an
// error message, a log line, a diagnosis) repeats the secret, a private key or a password that
// came in with the arguments or sits in the peer's files.

const readJson = (file: string): Promise<unknown> => readJsonFileCached(file).then((r) => r.value, () => undefined)

/** The secrets in a service.json, found once per version of the file. */
const SECRETS_OF_CONFIG = new WeakMap<object, Set<string>>()
const configSecrets = (config: unknown) => derived(SECRETS_OF_CONFIG, config, () => {
  const out = new Set<string>()
  secretValues(config, serviceRoot, [], out)
  return out
})

export async function secretsOf(args: Obj, folders: string | string[] | undefined): Promise<Set<string>> {
  const out = new Set<string>()
  if (typeof args.secret === 'string' && args.secret !== '') out.add(args.secret)
  const auth = args.auth as {password?: string} | undefined
  if (auth?.password) out.add(auth.password)
  secretValues(args.custom_settings, serviceRoot, [], out)
  for (const name of ['set', 'config_updates'])
    if (args[name] && typeof args[name] === 'object')
      for (const [key, value] of flattenUpdates(args[name] as Obj)) secretValues(value, serviceRoot, key.split('.'), out)
  for (const folder of folders === undefined ? [] : [folders].flat()) {
    const files = serviceFiles(folder)
    for (const s of configSecrets(await readJson(files.service))) out.add(s)
    const identity = (await readJson(files.identity)) as {private_key?: unknown} | undefined
    if (typeof identity?.private_key === 'string' && identity.private_key !== '') out.add(identity.private_key)
  }
  return out
}

/** A copy of `value` with every secret replaced by the redaction marker. */
export function scrub<T>(value: T, secrets: Set<string>): T {
  if (secrets.size === 0) return value
  // Long secrets are replaced wherever they appear; a short password only as a whole value.
  const long = [...secrets].filter((s) => s.length >= 8).sort((a, b) => b.length - a.length)
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (secrets.has(v)) return REDACTED
      let s = v
      for (const secret of long) if (s.includes(secret)) s = s.replaceAll(secret, REDACTED)
      return s
    }
    if (Array.isArray(v)) return v.map(walk)
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
    return v
  }
  return walk(value) as T
}

// ---------------------------------------------------------------------------------------------

export async function invokeOperation(op: Operation, rawArgs: unknown, ctx: OperationContext): Promise<OperationOutcome> {
  const args = (rawArgs ?? {}) as Obj
  const outcome = await invokeChecked(op, args, ctx)
  return args.dry_run === true ? {...outcome, dryRun: true} : outcome
}

async function invokeChecked(op: Operation, args: Obj, ctx: OperationContext): Promise<OperationOutcome> {
  try {
    // Before anything walks the arguments: no prototype keys, no nesting that would overflow. Its message names keys only.
    checkInputTree(args, 'arguments', ExitCode.usage)
  } catch (error) {
    return errorResult(errorDocument(error))
  }
  const validate = validatorOf(op)
  if (!validate(args)) return scrub(errorResult(inputError(op, validate.errors ?? [])), await secretsOf(args, undefined))
  let result: OperationOutcome
  try {
    const out = await op.run(args, ctx)
    result = {result: out.result as Obj, text: out.text, isError: !!out.failed}
  } catch (error) {
    result = errorResult(errorDocument(error))
  }
  if (args.show_secrets === true) return result
  let folder: string | string[] | undefined
  try {
    folder = op.folder(args, ctx.env)
  } catch {
    folder = undefined // an invalid name: the call failed before touching any folder
  }
  return scrub(result, await secretsOf(args, folder))
}
