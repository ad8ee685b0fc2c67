import {readFile, readdir, stat} from 'node:fs/promises'
import {join} from 'node:path'

export const SECRET = '2588b80d5cb05374fa142aed6cbb047d1f4ef8ef15e37eba68c65b9d30df67ed'
export const ID = '12D3KooWQiK1sYbGNnD9XtWF1sP95cawwwNy3d2WUwtP71McwUfZ'
export const KEY = 'CAESQJZ0wHQyoWGizG7eSATrDtTVlyyr99O8726jIu1lf2D+3VJBBAu6HXPRkbdNINBWlPMn+PK3bO6EgGGuaou8bKg='

export {tempDir} from '../support/tmp.js'

/** Every file in a folder with its bytes and mtime: to prove a failed command changed nothing. */
export async function snapshot(dir: string): Promise<Record<string, {bytes: string; mtimeMs: number; mode: number}>> {
  const out: Record<string, {bytes: string; mtimeMs: number; mode: number}> = {}
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return out
  }
  for (const name of names) {
    const p = join(dir, name)
    const s = await stat(p)
    out[name] = {bytes: s.isFile() ? await readFile(p, 'utf8') : '<dir>', mtimeMs: s.mtimeMs, mode: s.mode & 0o777}
  }
  return out
}

export async function readJson(path: string): Promise<any> {
  return JSON.parse(await readFile(path, 'utf8'))
}

/** The ports a peer folder's service.json listens on (swarm, REST API, pinning service API, proxy). */
export async function listenPorts(folder: string): Promise<string[]> {
  const svc = await readJson(join(folder, 'service.json'))
  const listens = [svc.cluster.listen_multiaddress, svc.api.restapi.http_listen_multiaddress, svc.api.pinsvcapi.http_listen_multiaddress, svc.api.ipfsproxy.listen_multiaddress].flat()
  return listens.map((a: string) => /\/(?:tcp|udp)\/(\d+)/.exec(a)![1])
}
