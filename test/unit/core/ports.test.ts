import {expect} from 'chai'
import {createServer} from 'node:net'

import {freeTcpPort, freeUdpPort, randomizePorts} from '../../../src/core/ports.js'

describe('core/ports', () => {
  it('freeTcpPort returns a port that can be bound', async () => {
    const port = await freeTcpPort()
    expect(port).to.be.within(1024, 65535)
    const server = createServer()
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', resolve)
    })
    await new Promise((resolve) => server.close(resolve))
  })
  it('freeUdpPort returns a port', async () => {
    expect(await freeUdpPort()).to.be.within(1024, 65535)
  })
  it('randomizePorts replaces every tcp/udp port and keeps the rest of the address', async () => {
    const taken = new Set<string>()
    const a = await randomizePorts('/ip4/127.0.0.1/udp/9096/quic', taken)
    expect(a).to.match(/^\/ip4\/127\.0\.0\.1\/udp\/\d+\/quic$/)
    expect(a).to.not.equal('/ip4/127.0.0.1/udp/9096/quic')
    const b = await randomizePorts('/ip4/127.0.0.1/tcp/9094', taken)
    expect(b).to.match(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+$/)
    expect(taken.size).to.equal(2)
    expect(await randomizePorts('/unix/run/x.sock', taken)).to.equal('/unix/run/x.sock')
  })
})
