import {expect} from 'chai'

import {diagnose} from '../../../src/cluster/connect.js'
import {judgeGreeting, xsalsa20Block} from '../../../src/cluster/pnet.js'

// What a real ipfs-cluster-service v1.1.6 sent first on a new TCP connection to its swarm port (its 24-byte
// pnet nonce, then "\x13/multistream/1.0.0\n" encrypted), with the cluster secret it ran with. Captured from
// the real daemon: they prove our XSalsa20 is Go's (golang.org/x/crypto/salsa20 with a 24-byte nonce).
const REAL = [
  {
    secret: '544d03c9fd8fe82ac58e4592b864b3ccb2a2b77204aea52fee6e59a04b0716fe',
    greeting: '45aa0bf115d9ce4f9c56745d62104995dc56ac76d4e014fa2fcc8633655eef2fcf83367c5e09b3d11282d693',
  },
  {
    secret: '230a4bd76be0da887bbdd2ef16e15076566078c2aa1813ec57d1d64ed0bb389a',
    greeting: '9da6b66cf7e2b0b3f78c3dfbbc2d9c3988a3dfad2db77627d706beba327d19e3b2fea812b6c478ba0c6f0739',
  },
]
const HEADER = Buffer.from('\x13/multistream/1.0.0\n', 'latin1')
const hex = (s: string) => Buffer.from(s, 'hex')

describe('pnet secret probe', () => {
  it('decrypts what the real daemon sent with its secret to the multistream header', () => {
    for (const {secret, greeting} of REAL) {
      const g = hex(greeting)
      const stream = xsalsa20Block(hex(secret), g.subarray(0, 24))
      expect(Buffer.from(g.subarray(24).map((b, i) => b ^ stream[i]))).to.deep.equal(HEADER)
      expect(judgeGreeting(g, hex(secret))).to.equal('same-secret')
    }
  })

  it('another secret, no secret on our side, or a leader without one: different; too few bytes: no verdict', () => {
    const [a, b] = REAL
    expect(judgeGreeting(hex(a.greeting), hex(b.secret))).to.equal('different-secret')
    expect(judgeGreeting(hex(a.greeting), undefined)).to.equal('different-secret')
    expect(judgeGreeting(HEADER, hex(a.secret))).to.equal('different-secret')
    expect(judgeGreeting(HEADER, undefined)).to.equal('same-secret')
    expect(judgeGreeting(hex(a.greeting).subarray(0, 30), hex(a.secret))).to.equal(undefined)
  })
})

describe('diagnose (a failed join)', () => {
  const dialBackoff = [
    '2026-01-01T00:00:00.000Z\tERROR\tservice\tipfs-cluster-service/daemon.go:267\tbootstrap to /ip4/127.0.0.1/tcp/9096/p2p/12D3KooWX failed: failed to dial: failed to dial 12D3KooWX: all dials failed',
    '  * [/ip4/127.0.0.1/tcp/9096] dial backoff',
  ]
  const addr = '/ip4/127.0.0.1/tcp/9096/p2p/12D3KooWX'

  it('the leader answers with another secret: "different cluster secret", not "unreachable"', () => {
    const d = diagnose(dialBackoff, 'timed out', {result: 'different-secret', address: addr})
    expect(d.filter((l) => !l.startsWith('log: '))).to.deep.equal([
      'timed out',
      `different cluster secret: the peers cannot talk (the secret must be the same on every peer); the leader at ${addr} uses another secret than this peer`,
    ])
  })

  it('nothing accepts connections at the leader: "leader unreachable", with the address and error', () => {
    const d = diagnose(dialBackoff, 'timed out', {result: 'unreachable', address: addr, error: 'nothing is listening at 127.0.0.1:9096 (connection refused)'})
    expect(d).to.include(`leader unreachable: check the address, the port and any firewall (${addr}: nothing is listening at 127.0.0.1:9096 (connection refused))`)
    expect(d.some((l) => l.startsWith('different cluster secret'))).to.equal(false)
  })

  it('the same secret on both sides: a handshake error in the log is not blamed on the secret', () => {
    const log = ['  * [/ip4/127.0.0.1/tcp/9096] failed to negotiate security protocol: EOF']
    const d = diagnose(log, 'timed out', {result: 'same-secret', address: addr})
    expect(d.some((l) => l.startsWith('different cluster secret') || l.startsWith('leader unreachable'))).to.equal(false)
  })

  it('without a probe, the log decides; a peer id that happens to contain "psk" is no secret problem', () => {
    expect(diagnose(['failed to negotiate security protocol: read: connection reset by peer'], 'r')).to.satisfy((d: string[]) =>
      d.some((l) => l.startsWith('different cluster secret')),
    )
    const d = diagnose(['INFO\tcluster\tCurrent Raft Leader: 12D3KooWPsKxyz'], 'r')
    expect(d.some((l) => l.startsWith('different cluster secret'))).to.equal(false)
  })
})
