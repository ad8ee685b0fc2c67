// Reading a peer's service.json and one key of it: the `get` path, kept free of the validator,
// the key libraries and the generators so that `get` starts fast.
import {stat} from 'node:fs/promises'

import {ExitCode, UserError} from './errors.js'
import {readJsonFileCached} from './file-cache.js'
import {exists, readJsonFile} from './files.js'
import {fsError, notAFolder} from './fs-errors.js'
import {getAt, resolveKey} from './keys.js'
import {serviceFiles} from './paths.js'
import {REDACTED, redact, redactAt, secretValues} from './redact.js'
import {serviceSchema} from './schema/service.js'
import type {SchemaNode} from './schema/walk.js'

export const serviceRoot = serviceSchema as unknown as SchemaNode
type Obj = Record<string, unknown>

// ---------------------------------------------------------------------------------------------
// get

export interface GetResult {
  file: string
  key: string | null
  value: unknown
  /** 'file' when read from service.json; 'default' for an omitted key the daemon defaults. */
  source: 'file' | 'default'
  redacted: string[]
}

/**
 * "Not initialised" (exit 3) only when the folder or its service.json is missing; a folder that is
 * a file, or one this user may not read, is exit 10 saying so.
 */
export async function checkPeerFolder(dir: string): Promise<void> {
  try {
    if (!(await stat(dir)).isDirectory()) throw notAFolder(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fsError(error, dir, 'read')
  }
}

/** service.json as an object. `read` is readJsonFile for a caller that edits what it gets, or the cached reader for one that only reads. */
export async function readService(dir: string, read: typeof readJsonFile = readJsonFile): Promise<{file: string; config: Obj}> {
  const {service} = serviceFiles(dir)
  await checkPeerFolder(dir)
  if (!(await exists(service)))
    throw new UserError(`no service.json in ${dir}: the peer is not initialised`, ExitCode.notFound, {
      nextSteps: [`ipfs-cluster-config service config create --path ${dir}`],
    })
  const {value} = await read(service)
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UserError(`${service} must hold a JSON object`, ExitCode.invalid)
  return {file: service, config: value as Obj}
}

export async function getServiceConfig(o: {path: string; key?: string; showSecrets?: boolean}): Promise<GetResult> {
  const {file, config} = await readService(o.path, readJsonFileCached)
  return getFromConfig(config, file, o.key, o.showSecrets ?? false, serviceRoot, `ipfs-cluster-config service config set --path ${o.path}`)
}

/**
 * One key (or the whole config). A known key this config does not hold is exit 3 ("not found"), told apart
 * from a typo (exit 8, unknown key). One secret key asked for by name needs --show-secrets (exit 2): a
 * placeholder printed with exit 0 would end up in `S=$(... get cluster.secret)`.
 */
export function getFromConfig(config: Obj, file: string, key: string | undefined, showSecrets: boolean, root: SchemaNode, setCommand?: string): GetResult {
  if (!key) {
    const r = showSecrets ? {value: config, redacted: []} : redact(config, root)
    return {file, key: null, value: r.value, source: 'file', redacted: r.redacted}
  }
  const {path, node} = resolveKey(root, key, file, config)
  const found = getAt(config, path)
  let value = found.value
  let source: GetResult['source'] = 'file'
  if (!found.found) {
    if (node['x-omit'] && node.default !== undefined) {
      value = node.default
      source = 'default'
    } else throw absentKey(config, file, key, node, setCommand)
  }
  if (showSecrets) return {file, key, value, source, redacted: []}
  const r = redactAt(value, root, path, secretValues(config, root))
  if (r.value === REDACTED) throw new UserError(`${key} is a secret: pass --show-secrets to print it`, ExitCode.usage)
  return {file, key, value: r.value, source, redacted: r.redacted}
}

function absentKey(config: Obj, file: string, key: string, node: SchemaNode, setCommand: string | undefined): UserError {
  const section = key.split('.')[0]
  const consensus = Object.keys((config.consensus ?? {}) as Obj)
  if (section === 'datastore' && consensus.length === 1 && consensus[0] === 'raft')
    return new UserError(`${key} is not in ${file}: this peer uses raft, which keeps its own state (a datastore section is for crdt peers)`, ExitCode.notFound)
  if (key.startsWith('consensus.') && consensus.length === 1 && key.split('.')[1] !== consensus[0])
    return new UserError(`${key} is not in ${file}: this peer uses ${consensus[0]}`, ExitCode.notFound)
  const settable = !node.properties && setCommand
  return new UserError(`${key} is not set in ${file} (a known key this configuration does not hold)`, ExitCode.notFound, {
    nextSteps: settable ? [`${setCommand} ${key} VALUE`] : [],
  })
}
