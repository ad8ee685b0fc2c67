import {expect} from 'chai'

import {UserError} from '../../../src/core/errors.js'
import {parseMultiaddr, parsePeerMultiaddr, peerIdOfMultiaddr, peerMultiaddrOf} from '../../../src/core/multiaddr.js'
import {ED_ID, RSA_ID} from '../helpers.js'

describe('core/multiaddr', () => {
  describe('parseMultiaddr', () => {
    const valid: [string, string][] = [
      ['/ip4/0.0.0.0/tcp/9096', '/ip4/0.0.0.0/tcp/9096'],
      ['/ip4/0.0.0.0/udp/9096/quic', '/ip4/0.0.0.0/udp/9096/quic'],
      ['/ip4/0.0.0.0/udp/9096/quic-v1', '/ip4/0.0.0.0/udp/9096/quic-v1'],
      ['/ip6/::1/tcp/9094', '/ip6/::1/tcp/9094'],
      ['/dns4/ipfs.example.org/tcp/5001', '/dns4/ipfs.example.org/tcp/5001'],
      ['/dns/ipfs/tcp/5001', '/dns/ipfs/tcp/5001'],
      ['/unix/var/run/ipfs.sock', '/unix/var/run/ipfs.sock'],
      ['/ip4/1.2.3.4/tcp/1/', '/ip4/1.2.3.4/tcp/1'],
      [`/ip4/1.2.3.4/tcp/9096/p2p/${ED_ID}`, `/ip4/1.2.3.4/tcp/9096/p2p/${ED_ID}`],
      [`/ip4/1.2.3.4/tcp/9096/ipfs/${RSA_ID}`, `/ip4/1.2.3.4/tcp/9096/p2p/${RSA_ID}`],
    ]
    for (const [text, canonical] of valid)
      it(`accepts ${text}`, () => {
        expect(parseMultiaddr(text)).to.deep.equal({ok: true, value: canonical})
      })

    const invalid = ['', 'x', '0.0.0.0:9096', '/ip4/999.1.1.1/tcp/1', '/ip4/1.2.3.4/tcp/70000', '/ip4/1.2.3.4/tcp/x', '/unix/', '/foo/1']
    for (const text of invalid)
      it(`rejects ${JSON.stringify(text)} with a message`, () => {
        const r = parseMultiaddr(text)
        expect(r.ok).to.equal(false)
        if (!r.ok) expect(r.error).to.be.a('string').and.not.equal('')
      })

    it('rejects "/" (go-multiaddr: empty multiaddr)', () => {
      expect(parseMultiaddr('/').ok).to.equal(false)
    })

    it('rejects a /p2p/ part that is not a peer id (go-multiaddr: failed to parse p2p addr)', () => {
      expect(parseMultiaddr('/ip4/1.2.3.4/tcp/9096/p2p/abc').ok).to.equal(false)
    })
  })

  describe('peerIdOfMultiaddr', () => {
    it('returns the id after /p2p/ or /ipfs/ at the end', () => {
      expect(peerIdOfMultiaddr(`/ip4/1.2.3.4/tcp/9096/p2p/${ED_ID}`)).to.equal(ED_ID)
      expect(peerIdOfMultiaddr(`/dns4/x/tcp/9096/ipfs/${RSA_ID}`)).to.equal(RSA_ID)
    })
    it('returns undefined without one', () => {
      expect(peerIdOfMultiaddr('/ip4/1.2.3.4/tcp/9096')).to.equal(undefined)
      expect(peerIdOfMultiaddr(`/p2p/${ED_ID}/p2p-circuit`)).to.equal(undefined)
    })
  })

  describe('parsePeerMultiaddr / peerMultiaddrOf: a full peer address, or why not', () => {
    it('gives the address as the daemon prints it and its peer id', () => {
      expect(parsePeerMultiaddr(` /ip4/1.2.3.4/tcp/9096/ipfs/${RSA_ID} `)).to.deep.equal({ok: true, value: `/ip4/1.2.3.4/tcp/9096/p2p/${RSA_ID}`, id: RSA_ID})
    })
    for (const [text, reason] of [
      ['/ip4/1.2.3.4/tcp/9096', 'it does not end in /p2p/<peer id>'],
      ['/ip4/1.2.3.4/tcp/9096/p2p/12D3KooWBogus', 'p2p: invalid value "12D3KooWBogus"'],
      [`/ip4/1.2.3/tcp/9096/p2p/${ED_ID}`, 'ip4: invalid value "1.2.3"'],
      [`ip4/1.2.3.4/tcp/9096/p2p/${ED_ID}`, 'a multiaddress must start with "/"'],
    ])
      it(`${text}: ${reason}`, () => {
        expect(parsePeerMultiaddr(text)).to.deep.equal({ok: false, error: reason})
        expect(() => peerMultiaddrOf(text, '--peers'))
          .to.throw(UserError, `--peers "${text}" is not a full multiaddress ending in /p2p/<peer id>: ${reason}`)
          .with.property('exitCode', 2)
      })
  })
})
