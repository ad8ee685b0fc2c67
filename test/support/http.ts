// A throw-away HTTP server on 127.0.0.1 serving one body, for source-mode followers.
import {createServer, type Server} from 'node:http'

export async function serveJson(body: string, status = 200): Promise<{url: string; close: () => Promise<void>; hits: () => number}> {
  let hits = 0
  const server: Server = createServer((_req, res) => {
    hits++
    res.writeHead(status, {'content-type': 'application/json'})
    res.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as {port: number}
  after(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return {
    url: `http://127.0.0.1:${port}/service.json`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    hits: () => hits,
  }
}
