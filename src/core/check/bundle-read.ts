// Reads a bundle's cluster.json (what `cluster create` writes) for `cluster check`: the peers, each with the
// folder that holds its service.json, identity.json and peerstore.
import {readFileSync} from 'node:fs'
import {isAbsolute, join, resolve} from 'node:path'

import {ExitCode, UserError} from '../errors.js'
import {exists, readJsonFile} from '../files.js'

export const CLUSTER_JSON = 'cluster.json'

export interface BundlePeer {
  name: string
  id?: string
  /** Absolute. */
  folder: string
  host?: string
  addresses: string[]
  api?: string
}

export interface Bundle {
  dir: string
  file: string
  consensus?: string
  peers: BundlePeer[]
}

export async function readBundle(dir: string): Promise<Bundle> {
  const root = resolve(dir)
  const file = join(root, CLUSTER_JSON)
  if (!(await exists(file))) throw new UserError(`--out ${dir}: no ${CLUSTER_JSON} there (not a bundle made by cluster create)`, ExitCode.notFound)
  const value = (await readJsonFile(file)).value as Record<string, unknown> | null
  const bad = (what: string) => new UserError(`${file}: ${what}`, ExitCode.invalid)
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw bad('must hold a JSON object')
  if (value.format !== 1) throw bad(`"format" must be 1 (this tool reads format 1)`)
  if (!Array.isArray(value.peers)) throw bad('"peers" must be a list')
  const peers = value.peers.map((p: unknown, i: number): BundlePeer => {
    const peer = p as Record<string, unknown> | null
    if (peer === null || typeof peer !== 'object') throw bad(`peers.${i} must be an object`)
    if (typeof peer.name !== 'string' || peer.name === '') throw bad(`peers.${i}.name must be a non-empty string`)
    if (typeof peer.folder !== 'string' || peer.folder === '' || isAbsolute(peer.folder)) throw bad(`peers.${i}.folder must be a folder relative to the bundle`)
    const str = (k: string) => (typeof peer[k] === 'string' ? (peer[k] as string) : undefined)
    return {
      name: peer.name,
      id: str('id'),
      folder: join(root, peer.folder),
      host: str('host'),
      addresses: Array.isArray(peer.addresses) ? peer.addresses.filter((a): a is string => typeof a === 'string') : [],
      api: str('api'),
    }
  })
  return {dir: root, file, consensus: typeof value.consensus === 'string' ? value.consensus : undefined, peers}
}

/** The peer folders a bundle names, best effort and synchronous (for the secret guard; [] when unreadable). */
export function bundleFolders(dir: string): string[] {
  try {
    const value = JSON.parse(readFileSync(join(resolve(dir), CLUSTER_JSON), 'utf8')) as {peers?: {folder?: unknown}[]}
    return (value.peers ?? []).filter((p) => typeof p?.folder === 'string').map((p) => join(resolve(dir), p.folder as string))
  } catch {
    return []
  }
}
