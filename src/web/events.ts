// Live updates for /ws: config.changed when a managed peer's files change on disk (whoever changed
// them: a file watcher, the changed keys listed, secrets redacted), status.changed when a peer
// goes up or down or its peer list changes (polled only while a client is connected), and
// tool.called / tool.progress for each operation called through the server.
import {type FSWatcher, watch} from 'node:fs'
import {readFile} from 'node:fs/promises'

import type {WebSocket} from 'ws'

import {peerStatus} from '../cluster/status.js'
import {redactAt, secretValues} from '../core/redact.js'
import {nodeAt} from '../core/schema/walk.js'
import {configVersion, serviceRoot} from '../core/service-config.js'
import {SERVICE_JSON, IDENTITY_JSON} from '../core/paths.js'
import {type ManagedPeer, type PeerRegistry, lastStatus, statusDiffers, targetOf} from './peers.js'

type Obj = Record<string, unknown>

export interface ConfigChange {
  key: string
  before: unknown
  after: unknown
}

/** Leaves of a config, following the schema's sections (a map or a list is one value). */
function leaves(value: unknown, path: string[] = [], out = new Map<string, unknown>()): Map<string, unknown> {
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value)
  const section = path.length === 0 || !!nodeAt(serviceRoot, path)?.properties
  if (isObject && section) for (const [k, v] of Object.entries(value as Obj)) leaves(v, [...path, k], out)
  else out.set(path.join('.'), value)
  return out
}

/** What changed between two versions of a service.json, secrets shown only as redacted. */
export function configChanges(before: unknown, after: unknown): ConfigChange[] {
  const a = leaves(before)
  const b = leaves(after)
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort()
  const secrets = secretValues(after, serviceRoot, [], secretValues(before, serviceRoot))
  const show = (key: string, v: unknown) => (v === undefined ? v : redactAt(v, serviceRoot, key.split('.'), secrets).value)
  return keys.filter((k) => JSON.stringify(a.get(k)) !== JSON.stringify(b.get(k))).map((key) => ({key, before: show(key, a.get(key)), after: show(key, b.get(key))}))
}

async function readConfig(folder: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(`${folder}/${SERVICE_JSON}`, 'utf8'))
  } catch {
    return undefined // missing or mid-edit: compared as absent
  }
}

export class LiveHub {
  private readonly clients = new Set<WebSocket>()
  private readonly watchers = new Map<string, {watcher: FSWatcher; config: unknown; timer?: NodeJS.Timeout}>()
  private pollTimer?: NodeJS.Timeout
  private polling = false
  private closed = false

  constructor(
    private readonly peers: PeerRegistry,
    private readonly o: {pollMs: number; env: NodeJS.ProcessEnv},
  ) {}

  broadcast(event: Obj): void {
    if (this.clients.size === 0) return
    const text = JSON.stringify({...event, at: new Date().toISOString()})
    for (const ws of this.clients) if (ws.readyState === ws.OPEN) ws.send(text)
  }

  /** Watches every managed peer's folder (again after the set of peers changed). */
  async watchPeers(): Promise<void> {
    if (this.closed) return
    const peers = await this.peers.list()
    for (const p of peers) if (!this.watchers.has(p.key)) await this.watchPeer(p)
    for (const [key, w] of this.watchers)
      if (!peers.some((p) => p.key === key)) {
        w.watcher.close()
        this.watchers.delete(key)
      }
  }

  private async watchPeer(p: ManagedPeer): Promise<void> {
    let watcher: FSWatcher
    try {
      // The folder, not the file: atomic writes replace service.json by a rename.
      watcher = watch(p.folder, {persistent: false})
    } catch {
      return // the folder does not exist yet; watchPeers runs again when peers change
    }
    const entry = {watcher, config: await readConfig(p.folder), timer: undefined as NodeJS.Timeout | undefined}
    this.watchers.set(p.key, entry)
    watcher.on('error', () => {
      watcher.close()
      this.watchers.delete(p.key)
    })
    watcher.on('change', (_event, name) => {
      if (name !== SERVICE_JSON && name !== IDENTITY_JSON && name !== null) return
      clearTimeout(entry.timer)
      entry.timer = setTimeout(() => void this.fileChanged(p, entry).catch((e: Error) => process.stderr.write(`serve: watching ${p.folder}: ${e.message}\n`)), 50)
    })
  }

  private async fileChanged(p: ManagedPeer, entry: {config: unknown}): Promise<void> {
    const config = await readConfig(p.folder)
    const changes = configChanges(entry.config, config)
    entry.config = config
    if (changes.length === 0) return
    this.broadcast({type: 'config.changed', peer: p.key, kind: p.kind, name: p.name, folder: p.folder, version: config === undefined ? null : configVersion(config), changes})
  }

  /** A new client: it gets the last known statuses, and polling runs while anyone listens. */
  add(ws: WebSocket): void {
    this.clients.add(ws)
    ws.on('close', () => {
      this.clients.delete(ws)
      if (this.clients.size === 0) this.stopPolling()
    })
    ws.send(JSON.stringify({type: 'hello', statuses: Object.fromEntries(this.peers.statuses), at: new Date().toISOString()}))
    if (!this.pollTimer) {
      const poll = () => void this.poll().catch((e: Error) => process.stderr.write(`serve: status poll: ${e.message}\n`))
      poll()
      this.pollTimer = setInterval(poll, this.o.pollMs)
    }
  }

  private stopPolling(): void {
    clearInterval(this.pollTimer)
    this.pollTimer = undefined
  }

  private async poll(): Promise<void> {
    if (this.polling || this.closed) return
    this.polling = true
    try {
      const peers = await this.peers.list()
      await Promise.all(
        peers.map(async (p) => {
          // A file caught mid-write (empty, half JSON) fails this poll only; the next one reads it whole.
          const r = await peerStatus(targetOf(p), {env: this.o.env, timeoutMs: Math.min(3000, this.o.pollMs)}).catch(() => undefined)
          if (!r) return
          const s = lastStatus(r)
          const before = this.peers.statuses.get(p.key)
          this.peers.statuses.set(p.key, s)
          if (statusDiffers(before, s)) this.broadcast({type: 'status.changed', peer: p.key, kind: p.kind, name: p.name, folder: p.folder, status: s})
        }),
      )
      await this.watchPeers()
    } finally {
      this.polling = false
    }
  }

  close(): void {
    this.closed = true
    this.stopPolling()
    for (const w of this.watchers.values()) {
      clearTimeout(w.timer)
      w.watcher.close()
    }
    this.watchers.clear()
    for (const ws of this.clients) ws.terminate()
    this.clients.clear()
  }
}
