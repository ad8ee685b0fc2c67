// identity create / identity show, shared by the CLI and the MCP server.
import {ENV_CLUSTER_ID, ENV_CLUSTER_PRIVATEKEY} from './env-names.js'
import {ExitCode, UserError} from './errors.js'
import {exists, readJsonFile} from './files.js'
import {type KeyType, createIdentity, identityProblems, keyInfo} from './identity.js'
import {serviceFiles} from './paths.js'
import {REDACTED} from './redact.js'
import {serializeIdentity} from './service-config.js'

export interface NewIdentityResult {
  id: string
  private_key: string
  keyType: KeyType
}

export async function newIdentity(keyType: KeyType): Promise<NewIdentityResult> {
  return {...(await createIdentity(keyType)), keyType}
}

/** `count` new identities (identity create --count). */
export async function newIdentities(keyType: KeyType, count: number): Promise<NewIdentityResult[]> {
  if (!Number.isInteger(count) || count < 1) throw new UserError('--count: must be a whole number of at least 1', ExitCode.usage)
  const out: NewIdentityResult[] = []
  for (let i = 0; i < count; i++) out.push(await newIdentity(keyType))
  return out
}

/** Many identities: one compact JSON object per line (JSON lines), or env blocks separated by a blank line. */
export function formatIdentities(identities: {id: string; private_key: string}[], format: 'json' | 'env'): string {
  if (format === 'env') return identities.map((i) => formatIdentity(i, 'env')).join('\n\n')
  return identities.map((i) => JSON.stringify({id: i.id, private_key: i.private_key})).join('\n')
}

/** The identity in a given output format: identity.json bytes, or env lines for CLUSTER_ID/PRIVATEKEY. */
export function formatIdentity(identity: {id: string; private_key: string}, format: 'json' | 'env'): string {
  if (format === 'env') return `${ENV_CLUSTER_ID}=${identity.id}\n${ENV_CLUSTER_PRIVATEKEY}=${identity.private_key}`
  return serializeIdentity({id: identity.id, private_key: identity.private_key})
}

export interface ShowIdentityResult {
  file: string
  id: string | null
  keyType: string | null
  /** The peer id derived from the private key. */
  keyId: string | null
  matches: boolean
  problems: string[]
  private_key: string | null
}

export async function showIdentity(o: {path: string; showSecrets?: boolean}): Promise<ShowIdentityResult> {
  const file = serviceFiles(o.path).identity
  if (!(await exists(file))) throw new UserError(`no identity.json in ${o.path}: the peer is not initialised`, ExitCode.notFound)
  const value = (await readJsonFile(file)).value as {id?: unknown; private_key?: unknown}
  const id = typeof value?.id === 'string' ? value.id : null
  const key = typeof value?.private_key === 'string' ? value.private_key : null
  let info: {id: string; type: string} | undefined
  try {
    info = key ? keyInfo(key) : undefined
  } catch {
    info = undefined
  }
  const problems = identityProblems(value ?? {})
  return {
    file,
    id,
    keyType: info ? info.type.toLowerCase() : null,
    keyId: info?.id ?? null,
    matches: problems.length === 0,
    problems,
    private_key: key === null ? null : o.showSecrets ? key : REDACTED,
  }
}
