import {expect} from 'chai'
import {createPrivateKey, createPublicKey} from 'node:crypto'

import {createIdentity, identityProblems, isPeerId, keyInfo, parsePeerId} from '../../../src/core/identity.js'
import {ED2_ID, ED2_KEY, ED_ID, ED_KEY, RSA_ID, RSA_KEY} from '../helpers.js'

describe('core/identity', () => {
  describe('test vectors (reference §2, stack.md §3)', () => {
    it('Ed25519 config_test.go vector: the key derives 12D3KooWQiK1…McwUfZ', () => {
      expect(keyInfo(ED_KEY)).to.deep.equal({id: ED_ID, type: 'Ed25519'})
      expect(identityProblems({id: ED_ID, private_key: ED_KEY})).to.deep.equal([])
    })
    it('Ed25519 identity_test.go vector: the key derives 12D3KooWCLKK…x1ppS', () => {
      expect(keyInfo(ED2_KEY).id).to.equal(ED2_ID)
      expect(identityProblems({id: ED2_ID, private_key: ED2_KEY})).to.deep.equal([])
    })
    it('RSA-2048 vector: the key derives QmUfSFm12…HHDGA', () => {
      expect(keyInfo(RSA_KEY)).to.deep.equal({id: RSA_ID, type: 'RSA'})
      expect(identityProblems({id: RSA_ID, private_key: RSA_KEY})).to.deep.equal([])
    })
    it('other published vectors (libp2p examples)', () => {
      expect(
        keyInfo('CAESQAG6Ld7ev6nnD0FKPs033/j0eQpjWilhxnzJ2CCTqT0+LfcWoI2Vr+zdc1vwk7XAVdyoCa2nwUR3RJebPWsF1/I=').id,
      ).to.equal('12D3KooWCuo3MdXfMgaqpLC5Houi1TRoFqgK9aoxok4NK5udMu8m')
      expect(keyInfo('CAESQFBl0Fpe98WZnNkxsqmVro+gpaKDvAqAdQoNuL4j+E7hnHGQhV0X7A6UNVQctokiXib8aJ89YQ2U71nhY1yJqeI=').id).to.equal(
        '12D3KooWLM4CwdZHVJQzVJF4PeQGJruWF37dZGzUTcKuyBhfC5SH',
      )
    })
  })

  describe('createIdentity', () => {
    it('ed25519: a 12D3KooW id derived from a CAESQ… key of 92 base64 chars', async () => {
      const a = await createIdentity('ed25519')
      expect(a.id).to.match(/^12D3KooW[1-9A-HJ-NP-Za-km-z]{44}$/)
      expect(a.private_key).to.have.length(92)
      expect(a.private_key.startsWith('CAESQ')).to.equal(true)
      expect(Buffer.from(a.private_key, 'base64').toString('base64')).to.equal(a.private_key) // standard, padded
      expect(keyInfo(a.private_key).id).to.equal(a.id)
      expect(identityProblems(a)).to.deep.equal([])
      // Go keeps the stored public half: bytes 36..67 must be the seed's real public key, and the id
      // its identity multihash (checked with node:crypto, independently of @libp2p/crypto).
      const raw = Buffer.from(a.private_key, 'base64')
      expect([...raw.subarray(0, 4)]).to.deep.equal([0x08, 0x01, 0x12, 0x40])
      const seed = raw.subarray(4, 36)
      const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed])
      const pub = createPublicKey(createPrivateKey({key: pkcs8, format: 'der', type: 'pkcs8'})).export({format: 'der', type: 'spki'}).subarray(-32)
      expect(raw.subarray(36, 68).toString('hex')).to.equal(pub.toString('hex'))
      const multihash = Buffer.concat([Buffer.from([0x00, 0x24, 0x08, 0x01, 0x12, 0x20]), pub])
      expect(Buffer.from(decodeB58(a.id)).toString('hex')).to.equal(multihash.toString('hex'))
    })
    it('ed25519 is the default and two identities differ', async () => {
      const a = await createIdentity()
      const b = await createIdentity()
      expect(a.id.startsWith('12D3KooW')).to.equal(true)
      expect(a.id).to.not.equal(b.id)
      expect(a.private_key).to.not.equal(b.private_key)
    })
    it('rsa: a Qm id derived from a CAAS… key (RSA-2048)', async function () {
      this.timeout(60_000)
      const r = await createIdentity('rsa')
      expect(r.id).to.match(/^Qm[1-9A-HJ-NP-Za-km-z]{44}$/)
      expect(r.private_key.startsWith('CAAS')).to.equal(true)
      expect(r.private_key.length).to.be.within(1580, 1610)
      expect(keyInfo(r.private_key)).to.deep.equal({id: r.id, type: 'RSA'})
      expect(identityProblems(r)).to.deep.equal([])
    })
  })

  describe('identityProblems (Go Identity.Validate)', () => {
    it('a valid key with another key’s id is a mismatch', () => {
      expect(identityProblems({id: ED2_ID, private_key: ED_KEY})).to.deep.equal(['identity ID does not match the private_key'])
      expect(identityProblems({id: RSA_ID, private_key: ED_KEY})).to.deep.equal(['identity ID does not match the private_key'])
    })
    it('id "abc" is an ID decode error', () => {
      const p = identityProblems({id: 'abc', private_key: ED_KEY})
      expect(p).to.have.length(1)
      expect(p[0]).to.match(/^error decoding cluster ID: /)
    })
    it('private_key "abc" is a key decode/parse error', () => {
      const p = identityProblems({id: ED_ID, private_key: 'abc'})
      expect(p).to.have.length(1)
      expect(p[0]).to.match(/^error (decoding|parsing) private_key/)
    })
    it('valid base64 that is not a key protobuf is a parse error', () => {
      const p = identityProblems({id: ED_ID, private_key: Buffer.from('hello world!').toString('base64')})
      expect(p).to.have.length(1)
      expect(p[0]).to.match(/^error parsing private_key ID: /)
    })
    it('unpadded or URL-safe base64 is rejected as Go base64.StdEncoding does', () => {
      expect(identityProblems({id: ED_ID, private_key: ED_KEY.replace(/=+$/, '')})[0]).to.match(/^error decoding private_key/)
      expect(identityProblems({id: ED_ID, private_key: ED_KEY.replaceAll('+', '-')})[0]).to.match(/^error decoding private_key/)
    })
    it('empty or missing id / key', () => {
      expect(identityProblems({})).to.deep.equal(['identity ID not set'])
      expect(identityProblems({id: '', private_key: ED_KEY})).to.deep.equal(['identity ID not set'])
      expect(identityProblems({id: ED_ID})).to.deep.equal(['no identity private_key set'])
      expect(identityProblems({id: ED_ID, private_key: ''})).to.deep.equal(['no identity private_key set'])
      expect(identityProblems({id: 5, private_key: ED_KEY})).to.deep.equal(['identity ID not set'])
    })
    it('accepts the id in CIDv1 text form (peer.Decode does)', () => {
      // The same Ed25519 id as a libp2p-key CID: base32 of 0x01 0x72 + identity multihash.
      const cid = 'b' + base32(Buffer.concat([Buffer.from([0x01, 0x72]), Buffer.from(decodeB58(ED_ID))]))
      expect(parsePeerId(cid)).to.equal(ED_ID)
      expect(identityProblems({id: cid, private_key: ED_KEY})).to.deep.equal([])
    })
  })

  describe('parsePeerId / isPeerId', () => {
    it('parses base58 ids and the CIDv1 form of a Qm id', () => {
      expect(parsePeerId('QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N')).to.equal('QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N')
      expect(parsePeerId('bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe')).to.equal('QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N')
    })
    it('isPeerId', () => {
      expect(isPeerId(ED_ID)).to.equal(true)
      expect(isPeerId(RSA_ID)).to.equal(true)
      expect(isPeerId('abc')).to.equal(false)
      expect(isPeerId('')).to.equal(false)
      expect(isPeerId('*')).to.equal(false)
      expect(isPeerId(ED_ID.slice(0, -1))).to.equal(false)
    })
  })
})

// Small codecs for building the CID form in a test, independent of the code under test.
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
function decodeB58(s: string): Uint8Array {
  let n = 0n
  for (const c of s) n = n * 58n + BigInt(B58.indexOf(c))
  const bytes: number[] = []
  while (n > 0n) {
    bytes.unshift(Number(n & 0xffn))
    n >>= 8n
  }
  for (const c of s) {
    if (c !== '1') break
    bytes.unshift(0)
  }
  return Uint8Array.from(bytes)
}
function base32(buf: Buffer): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567'
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of buf) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31]
  return out
}
