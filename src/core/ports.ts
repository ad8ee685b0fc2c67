// Free ports, as `ipfs-cluster-service init --randomports` picks them: bind port 0 on the address's
// IP and keep what the OS chose. TCP and UDP are chosen independently, like upstream.
// node:dgram and node:net are loaded when a port is wanted: `create` bundles this module, and loading
// them at every start cost a millisecond of it.
const dgram = (): typeof import('node:dgram') => process.getBuiltinModule('node:dgram')
const net = (): typeof import('node:net') => process.getBuiltinModule('node:net')

export function freeTcpPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net().createServer()
    server.once('error', reject)
    server.listen(0, host, () => {
      const {port} = server.address() as {port: number}
      server.close(() => resolve(port))
    })
  })
}

export function freeUdpPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = dgram().createSocket(host.includes(':') ? 'udp6' : 'udp4')
    socket.once('error', reject)
    socket.bind(0, host, () => {
      const {port} = socket.address()
      socket.close(() => resolve(port))
    })
  })
}

/**
 * Replaces every /tcp/N and /udp/N of a multiaddress with a free port on its IP. `taken` holds
 * ports already handed out in this run, so two addresses never get the same one.
 */
export async function randomizePorts(addr: string, taken = new Set<string>()): Promise<string> {
  const ip = /^\/ip[46]\/([^/]+)/.exec(addr)?.[1] ?? '127.0.0.1'
  const parts = addr.split('/')
  for (let i = 1; i < parts.length - 1; i++) {
    const proto = parts[i]
    if (proto !== 'tcp' && proto !== 'udp') continue
    let port: number
    do port = proto === 'tcp' ? await freeTcpPort(ip) : await freeUdpPort(ip)
    while (taken.has(`${proto}/${port}`))
    taken.add(`${proto}/${port}`)
    parts[i + 1] = String(port)
    i++
  }
  return parts.join('/')
}
