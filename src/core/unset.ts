// `config unset KEY...`: an optional key leaves the file; a key the daemon needs goes back to the
// value `ipfs-cluster-service init` writes. The result must validate before anything is written.
import {isDeepStrictEqual} from 'node:util'

import {type ConfigTarget, withTarget} from './config-target.js'
import {defaultPeername, sectionDefaults} from './defaults.js'
import {ExitCode, UserError} from './errors.js'
import {writeFilesAtomic} from './files.js'
import {getAt, resolveKey, setAt} from './keys.js'
import {secretValues} from './redact.js'
import {failOnErrors, shownValue} from './service-config.js'
import {nodeAt, type SchemaNode} from './schema/walk.js'
import type {Problem} from './validate.js'

type Obj = Record<string, unknown>

export interface UnsetChange {
  key: string
  /** removed: the key left the file; reset: back to upstream's default; none: nothing to do. */
  action: 'removed' | 'reset' | 'none'
  before: unknown
  after: unknown
}

export interface UnsetResult {
  file: string
  written: boolean
  changes: UnsetChange[]
  warnings: Problem[]
}

/**
 * Whether the daemon runs without the key: a key Go omits when empty or default, a map entry, a key
 * without a default (source), or an API section (the daemon then does not start that API).
 */
function isOptional(root: SchemaNode, path: string[], node: SchemaNode): boolean {
  if (node['x-omit']) return true
  const parent = nodeAt(root, path.slice(0, -1))
  if (parent && !parent.properties?.[path.at(-1)!]) return true
  if (node.default === undefined && !node.properties) return true
  return path.length === 2 && path[0] === 'api'
}

/** A component section (consensus.raft, datastore.badger, ...): only the ones in use are reset. */
function isComponent(root: SchemaNode, path: string[]): boolean {
  return path.length === 2 && !!nodeAt(root, path.slice(0, 1))?.['x-sorted']
}

/** What `ipfs-cluster-service init` writes for the key (the peer name: the host name, as upstream). */
export function upstreamDefault(path: string[], node: SchemaNode): unknown {
  if (path.join('.') === 'cluster.peername') return defaultPeername()
  if (node.default !== undefined) return structuredClone(node.default)
  return sectionDefaults(node)
}

function deleteAt(config: Obj, path: string[]): void {
  const parent = getAt(config, path.slice(0, -1)).value
  // A list entry (cluster.listen_multiaddress.0) is taken out of the list; a lone address is a one-entry list.
  if (Array.isArray(parent) || typeof parent === 'string') {
    const list = typeof parent === 'string' ? [parent] : [...parent]
    list.splice(Number(path.at(-1)), 1)
    setAt(config, path.slice(0, -1), list)
    return
  }
  delete (parent as Obj)[path.at(-1)!]
}

export async function unsetConfig(target: ConfigTarget, o: {keys: string[]; dryRun?: boolean; showSecrets?: boolean}): Promise<UnsetResult> {
  if (o.keys.length === 0) throw new UserError('unset needs at least one KEY', ExitCode.usage)
  return withTarget(target, o.dryRun, async () => {
    const {file, config} = await target.read()
    const resolved = o.keys.map((key) => ({key, ...resolveKey(target.root, key, file, config)}))
    target.checkKeys(config, o.keys)
    const next = structuredClone(config)
    const changes: UnsetChange[] = []
    const secrets = secretValues(config, target.root)
    for (const {key, path, node} of resolved) {
      const before = getAt(next, path)
      const show = (v: unknown) => shownValue(v, target.root, path, secrets, o.showSecrets)
      let action: UnsetChange['action'] = 'none'
      let after: unknown
      if (isOptional(target.root, path, node) || (isComponent(target.root, path) && !before.found)) {
        if (before.found) {
          deleteAt(next, path)
          action = 'removed'
        }
      } else {
        after = upstreamDefault(path, node)
        if (!isDeepStrictEqual(before.value, after)) {
          setAt(next, path, after)
          action = 'reset'
        }
      }
      changes.push({key, action, before: show(before.value), after: show(after)})
    }
    const problems = target.validate(next, file)
    failOnErrors(problems, 'nothing written')
    const written = !o.dryRun && !isDeepStrictEqual(next, config)
    if (written) await writeFilesAtomic([{path: file, content: target.serialize(next)}])
    return {file, written, changes, warnings: problems.filter((p) => p.severity === 'warning')}
  })
}
