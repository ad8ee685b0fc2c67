// Peer ids and libp2p keys without the libp2p libraries on the hot path: base58btc, the CIDv1 text
// form, multihashes, and the protobuf key encodings, as go-libp2p reads and writes them.
import {createECDH, createHash, createPrivateKey, createPublicKey, randomBytes} from 'node:crypto'

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
const B58_MAP = new Map([...B58].map((c, i) => [c, i]))

const LIMB = 58 ** 5

/**
 * Base58btc by long division, five base-58 digits per limb (a peer id is made per identity of
 * identity create --count; digit by digit it cost twice as much). A limb times 256 plus a carry stays
 * below 2^38 and every quotient below 2^9, so Math.floor of the double division is exact.
 */
export function base58Encode(bytes: Uint8Array): string {
  let zeros = 0
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++
  const limbs: number[] = [] // least significant first
  for (let i = zeros; i < bytes.length; i++) {
    let carry = bytes[i]
    for (let j = 0; j < limbs.length; j++) {
      const x = limbs[j] * 256 + carry
      carry = Math.floor(x / LIMB)
      limbs[j] = x - carry * LIMB
    }
    while (carry > 0) {
      const q = Math.floor(carry / LIMB)
      limbs.push(carry - q * LIMB)
      carry = q
    }
  }
  let out = '1'.repeat(zeros)
  for (let k = limbs.length - 1; k >= 0; k--) {
    let limb = limbs[k]
    let chunk = ''
    for (let d = 0; d < 5; d++) {
      const q = Math.floor(limb / 58)
      chunk = B58[limb - q * 58] + chunk
      limb = q
      if (k === limbs.length - 1 && limb === 0) break // the top limb has no leading zero digits
    }
    out += chunk
  }
  return out
}

export function base58Decode(text: string): Uint8Array {
  let n = 0n
  for (const c of text) {
    const v = B58_MAP.get(c)
    if (v === undefined) throw new Error(`invalid base58 character "${c}"`)
    n = n * 58n + BigInt(v)
  }
  const bytes: number[] = []
  while (n > 0n) {
    bytes.unshift(Number(n % 256n))
    n /= 256n
  }
  for (const c of text) {
    if (c !== '1') break
    bytes.unshift(0)
  }
  return Uint8Array.from(bytes)
}

function base32Decode(text: string): Uint8Array {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567'
  let bits = 0
  let value = 0
  const out: number[] = []
  for (const c of text) {
    const v = alphabet.indexOf(c)
    if (v === -1) throw new Error(`invalid base32 character "${c}"`)
    value = (value << 5) | v
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Uint8Array.from(out)
}

function readVarint(bytes: Uint8Array, at: number): [number, number] {
  let value = 0
  let shift = 0
  for (let i = at; i < bytes.length && i < at + 9; i++) {
    value += (bytes[i] & 0x7f) * 2 ** shift
    shift += 7
    if ((bytes[i] & 0x80) === 0) return [value, i + 1]
  }
  throw new Error('truncated varint')
}

function varint(n: number): number[] {
  const out: number[] = []
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80)
    n = Math.floor(n / 128)
  }
  out.push(n)
  return out
}

/** A well-formed multihash (code, length, digest of that length), as go-multihash's Cast. */
function checkMultihash(bytes: Uint8Array): void {
  const [, afterCode] = readVarint(bytes, 0)
  const [length, afterLength] = readVarint(bytes, afterCode)
  if (bytes.length - afterLength !== length) throw new Error('multihash length does not match its digest')
}

const LIBP2P_KEY_CODEC = 0x72

// A bundle of N peers validates N lists of N ids: decode each distinct text once.
const decoded = new Map<string, string>()

/** Parses a peer id like go-libp2p's peer.Decode; returns its base58btc form. */
export function decodePeerId(text: string): string {
  let id = decoded.get(text)
  if (id === undefined) {
    id = decodePeerIdUncached(text)
    if (decoded.size < 100_000) decoded.set(text, id)
  }
  return id
}

function decodePeerIdUncached(text: string): string {
  if (text.startsWith('Qm') || text.startsWith('1')) {
    const mh = base58Decode(text)
    checkMultihash(mh)
    return base58Encode(mh)
  }
  if (!text.startsWith('b')) throw new Error(`"${text}" is not a base58btc peer id or a CIDv1 (base32)`)
  const cid = base32Decode(text.slice(1))
  const [version, afterVersion] = readVarint(cid, 0)
  const [codec, afterCodec] = readVarint(cid, afterVersion)
  if (version !== 1) throw new Error('not a CIDv1')
  if (codec !== LIBP2P_KEY_CODEC) throw new Error('the CID is not a libp2p-key')
  const mh = cid.slice(afterCodec)
  checkMultihash(mh)
  return base58Encode(mh)
}

/** The peer id of a protobuf-encoded public key: identity multihash up to 42 bytes, else sha2-256. */
export function peerIdOfPublicKey(publicKeyProtobuf: Uint8Array): string {
  const mh =
    publicKeyProtobuf.length <= 42
      ? [0x00, ...varint(publicKeyProtobuf.length), ...publicKeyProtobuf]
      : [0x12, 0x20, ...createHash('sha256').update(publicKeyProtobuf).digest()]
  return base58Encode(Uint8Array.from(mh))
}

function keyProtobuf(type: number, data: Uint8Array): Uint8Array {
  return Uint8Array.from([0x08, type, 0x12, ...varint(data.length), ...data])
}

export const KEY_TYPE_NAMES = ['RSA', 'Ed25519', 'Secp256k1', 'ECDSA'] as const

/** Decodes a base64 PrivateKey protobuf; returns its type and the peer id of its public key. */
export function privateKeyId(protobuf: Uint8Array): {type: string; id: string} {
  let type: number | undefined
  let data: Uint8Array | undefined
  for (let i = 0; i < protobuf.length; ) {
    const [tag, next] = readVarint(protobuf, i)
    if (tag === 0x08) [type, i] = readVarint(protobuf, next)
    else if (tag === 0x12) {
      const [length, start] = readVarint(protobuf, next)
      if (start + length > protobuf.length) throw new Error('truncated key data')
      data = protobuf.slice(start, start + length)
      i = start + length
    } else throw new Error(`unexpected protobuf field (tag ${tag})`)
  }
  if (type === undefined) throw new Error('proto: required field crypto.pb.PrivateKey.Type not set')
  if (data === undefined) throw new Error('proto: required field crypto.pb.PrivateKey.Data not set')
  switch (type) {
    case 1: {
      // go-libp2p keeps the stored public half (bytes 32..64); a 96-byte legacy key repeats it.
      if (data.length === 96 && Buffer.compare(data.subarray(32, 64), data.subarray(64)) !== 0) throw new Error('expected redundant ed25519 public key to be redundant')
      if (data.length !== 64 && data.length !== 96) throw new Error(`expected ed25519 data size to be 64 or 96, got ${data.length}`)
      return {type: 'Ed25519', id: peerIdOfPublicKey(keyProtobuf(1, data.subarray(32, 64)))}
    }
    case 0: {
      const spki = createPublicKey(createPrivateKey({key: Buffer.from(data), format: 'der', type: 'pkcs1'})).export({type: 'spki', format: 'der'})
      return {type: 'RSA', id: peerIdOfPublicKey(keyProtobuf(0, spki))}
    }
    case 2: {
      const ecdh = createECDH('secp256k1')
      ecdh.setPrivateKey(Buffer.from(data))
      return {type: 'Secp256k1', id: peerIdOfPublicKey(keyProtobuf(2, ecdh.getPublicKey(null, 'compressed')))}
    }
    case 3: {
      const spki = createPublicKey(createPrivateKey({key: Buffer.from(data), format: 'der', type: 'sec1'})).export({type: 'spki', format: 'der'})
      return {type: 'ECDSA', id: peerIdOfPublicKey(keyProtobuf(3, spki))}
    }
    default:
      throw new Error(`unknown key type ${type}`)
  }
}

/** A new Ed25519 identity with node:crypto: protobuf private key (seed‖public) and its peer id. */
export function newEd25519(): {id: string; privateKey: Uint8Array} {
  // Imported from a random seed, not made by generateKeyPairSync: on Node 20, exporting a generated key
  // can deadlock (the export holds the key's mutex while it allocates, and a garbage collection that
  // frees the key's generation job waits for that mutex in the job's destructor); an imported key has
  // no such job. The JWK parser requires x but a private key is built from d alone, and the export
  // gives the public half OpenSSL derived.
  const seed = randomBytes(32)
  const jwk = createPrivateKey({key: {kty: 'OKP', crv: 'Ed25519', d: seed.toString('base64url'), x: ''}, format: 'jwk'}).export({format: 'jwk'})
  const pub = Buffer.from(jwk.x!, 'base64url')
  return {id: peerIdOfPublicKey(keyProtobuf(1, pub)), privateKey: keyProtobuf(1, Buffer.concat([seed, pub]))}
}
