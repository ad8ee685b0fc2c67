// The native key and peer-id code (src/core/peerid.ts) against @libp2p/crypto and @libp2p/peer-id.
import {generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf} from '@libp2p/crypto/keys'
import {peerIdFromPrivateKey, peerIdFromString} from '@libp2p/peer-id'
import {expect} from 'chai'
import {randomBytes} from 'node:crypto'
import {base58btc} from 'multiformats/bases/base58'

import {base58Decode, base58Encode, decodePeerId, newEd25519, privateKeyId} from '../../../src/core/peerid.js'

describe('core/peerid (native) agrees with libp2p', () => {
  it('new Ed25519 keys: libp2p parses them and derives the same peer id', () => {
    for (let i = 0; i < 50; i++) {
      const k = newEd25519()
      expect(k.privateKey.length).to.equal(68)
      const parsed = privateKeyFromProtobuf(k.privateKey)
      expect(peerIdFromPrivateKey(parsed).toString()).to.equal(k.id)
      expect(Buffer.from(privateKeyToProtobuf(parsed))).to.deep.equal(Buffer.from(k.privateKey))
      // The public half is the seed's: a signature made from the seed verifies with it.
      const message = randomBytes(40)
      expect(parsed.publicKey.verify(message, parsed.sign(message) as Uint8Array)).to.equal(true)
    }
  })

  for (const type of ['Ed25519', 'secp256k1', 'RSA'] as const) {
    it(`privateKeyId derives libp2p's peer id for ${type} keys`, async () => {
      for (let i = 0; i < (type === 'RSA' ? 2 : 20); i++) {
        const key = type === 'RSA' ? await generateKeyPair('RSA', 2048) : await generateKeyPair(type)
        expect(privateKeyId(privateKeyToProtobuf(key)).id).to.equal(peerIdFromPrivateKey(key).toString())
      }
    })
  }

  it('decodePeerId reads base58 and CIDv1 forms like libp2p, and refuses garbage', async () => {
    const key = await generateKeyPair('Ed25519')
    const id = peerIdFromPrivateKey(key)
    expect(decodePeerId(id.toString())).to.equal(id.toString())
    expect(decodePeerId(id.toCID().toString())).to.equal(id.toString())
    expect(decodePeerId('bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe')).to.equal(peerIdFromString('bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe').toString())
    for (const bad of ['abc', 'Qm', '12D3KooWQiK1sYbGNnD9XtWF1sP95cawwwNy3d2WUwtP71McwUf0', 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi'])
      expect(() => decodePeerId(bad), bad).to.throw()
  })

  it('base58 round-trips, leading zero bytes included', () => {
    for (const bytes of [[0, 0, 1, 2], [255], [0], [1, 2, 3, 4, 5, 6, 7, 8, 9]]) expect([...base58Decode(base58Encode(Uint8Array.from(bytes)))]).to.deep.equal(bytes)
  })

  it('base58Encode writes what multiformats writes, at every length, with leading zeros and all-0xff bytes', () => {
    for (let len = 0; len <= 80; len++)
      for (const fill of [undefined, 0, 0xff]) {
        const bytes = fill === undefined ? randomBytes(len) : Buffer.alloc(len, fill)
        if (fill === undefined && len > 2) bytes[0] = bytes[1] = 0
        expect(base58Encode(bytes), bytes.toString('hex')).to.equal(base58btc.baseEncode(bytes))
      }
  })
})
