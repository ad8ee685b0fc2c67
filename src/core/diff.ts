// Key-by-key differences between two configurations (a peer and upstream's defaults, or two
// peers), secrets redacted: what `config diff` prints and what `config edit` reports as changed.
import {resolve} from 'node:path'
import {isDeepStrictEqual} from 'node:util'

import type {ConfigTarget} from './config-target.js'

import {defaultPeername, defaultServiceConfig} from './defaults.js'
import {ExitCode, UserError} from './errors.js'
import {redactAt, secretValues} from './redact.js'
import type {Consensus, Datastore} from './schema/service.js'
import {CONSENSUS, DATASTORES} from './schema/service.js'
import type {SchemaNode} from './schema/walk.js'
import {readService} from './config-read.js'
import {serializeService} from './service-config.js'

type Obj = Record<string, unknown>

export interface Difference {
  key: string
  /** changed: in both, different; removed: only in the first; added: only in the second. */
  kind: 'changed' | 'removed' | 'added'
  /** The value in the first config (undefined when absent), redacted unless asked. */
  here?: unknown
  /** The value in the second config. */
  there?: unknown
}

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v)

/**
 * Sections and maps are compared key by key; lists and scalars as a whole. A section present on one
 * side only is one difference (not one per key inside it).
 */
export function diffConfigs(here: Obj, there: Obj, root: SchemaNode, showSecrets = false): Difference[] {
  const out: Difference[] = []
  // A value as the diff shows it: secrets inside it redacted, as `get` does, also a secret one side repeats elsewhere.
  const secrets = showSecrets ? new Set<string>() : secretValues(there, root, [], secretValues(here, root))
  const show = (key: string, v: unknown) => (v === undefined || showSecrets ? v : redactAt(v, root, key.split('.'), secrets).value)
  const walk = (a: Obj, b: Obj, path: string[]) => {
    for (const [k, v] of Object.entries(a)) {
      const key = [...path, k].join('.')
      if (!(k in b)) out.push({key, kind: 'removed', here: show(key, v)})
      else if (isObj(v) && isObj(b[k])) walk(v, b[k] as Obj, [...path, k])
      else if (!isDeepStrictEqual(v, b[k])) out.push({key, kind: 'changed', here: show(key, v), there: show(key, b[k])})
    }
    for (const [k, v] of Object.entries(b)) {
      const key = [...path, k].join('.')
      if (!(k in a)) out.push({key, kind: 'added', there: show(key, v)})
    }
  }
  walk(here, there, [])
  return out
}

/**
 * What `ipfs-cluster-service init` would write for the components this config uses (its consensus
 * and datastore; a follower has no API section), as written to disk: the peer name is the host
 * name, the secret upstream's empty default.
 */
export function defaultsFor(config: Obj, follower: boolean): Obj {
  const pick = <T extends string>(section: unknown, names: readonly T[], fallback: T): T =>
    (Object.keys(isObj(section) ? section : {}).find((k) => (names as readonly string[]).includes(k)) as T | undefined) ?? fallback
  const consensus = pick<Consensus>(config.consensus, CONSENSUS, 'crdt')
  const datastore = pick<Datastore>(config.datastore, DATASTORES, 'pebble')
  const defaults = defaultServiceConfig({consensus, datastore, secret: '', peername: defaultPeername()})
  if (follower) {
    delete defaults.api
    ;(defaults.cluster as Obj).follower_mode = true
  }
  return JSON.parse(serializeService(defaults)) as Obj
}

export interface DiffResult {
  same: boolean
  file: string
  /** The other side: "defaults" or the other peer's service.json. */
  against: string
  differences: Difference[]
}

/** `config diff`: this peer against upstream's defaults, or against another peer's folder. */
export async function diffConfig(target: ConfigTarget, o: {against?: string; showSecrets?: boolean}): Promise<DiffResult> {
  const {file, config} = await target.read()
  if (typeof config.source === 'string' && config.source !== '')
    throw new UserError(`${file} holds only a source (${config.source}): the configuration is remote, there is nothing local to compare`, ExitCode.usage)
  let against = 'defaults'
  let other: Obj
  if (o.against === undefined) other = defaultsFor(config, target.kind === 'follow')
  else {
    const r = await readService(resolve(o.against))
    against = r.file
    other = r.config
  }
  const differences = diffConfigs(config, other, target.root, o.showSecrets)
  return {same: differences.length === 0, file, against, differences}
}
