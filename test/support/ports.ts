// Free local ports for daemons under test. A port is only free at the moment we check it, so we also
// never hand the same number out twice in one process (the OS may otherwise recycle it between calls).
import {createSocket} from 'node:dgram'
import {createServer} from 'node:net'

const issued = new Set<number>()

function tcpProbe(host: string, port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const srv = createServer()
    srv.unref()
    srv.once('error', () => resolve(undefined))
    srv.listen({host, port, exclusive: true}, () => {
      const addr = srv.address()
      const got = typeof addr === 'object' && addr ? addr.port : undefined
      srv.close(() => resolve(got))
    })
  })
}

function udpProbe(host: string, port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const sock = createSocket('udp4')
    sock.unref()
    sock.once('error', () => {
      sock.close()
      resolve(undefined)
    })
    sock.bind({address: host, port, exclusive: true}, () => {
      const got = sock.address().port
      sock.close(() => resolve(got))
    })
  })
}

/** A TCP port that was free on `host` (default 127.0.0.1) and not issued before by this process. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const port = await tcpProbe(host, 0)
    if (port !== undefined && !issued.has(port)) {
      issued.add(port)
      return port
    }
  }
  throw new Error('could not find a free TCP port')
}

/**
 * A port free for both TCP and UDP on `host`. The cluster swarm listens on /tcp/N and /udp/N/quic with the
 * same number, so both must be available.
 */
export async function freeTcpUdpPort(host = '127.0.0.1'): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const port = await tcpProbe(host, 0)
    if (port === undefined || issued.has(port)) continue
    if ((await udpProbe(host, port)) === port) {
      issued.add(port)
      return port
    }
  }
  throw new Error('could not find a port free for both TCP and UDP')
}

/** `n` distinct free ports (TCP only, or TCP+UDP with {udp: true}). */
export async function freePorts(n: number, opts: {udp?: boolean; host?: string} = {}): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < n; i++) out.push(opts.udp ? await freeTcpUdpPort(opts.host) : await freePort(opts.host))
  return out
}
