// Multiaddress checks as the Go daemon applies them (go-multiaddr accepts `/unix/<path>` with a
// raw path, which the JS library wants URL-encoded, so the unix part is handled here).
import {multiaddr} from '@multiformats/multiaddr'

import {isPeerId} from './identity.js'

export function parseMultiaddr(text: string): {ok: true; value: string} | {ok: false; error: string} {
  if (!text.startsWith('/')) return {ok: false, error: 'a multiaddress must start with "/"'}
  if (text === '/') return {ok: false, error: 'empty multiaddress'}
  const id = peerIdOfMultiaddr(text)
  if (id !== undefined && !isPeerId(id)) return {ok: false, error: `"${id}" is not a valid peer id`}
  const unix = text.indexOf('/unix/')
  const head = unix === -1 ? text : text.slice(0, unix)
  const tail = unix === -1 ? '' : text.slice(unix)
  if (unix !== -1 && tail.length <= '/unix/'.length) return {ok: false, error: 'empty unix socket path'}
  if (head === '') return {ok: true, value: text}
  try {
    return {ok: true, value: multiaddr(head).toString() + tail}
  } catch (error) {
    return {ok: false, error: (error as Error).message}
  }
}

/** The `/p2p/<id>` at the end of a multiaddress, if any (`/ipfs/` is the legacy spelling). */
export function peerIdOfMultiaddr(text: string): string | undefined {
  const m = /\/(?:p2p|ipfs)\/([^/]+)$/.exec(text)
  return m?.[1]
}
