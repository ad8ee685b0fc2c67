// Network failures in words: the mapping from Node's errors, and the real errors of real sockets as the
// REST client, the secret probe and a follower's source report them (never "connect ECONNREFUSED ...").
import {expect} from 'chai'
import {type Server, createServer} from 'node:http'
import type {AddressInfo} from 'node:net'
import {join} from 'node:path'

import {apiRequest} from '../../../src/cluster/api.js'
import {probeSecret} from '../../../src/cluster/pnet.js'
import {networkProblem} from '../../../src/core/net-errors.js'
import {fetchSource} from '../../../src/core/source.js'
import {freePort} from '../../support/ports.js'
import {RAW_ERROR_WORDS} from '../../support/raw-errors.js'
import {tempDir} from '../../support/tmp.js'


describe('networkProblem: a failed connection in words', () => {
  const err = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(`connect ${code} x`), {code, syscall: 'connect', ...extra})

  it('each common code as a phrase naming the address, with no errno text', () => {
    const cases: [Error, string][] = [
      [err('ECONNREFUSED', {address: '127.0.0.1', port: 9094}), 'nothing is listening at 127.0.0.1:9094 (connection refused)'],
      [err('ECONNREFUSED', {address: '::1', port: 9094}), 'nothing is listening at [::1]:9094 (connection refused)'],
      [err('ENOENT', {address: '/run/peer/api-socket'}), 'nothing is listening at /run/peer/api-socket (no such socket)'],
      [Object.assign(new Error('getaddrinfo ENOTFOUND leader.invalid'), {code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname: 'leader.invalid'}), 'host not found: leader.invalid (the name does not resolve)'],
      [Object.assign(new Error('getaddrinfo EAI_AGAIN leader.example'), {code: 'EAI_AGAIN', hostname: 'leader.example'}), 'host name leader.example could not be resolved right now (DNS lookup failed; try again)'],
      [err('EHOSTUNREACH', {address: '10.9.9.9', port: 9096}), 'no route to 10.9.9.9:9096 (host unreachable)'],
      [err('ENETUNREACH', {address: '10.9.9.9', port: 9096}), 'no route to 10.9.9.9:9096 (network unreachable)'],
      [Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'}), '127.0.0.1:9094 closed the connection before answering (connection reset)'],
      [err('EACCES', {address: '/run/peer/api-socket'}), 'permission denied connecting to /run/peer/api-socket'],
      [err('ETIMEDOUT', {address: '10.9.9.9', port: 9094}), 'timed out connecting to 10.9.9.9:9094'],
    ]
    for (const [e, want] of cases) {
      const got = networkProblem(e, {target: '127.0.0.1:9094'})
      expect(got, (e as NodeJS.ErrnoException).code).to.equal(want)
      expect(got).not.to.match(RAW_ERROR_WORDS)
    }
  })

  it('a timeout names its limit; fetch\'s wrapped cause and TimeoutError are unwrapped', () => {
    expect(networkProblem({code: 'ETIMEDOUT'}, {target: '127.0.0.1:9094', timeoutMs: 5000})).to.equal('timed out after 5s: no answer from 127.0.0.1:9094')
    expect(networkProblem(Object.assign(new TypeError('fetch failed'), {cause: err('ECONNREFUSED', {address: '127.0.0.1', port: 8080})}))).to.equal('nothing is listening at 127.0.0.1:8080 (connection refused)')
    expect(networkProblem(new DOMException('The operation was aborted due to timeout', 'TimeoutError'), {target: 'example.org', timeoutMs: 10_000})).to.equal('timed out after 10s: no answer from example.org')
    const aggregate = Object.assign(new AggregateError([err('ECONNREFUSED', {address: '::1', port: 9094}), err('ECONNREFUSED', {address: '127.0.0.1', port: 9094})]), {code: 'ECONNREFUSED'})
    expect(networkProblem(aggregate)).to.equal('nothing is listening at [::1]:9094 (connection refused)')
    // The limit in Go's duration form, as the --timeout flags take it.
    expect(networkProblem({code: 'ETIMEDOUT'}, {target: 'h:1', timeoutMs: 1500})).to.equal('timed out after 1.5s: no answer from h:1')
    expect(networkProblem({code: 'ETIMEDOUT'}, {target: 'h:1', timeoutMs: 250})).to.equal('timed out after 250ms: no answer from h:1')
    expect(networkProblem({code: 'ETIMEDOUT'}, {target: 'h:1', timeoutMs: 90_000})).to.equal('timed out after 1m30s: no answer from h:1')
  })

  it('an unknown code keeps Node\'s words without the "syscall ECODE" prefix', () => {
    expect(networkProblem(err('EPROTO', {address: '127.0.0.1', port: 1, message: 'read EPROTO wrong version number'}))).to.equal('network error at 127.0.0.1:1: wrong version number')
    expect(networkProblem(new Error('something odd'), {target: 'h:1'})).to.equal('network error at h:1: something odd')
  })
})

describe('real sockets report the words', () => {
  const servers: Server[] = []
  after(async () => {
    for (const s of servers) {
      s.closeAllConnections()
      await new Promise((resolve) => s.close(resolve))
    }
  })

  it('the REST client: a closed port, a missing unix socket, a peer that never answers', async () => {
    const port = await freePort() // bound and closed again: nothing listens there
    const refused = await apiRequest({url: `http://127.0.0.1:${port}`, https: false, multiaddr: ''}, 'GET', '/id').catch((e: Error) => e)
    expect((refused as Error).message).to.equal(`nothing is listening at 127.0.0.1:${port} (connection refused)`)
    const socket = join(tempDir('icc-net-'), 'api-socket')
    const missing = await apiRequest({socketPath: socket, https: false, multiaddr: ''}, 'GET', '/id').catch((e: Error) => e)
    expect((missing as Error).message).to.equal(`nothing is listening at ${socket} (no such socket)`)
    const silent = createServer(() => {}) // accepts, never answers
    servers.push(silent)
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const slow = (silent.address() as AddressInfo).port
    const timedOut = await apiRequest({url: `http://127.0.0.1:${slow}`, https: false, multiaddr: ''}, 'GET', '/id', 300).catch((e: Error) => e)
    expect((timedOut as Error).message).to.equal(`timed out after 300ms: no answer from 127.0.0.1:${slow}`)
  })

  it('the secret probe and a follower\'s source: a closed port', async () => {
    const port = await freePort() // bound and closed again: nothing listens there
    const probe = await probeSecret([`/ip4/127.0.0.1/tcp/${port}/p2p/12D3KooWX`], 'ab'.repeat(32))
    expect(probe).to.deep.equal({result: 'unreachable', address: `/ip4/127.0.0.1/tcp/${port}/p2p/12D3KooWX`, error: `nothing is listening at 127.0.0.1:${port} (connection refused)`})
    const source = await fetchSource(`http://127.0.0.1:${port}/c.json`).catch((e: Error) => e)
    expect((source as Error).message).to.equal(`could not fetch configuration from source: http://127.0.0.1:${port}/c.json (nothing is listening at 127.0.0.1:${port} (connection refused))`)
  })
})
