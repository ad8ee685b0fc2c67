// The one place that says how a peer's service.json is read, checked and written, whatever the
// peer: a service peer's folder or a follower's. `unset`, `edit` and list edits all go through a
// target, so the two kinds of peer cannot drift apart.
import {join} from 'node:path'

import {ExitCode, UserError} from './errors.js'
import {refuseSymlink, withFolderLock} from './files.js'
import {readFollow} from './follow-config.js'
import {readService, serializeService, serviceRoot} from './service-config.js'
import type {SchemaNode} from './schema/walk.js'
import {type Problem, validateConfig} from './validate.js'

type Obj = Record<string, unknown>

export interface ConfigTarget {
  kind: 'service' | 'follow'
  /** The follower's name, for messages. */
  name?: string
  /** The folder holding service.json (the lock lives there). */
  folder: string
  root: SchemaNode
  read(): Promise<{file: string; config: Obj}>
  validate(config: Obj, file: string): Problem[]
  serialize(config: Obj): string
  /** Refuses keys this peer cannot change here (a source-mode follower: everything but "source"). */
  checkKeys(config: Obj, keys: string[]): void
}

export function serviceTarget(path: string): ConfigTarget {
  return {
    kind: 'service',
    folder: path,
    root: serviceRoot,
    read: () => readService(path),
    validate: (config, file) => validateConfig({service: config, serviceFile: file}),
    serialize: serializeService,
    checkKeys: () => {},
  }
}

export function followTarget(base: string, name: string): ConfigTarget {
  return {
    kind: 'follow',
    name,
    folder: join(base, name),
    root: serviceRoot,
    read: () => readFollow(base, name),
    validate: (config, file) => validateConfig({service: config, serviceFile: file, follower: true}),
    serialize: serializeService,
    checkKeys: (config, keys) => {
      if (typeof config.source === 'string' && config.source !== '' && keys.some((k) => k !== 'source'))
        throw new UserError(`follower "${name}" loads its configuration from ${config.source}: the source decides; only "source" can be changed here`, ExitCode.invalid)
    },
  }
}

/** What `config edit` did: the changes are key by key, as `config diff` reports them. */
export interface EditResult {
  status: 'written' | 'dry-run' | 'cancelled'
  file: string
  changes: import('./diff.js').Difference[]
  warnings: Problem[]
}

/** Runs a read-modify-write of the target's service.json under its folder lock (none for a dry run). */
export async function withTarget<T>(target: ConfigTarget, dryRun: boolean | undefined, fn: () => Promise<T>): Promise<T> {
  if (target.kind === 'follow') await refuseSymlink(target.folder)
  return dryRun ? fn() : withFolderLock(target.folder, fn)
}
