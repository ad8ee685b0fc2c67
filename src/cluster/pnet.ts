// Does the leader use our cluster secret? A peer with another secret cannot talk to the cluster, and its
// daemon only logs "dial backoff" or "failed to dial" about it (the real error, a failed security handshake,
// is logged at debug level at most). So we ask the leader's swarm port directly, the way libp2p's private
// network (pnet) protector works: on a new TCP connection the listener sends its 24-byte nonce and then its
// first bytes XSalsa20-encrypted with the 32-byte secret, and the first thing it sends is always the
// multistream-select header "\x13/multistream/1.0.0\n". Decrypting those 20 bytes with our secret tells
// whether the secrets match, without sending anything.
import {connect} from 'node:net'

import {networkProblem} from '../core/net-errors.js'

/** What the leader's listener sends first: a varint length (19) and the multistream protocol id. */
const HEADER = Buffer.from('\x13/multistream/1.0.0\n', 'latin1')
const NONCE_BYTES = 24

export type SecretProbe =
  | {result: 'same-secret' | 'different-secret'; address: string}
  | {result: 'unreachable'; address: string; error: string}
  | {result: 'inconclusive'; address: string | null; error: string}

const rotl = (v: number, c: number) => (v << c) | (v >>> (32 - c))

/** The Salsa20 double rounds on x (in place). */
function rounds(x: Uint32Array): void {
  for (let i = 0; i < 20; i += 2) {
    x[4] ^= rotl((x[0] + x[12]) | 0, 7); x[8] ^= rotl((x[4] + x[0]) | 0, 9); x[12] ^= rotl((x[8] + x[4]) | 0, 13); x[0] ^= rotl((x[12] + x[8]) | 0, 18)
    x[9] ^= rotl((x[5] + x[1]) | 0, 7); x[13] ^= rotl((x[9] + x[5]) | 0, 9); x[1] ^= rotl((x[13] + x[9]) | 0, 13); x[5] ^= rotl((x[1] + x[13]) | 0, 18)
    x[14] ^= rotl((x[10] + x[6]) | 0, 7); x[2] ^= rotl((x[14] + x[10]) | 0, 9); x[6] ^= rotl((x[2] + x[14]) | 0, 13); x[10] ^= rotl((x[6] + x[2]) | 0, 18)
    x[3] ^= rotl((x[15] + x[11]) | 0, 7); x[7] ^= rotl((x[3] + x[15]) | 0, 9); x[11] ^= rotl((x[7] + x[3]) | 0, 13); x[15] ^= rotl((x[11] + x[7]) | 0, 18)
    x[1] ^= rotl((x[0] + x[3]) | 0, 7); x[2] ^= rotl((x[1] + x[0]) | 0, 9); x[3] ^= rotl((x[2] + x[1]) | 0, 13); x[0] ^= rotl((x[3] + x[2]) | 0, 18)
    x[6] ^= rotl((x[5] + x[4]) | 0, 7); x[7] ^= rotl((x[6] + x[5]) | 0, 9); x[4] ^= rotl((x[7] + x[6]) | 0, 13); x[5] ^= rotl((x[4] + x[7]) | 0, 18)
    x[11] ^= rotl((x[10] + x[9]) | 0, 7); x[8] ^= rotl((x[11] + x[10]) | 0, 9); x[9] ^= rotl((x[8] + x[11]) | 0, 13); x[10] ^= rotl((x[9] + x[8]) | 0, 18)
    x[12] ^= rotl((x[15] + x[14]) | 0, 7); x[13] ^= rotl((x[12] + x[15]) | 0, 9); x[14] ^= rotl((x[13] + x[12]) | 0, 13); x[15] ^= rotl((x[14] + x[13]) | 0, 18)
  }
}

/** The Salsa20 state: "expand 32-byte k", the key, and 16 input bytes (nonce+counter, or HSalsa20's input). */
function state(key: Uint8Array, input: Uint8Array): Uint32Array {
  const k = Buffer.from(key)
  const n = Buffer.from(input)
  const s = new Uint32Array(16)
  s[0] = 0x61707865
  s[5] = 0x3320646e
  s[10] = 0x79622d32
  s[15] = 0x6b206574
  for (let i = 0; i < 4; i++) {
    s[1 + i] = k.readUInt32LE(4 * i)
    s[11 + i] = k.readUInt32LE(16 + 4 * i)
    s[6 + i] = n.readUInt32LE(4 * i)
  }
  return s
}

/** The first 64 bytes of the XSalsa20 key stream (what golang.org/x/crypto/salsa20 uses with a 24-byte nonce). */
export function xsalsa20Block(key: Uint8Array, nonce: Uint8Array): Buffer {
  if (key.length !== 32 || nonce.length !== NONCE_BYTES) throw new Error('xsalsa20: 32-byte key and 24-byte nonce')
  // HSalsa20: a subkey from the key and the first 16 bytes of the nonce.
  const h = state(key, nonce.subarray(0, 16))
  rounds(h)
  const subkey = Buffer.alloc(32)
  ;[0, 5, 10, 15, 6, 7, 8, 9].forEach((w, i) => subkey.writeUInt32LE(h[w] >>> 0, 4 * i))
  // Salsa20 with the subkey, the last 8 bytes of the nonce and block counter 0.
  const input = Buffer.alloc(16)
  Buffer.from(nonce.subarray(16)).copy(input, 0)
  const s = state(subkey, input)
  const x = s.slice()
  rounds(x)
  const out = Buffer.alloc(64)
  for (let i = 0; i < 16; i++) out.writeUInt32LE((x[i] + s[i]) >>> 0, 4 * i)
  return out
}

/** Judges what a listener sent first: with our secret (or none), is it the multistream header? */
export function judgeGreeting(greeting: Buffer, secret: Buffer | undefined): 'same-secret' | 'different-secret' | undefined {
  if (greeting.length >= HEADER.length && greeting.subarray(0, HEADER.length).equals(HEADER)) return secret ? 'different-secret' : 'same-secret' // no pnet there
  if (!secret) return greeting.length >= HEADER.length ? 'different-secret' : undefined
  if (greeting.length < NONCE_BYTES + HEADER.length) return undefined
  const stream = xsalsa20Block(secret, greeting.subarray(0, NONCE_BYTES))
  const plain = Buffer.from(greeting.subarray(NONCE_BYTES, NONCE_BYTES + HEADER.length).map((b, i) => b ^ stream[i]))
  return plain.equals(HEADER) ? 'same-secret' : 'different-secret'
}

/** host and port of a /ip4|ip6|dns*\/HOST/tcp/PORT multiaddress, else undefined. */
function tcpTarget(ma: string): {host: string; port: number} | undefined {
  const m = /^\/(ip4|ip6|dns|dns4|dns6)\/([^/]+)\/tcp\/(\d+)(\/p2p\/[^/]+)?$/.exec(ma)
  return m ? {host: m[2], port: Number(m[3])} : undefined
}

/** Reads what the listener at one address sends first, up to `want` bytes or `timeoutMs`. */
function greeting(host: string, port: number, want: number, timeoutMs: number): Promise<{data: Buffer; error?: string; connected: boolean}> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let connected = false
    let done = false
    const socket = connect({host, port})
    const finish = (error?: string) => {
      if (done) return
      done = true
      clearTimeout(timer)
      socket.destroy()
      resolve({data: Buffer.concat(chunks), error, connected})
    }
    const target = `${host.includes(':') ? `[${host}]` : host}:${port}`
    const timer = setTimeout(() => finish(connected ? undefined : networkProblem({code: 'ETIMEDOUT'}, {target, timeoutMs})), timeoutMs)
    socket.on('connect', () => (connected = true))
    socket.on('data', (d: Buffer) => {
      chunks.push(d)
      if (Buffer.concat(chunks).length >= want) finish()
    })
    socket.on('error', (e: NodeJS.ErrnoException) => finish(networkProblem(e, {target})))
    socket.on('close', () => finish())
  })
}

/**
 * Compares our cluster secret (64 hex chars, or empty for none) with the one the leader's swarm uses, over the
 * first TCP address of the leader that accepts a connection.
 */
export async function probeSecret(addresses: string[], secretHex: string, timeoutMs = 3000): Promise<SecretProbe> {
  const secret = /^[0-9a-fA-F]{64}$/.test(secretHex) ? Buffer.from(secretHex, 'hex') : secretHex === '' ? undefined : null
  if (secret === null) return {result: 'inconclusive', address: null, error: 'cluster.secret is not 64 hex characters'}
  const targets = addresses.map((a) => ({a, t: tcpTarget(a)})).filter((x): x is {a: string; t: {host: string; port: number}} => !!x.t)
  if (targets.length === 0) return {result: 'inconclusive', address: null, error: 'the leader has no TCP address to check'}
  let last: SecretProbe | undefined
  for (const {a, t} of targets) {
    const g = await greeting(t.host.replace(/^\[|\]$/g, ''), t.port, secret ? NONCE_BYTES + HEADER.length : HEADER.length, timeoutMs)
    if (!g.connected) {
      last = {result: 'unreachable', address: a, error: g.error ?? 'closed'}
      continue
    }
    const verdict = judgeGreeting(g.data, secret)
    if (verdict) return {result: verdict, address: a}
    last = {result: 'inconclusive', address: a, error: `only ${g.data.length} bytes before ${g.error ?? 'the end'}`}
  }
  return last!
}
