// libp2p identities: real keys whose peer id matches, in the format of identity.json.
import type {IdentityJson} from './schema/identity.js'
import {decodePeerId, newEd25519, privateKeyId} from './peerid.js'

export const KEY_TYPES = ['ed25519', 'rsa'] as const
export type KeyType = (typeof KEY_TYPES)[number]

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/**
 * A new identity. Ed25519 is made with node:crypto (fast, no libp2p import); RSA-2048 through
 * @libp2p/crypto. Tests check both against @libp2p/peer-id.
 */
export async function createIdentity(type: KeyType = 'ed25519'): Promise<IdentityJson> {
  if (type === 'ed25519') {
    const key = newEd25519()
    return {id: key.id, private_key: Buffer.from(key.privateKey).toString('base64')}
  }
  const [{generateKeyPair, privateKeyToProtobuf}, {peerIdFromPrivateKey}] = await Promise.all([import('@libp2p/crypto/keys'), import('@libp2p/peer-id')])
  const key = await generateKeyPair('RSA', 2048)
  return {id: peerIdFromPrivateKey(key).toString(), private_key: Buffer.from(privateKeyToProtobuf(key)).toString('base64')}
}

export interface KeyInfo {
  /** The peer id derived from the key. */
  id: string
  type: string
}

/** Decodes a base64 protobuf private key as Go's identity loader does; throws with Go-like messages. */
export function keyInfo(privateKey: string): KeyInfo {
  if (!BASE64.test(privateKey) || privateKey === '') throw new Error('error decoding private_key: not standard base64')
  try {
    return privateKeyId(new Uint8Array(Buffer.from(privateKey, 'base64')))
  } catch (error) {
    throw new Error(`error parsing private_key ID: ${(error as Error).message}`)
  }
}

/** Parses a peer id (base58btc or CIDv1 text); returns its canonical base58btc form. */
export function parsePeerId(text: string): string {
  return decodePeerId(text)
}

export function isPeerId(text: string): boolean {
  try {
    parsePeerId(text)
    return true
  } catch {
    return false
  }
}

/** The problems Go's Identity.Validate() would report, in its words. Empty when valid. */
export function identityProblems(identity: {id?: unknown; private_key?: unknown}): string[] {
  const {id, private_key: key} = identity
  if (typeof id !== 'string' || id === '') return ['identity ID not set']
  if (typeof key !== 'string' || key === '') return ['no identity private_key set']
  let canonical: string
  try {
    canonical = parsePeerId(id)
  } catch (error) {
    return [`error decoding cluster ID: ${(error as Error).message}`]
  }
  let info: KeyInfo
  try {
    info = keyInfo(key)
  } catch (error) {
    return [(error as Error).message]
  }
  if (info.id !== canonical) return ['identity ID does not match the private_key']
  return []
}
