// The peers `cluster check` compares: read from a bundle (cluster.json and its peer folders), from service peer
// folders and from followers. Reading never fails on one bad peer: what cannot be read is kept as a problem of that
// peer, so every other peer is still checked.
import {readFile} from 'node:fs/promises'
import {join, resolve} from 'node:path'

import {peerFolder, readBundle} from '../bundle.js'
import {ExitCode, UserError} from '../errors.js'
import {exists, readJsonFile} from '../files.js'
import {serviceFiles} from '../paths.js'
import {checkFollowName} from '../follow-config.js'
import {fetchSource} from '../source.js'

type Obj = Record<string, unknown>

export interface CheckPeer {
  /** How the peer is named in every finding: its bundle name, its folder as given, `follower:NAME`, or its API URL. */
  name: string
  kind: 'service' | 'follow'
  origin: 'bundle' | 'path' | 'follow' | 'api'
  /** The peer's folder (a follower: <base>/<name>). */
  folder?: string
  /** A follower's base folder and name. */
  base?: string
  follow?: string
  /** The host the peer runs on, when a bundle says so; undefined: this machine. */
  host?: string
  /** service.json as the daemon loads it (a follower in source mode: the fetched source). */
  service?: Obj
  /** Where the follower's config comes from, in source mode. */
  source?: string
  identity?: {id?: unknown; private_key?: unknown}
  /** The peerstore's lines (multiaddresses). */
  peerstore: string[]
  /** The peer id the bundle's cluster.json gives. */
  bundleId?: string
  /** The REST API the bundle says the peer answers on (a multiaddress), if any. */
  api?: string
  /** Why some of the peer's files could not be read. */
  unreadable: {file: string; message: string}[]
}

/** A peer folder's files: service.json (a follower's source fetched), identity.json, peerstore. */
export async function loadPeerFolder(peer: Omit<CheckPeer, 'peerstore' | 'unreadable'> & {folder: string}): Promise<CheckPeer> {
  const files = serviceFiles(peer.folder)
  const out: CheckPeer = {...peer, peerstore: [], unreadable: []}
  const read = async (file: string): Promise<unknown> => {
    try {
      return (await readJsonFile(file)).value
    } catch (error) {
      if (!(error instanceof UserError)) throw error
      out.unreadable.push({file, message: error.message.startsWith(file) ? error.message.slice(file.length).trim() : error.message})
      return undefined
    }
  }
  const service = await read(files.service)
  if (service !== undefined) {
    if (service === null || typeof service !== 'object' || Array.isArray(service)) out.unreadable.push({file: files.service, message: 'must hold a JSON object'})
    else out.service = service as Obj
  }
  const source = out.service?.source
  if (typeof source === 'string' && source !== '') {
    out.source = source
    try {
      out.service = await fetchSource(source)
    } catch (error) {
      if (!(error instanceof UserError)) throw error
      out.service = undefined
      out.unreadable.push({file: files.service, message: error.message})
    }
  }
  const identity = await read(files.identity)
  if (identity !== undefined) out.identity = identity !== null && typeof identity === 'object' ? (identity as Obj) : {}
  if (await exists(files.peerstore)) {
    try {
      out.peerstore = (await readFile(files.peerstore, 'utf8')).split('\n').map((l) => l.trim()).filter((l) => l !== '')
    } catch (error) {
      out.unreadable.push({file: files.peerstore, message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`})
    }
  }
  return out
}

export interface PeerSources {
  /** A bundle folder (cluster.json). */
  bundle?: string
  /** Service peer folders. */
  paths?: string[]
  /** Followers: their base folder and names. */
  followBase?: string
  follow?: string[]
}

/** Every peer the sources name, in order: the bundle's, then the folders, then the followers. */
export async function loadPeers(o: PeerSources): Promise<CheckPeer[]> {
  const peers: CheckPeer[] = []
  if (o.bundle !== undefined) {
    const dir = resolve(o.bundle)
    const {bundle} = await readBundle(dir)
    for (const p of bundle.peers)
      peers.push(await loadPeerFolder({name: p.name, kind: 'service', origin: 'bundle', folder: peerFolder(dir, p), host: p.host, api: p.api, bundleId: p.id}))
  }
  for (const path of o.paths ?? []) {
    const folder = resolve(path)
    if (!(await exists(serviceFiles(folder).service)))
      throw new UserError(`--path ${path}: no service.json there (not a peer folder)`, ExitCode.notFound)
    peers.push(await loadPeerFolder({name: path, kind: 'service', origin: 'path', folder}))
  }
  for (const name of o.follow ?? []) {
    if (o.followBase === undefined) throw new UserError('--follow needs --follow-path BASE (the followers\' base folder)', ExitCode.usage)
    checkFollowName(name)
    const folder = join(resolve(o.followBase), name)
    if (!(await exists(serviceFiles(folder).service)))
      throw new UserError(`--follow ${name}: no follower in ${folder} (no service.json)`, ExitCode.notFound)
    peers.push(await loadPeerFolder({name: `follower:${name}`, kind: 'follow', origin: 'follow', folder, base: resolve(o.followBase), follow: name}))
  }
  return peers
}
