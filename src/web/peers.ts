// The peers `serve` manages: service folders (--path), every follower under a followers' base
// (--follow-path), every peer folder of a `cluster create` bundle (--out), and the peers created
// from the dashboard. Summaries are read from the files on each request (cached by the files'
// modification times), so what the page shows is what is on disk.
import {createHash} from 'node:crypto'
import {readdir, stat} from 'node:fs/promises'
import {basename, join, resolve} from 'node:path'

import type {PeerTarget, StatusResult} from '../cluster/status.js'
import {ExitCode} from '../core/errors.js'
import {readJsonFile} from '../core/files.js'
import {serviceFiles} from '../core/paths.js'
import {redact} from '../core/redact.js'
import {configVersion, serviceRoot, validateFolder} from '../core/service-config.js'
import type {Problem} from '../core/validate.js'
import {scrub, secretsOf} from '../ops/invoke.js'

type Obj = Record<string, unknown>

export interface ManagedPeer {
  /** A short stable id for URLs and events. */
  key: string
  kind: 'service' | 'follow'
  /** The service folder's name, or the follower's name. */
  name: string
  folder: string
  /** A follower's base folder (its cluster_path). */
  base?: string
}

export interface PeerSources {
  servicePaths: string[]
  followBases: string[]
  bundles: string[]
}

/** The last status the poller saw, in the shape the page needs. */
export interface LastStatus {
  healthy: boolean
  reachable: boolean
  error: string | null
  id: string | null
  peername: string | null
  version: string | null
  peers: {id: string; peername: string}[]
  at: string
}

export interface PeerSummary extends ManagedPeer {
  initialised: boolean
  id: string | null
  peername: string | null
  consensus: 'crdt' | 'raft' | null
  /** A source-mode follower's remote config URL. */
  source: string | null
  version: string | null
  validation: {valid: boolean; errors: Problem[]; warnings: Problem[]} | null
  status: LastStatus | null
}

const keyOf = (kind: string, folder: string) => createHash('sha256').update(`${kind}\0${folder}`).digest('hex').slice(0, 12)

export function managedPeer(kind: 'service' | 'follow', folder: string): ManagedPeer {
  const abs = resolve(folder)
  const peer: ManagedPeer = {key: keyOf(kind, abs), kind, name: basename(abs), folder: abs}
  if (kind === 'follow') peer.base = resolve(abs, '..')
  return peer
}

export function targetOf(p: ManagedPeer): PeerTarget {
  return p.kind === 'follow' ? {kind: 'follow', folder: p.folder, base: p.base, name: p.name} : {kind: 'service', folder: p.folder}
}

async function peerFoldersIn(dir: string): Promise<string[]> {
  let entries
  try {
    entries = await readdir(dir, {withFileTypes: true})
  } catch {
    return [] // not created yet: it is listed once it exists
  }
  const out: string[] = []
  for (const e of entries.filter((x) => x.isDirectory()).sort((a, b) => a.name.localeCompare(b.name)))
    if (await stat(serviceFiles(join(dir, e.name)).service).then(() => true, () => false)) out.push(join(dir, e.name))
  return out
}

export class PeerRegistry {
  private readonly added: ManagedPeer[] = []
  private readonly cache = new Map<string, {stamp: string; summary: Omit<PeerSummary, 'status'>}>()
  readonly statuses = new Map<string, LastStatus>()

  constructor(private readonly sources: PeerSources) {}

  /** Every managed peer, in a stable order, without duplicates. */
  async list(): Promise<ManagedPeer[]> {
    const peers = [...this.sources.servicePaths.map((p) => managedPeer('service', p))]
    for (const base of this.sources.followBases) for (const f of await peerFoldersIn(resolve(base))) peers.push(managedPeer('follow', f))
    for (const dir of this.sources.bundles) for (const f of await peerFoldersIn(resolve(dir))) peers.push(managedPeer('service', f))
    peers.push(...this.added)
    const seen = new Set<string>()
    return peers.filter((p) => !seen.has(p.key) && seen.add(p.key))
  }

  /** A peer created from the dashboard outside the given folders is managed from then on. */
  add(kind: 'service' | 'follow', folder: string): void {
    const p = managedPeer(kind, folder)
    if (!this.added.some((a) => a.key === p.key)) this.added.push(p)
  }

  async find(key: string): Promise<ManagedPeer | undefined> {
    return (await this.list()).find((p) => p.key === key)
  }

  async summaries(): Promise<PeerSummary[]> {
    return Promise.all((await this.list()).map((p) => this.summary(p)))
  }

  async summary(p: ManagedPeer): Promise<PeerSummary> {
    const files = serviceFiles(p.folder)
    const stamp = (await Promise.all([files.service, files.identity].map((f) => stat(f).then((s) => `${s.mtimeMs}:${s.size}`, () => '-')))).join('/')
    let cached = this.cache.get(p.key)
    if (cached?.stamp !== stamp) {
      cached = {stamp, summary: await this.read(p)}
      this.cache.set(p.key, cached)
    }
    return {...cached.summary, status: this.statuses.get(p.key) ?? null}
  }

  private async read(p: ManagedPeer): Promise<Omit<PeerSummary, 'status'>> {
    const files = serviceFiles(p.folder)
    const none = {...p, initialised: false, id: null, peername: null, consensus: null, source: null, version: null, validation: null}
    let config: Obj
    try {
      config = (await readJsonFile(files.service)).value as Obj
    } catch (error) {
      if ((error as {exitCode?: number}).exitCode === ExitCode.notFound) return none
      config = {} // not JSON: the validation below says where
    }
    const identity = await readJsonFile(files.identity).then((r) => r.value as Obj, () => undefined)
    const cluster = (config?.cluster ?? {}) as Obj
    const consensus = (config?.consensus ?? {}) as Obj
    const {errors, warnings, valid} = await validateFolder(p.folder, p.kind === 'follow').catch((error: Error) => ({
      valid: false,
      errors: [{severity: 'error' as const, file: files.service, key: '', message: error.message}],
      warnings: [],
    }))
    const secrets = await secretsOf({}, p.folder)
    return {
      ...none,
      initialised: true,
      id: typeof identity?.id === 'string' ? identity.id : null,
      peername: typeof cluster.peername === 'string' ? cluster.peername : null,
      consensus: 'crdt' in consensus ? 'crdt' : 'raft' in consensus ? 'raft' : null,
      source: typeof config?.source === 'string' ? config.source : null,
      version: configVersion(config),
      validation: scrub({valid, errors, warnings}, secrets),
    }
  }
}

/** A peer's config for the page: secrets redacted unless asked for, with its version. */
export async function peerConfig(p: ManagedPeer, showSecrets: boolean): Promise<{file: string; config: unknown; version: string; redacted: string[]}> {
  const file = serviceFiles(p.folder).service
  const config = (await readJsonFile(file)).value
  const r = showSecrets ? {value: config, redacted: []} : redact(config, serviceRoot)
  return {file, config: r.value, version: configVersion(config), redacted: r.redacted}
}

/** The poller's view of a status, and whether it differs from the last one in a way a user sees. */
export function lastStatus(s: StatusResult): LastStatus {
  return {
    healthy: s.healthy,
    reachable: s.reachable,
    error: s.error,
    id: s.id,
    peername: s.peername,
    version: s.version,
    peers: s.peers.map((x) => ({id: x.id, peername: x.peername})).sort((a, b) => a.id.localeCompare(b.id)),
    at: new Date().toISOString(),
  }
}

export function statusDiffers(a: LastStatus | undefined, b: LastStatus): boolean {
  if (!a) return true
  return a.healthy !== b.healthy || a.reachable !== b.reachable || a.id !== b.id || a.peers.map((p) => p.id).join() !== b.peers.map((p) => p.id).join()
}
