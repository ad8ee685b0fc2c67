// Multiaddresses as go-multiaddr parses and prints them, for the protocols cluster configs use.
// Written here rather than imported: the JS library costs ~60 ms of startup on every command, and
// it wants unix paths URL-encoded where Go takes them raw (`/unix/<path>` consumes the rest).
import {isIPv4, isIPv6} from 'node:net'

import {ExitCode, UserError} from './errors.js'
import {decodePeerId} from './peerid.js'

type ValueCheck = (v: string) => string | undefined // normalised value, or undefined if invalid

const port: ValueCheck = (v) => (/^\d+$/.test(v) && Number(v) <= 65535 ? String(Number(v)) : undefined)
const host: ValueCheck = (v) => (v !== '' && !/[\s/]/.test(v) ? v : undefined)
const text: ValueCheck = (v) => (v !== '' ? v : undefined)

/** Protocol name → value check (null: the protocol takes no value). */
const PROTOCOLS: Record<string, ValueCheck | null> = {
  ip4: (v) => (isIPv4(v) ? v : undefined),
  ip6: (v) => (isIPv6(v) ? v.toLowerCase() : undefined),
  ip6zone: text,
  ipcidr: (v) => (/^\d+$/.test(v) && Number(v) <= 128 ? v : undefined),
  dns: host,
  dns4: host,
  dns6: host,
  dnsaddr: host,
  tcp: port,
  udp: port,
  dccp: port,
  sctp: port,
  p2p: (v) => {
    try {
      return decodePeerId(v)
    } catch {
      return undefined
    }
  },
  quic: null,
  'quic-v1': null,
  webtransport: null,
  certhash: text,
  http: null,
  https: null,
  'http-path': text,
  tls: null,
  sni: host,
  noise: null,
  ws: null,
  wss: null,
  webrtc: null,
  'webrtc-direct': null,
  'p2p-circuit': null,
  'p2p-webrtc-star': null,
  'p2p-websocket-star': null,
  utp: null,
  udt: null,
}

export function parseMultiaddr(input: string): {ok: true; value: string} | {ok: false; error: string} {
  if (!input.startsWith('/')) return {ok: false, error: 'a multiaddress must start with "/"'}
  const parts = input.split('/').slice(1)
  if (parts.at(-1) === '') parts.pop() // a trailing slash is tolerated
  if (parts.length === 0) return {ok: false, error: 'empty multiaddress'}
  const out: string[] = []
  for (let i = 0; i < parts.length; i++) {
    let name = parts[i]
    if (name === 'ipfs') name = 'p2p' // legacy spelling, printed as /p2p/
    if (name === 'unix') {
      const path = parts.slice(i + 1).join('/')
      if (path === '') return {ok: false, error: 'unix: empty socket path'}
      out.push('unix', path)
      return {ok: true, value: '/' + out.join('/')}
    }
    if (!(name in PROTOCOLS)) return {ok: false, error: `unknown protocol "${name}"`}
    const check = PROTOCOLS[name]
    out.push(name)
    if (check === null) continue
    const value = parts[++i]
    if (value === undefined) return {ok: false, error: `${name}: missing value`}
    const normal = check(value)
    if (normal === undefined) return {ok: false, error: `${name}: invalid value "${value}"`}
    out.push(normal)
  }
  return {ok: true, value: '/' + out.join('/')}
}

/** The `/p2p/<id>` at the end of a multiaddress, if any (`/ipfs/` is the legacy spelling). */
export function peerIdOfMultiaddr(text: string): string | undefined {
  const m = /\/(?:p2p|ipfs)\/([^/]+)$/.exec(text)
  return m?.[1]
}

/** A full multiaddress of a peer (ending in /p2p/<peer id>), as the daemon prints it, or why it is not one. */
export function parsePeerMultiaddr(input: string): {ok: true; value: string; id: string} | {ok: false; error: string} {
  const r = parseMultiaddr(input.trim())
  if (!r.ok) return r
  const id = peerIdOfMultiaddr(r.value)
  return id ? {ok: true, value: r.value, id} : {ok: false, error: 'it does not end in /p2p/<peer id>'}
}

/** parsePeerMultiaddr for a value the user gave with `what` (a flag or an argument): a usage error names both. */
export function peerMultiaddrOf(input: string, what: string): {value: string; id: string} {
  const r = parsePeerMultiaddr(input)
  if (!r.ok) throw new UserError(`${what} "${input}" is not a full multiaddress ending in /p2p/<peer id>: ${r.error}`, ExitCode.usage)
  return r
}
