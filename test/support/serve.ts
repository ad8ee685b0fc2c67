// `ipfs-cluster-config serve` as its clients see it: the built CLI in a subprocess on a free loopback port
// (--listen 127.0.0.1:0, the URL read from its --json line), spoken to over raw HTTP (so a test can send any Host
// header, or none) and the `ws` client. Registered with the process registry, so a failing test never leaks one.
import {expect} from 'chai'
import {request} from 'node:http'
import {connect} from 'node:net'
import {setTimeout as sleep} from 'node:timers/promises'
import WebSocket from 'ws'

import {cleanEnv, cliBin, repoRoot} from './cli.js'
import {type ManagedProcess, spawnManaged} from './process.js'

export interface Served {
  proc: ManagedProcess
  url: string
  /** http://127.0.0.1:PORT */
  base: string
  port: number
  token: string
  /** A request with the Bearer token (unless headers say otherwise) and a JSON body when given. */
  req(method: string, path: string, o?: {body?: unknown; raw?: string; headers?: Record<string, string>}): Promise<HttpAnswer>
  /** POST /api/mcp/<tool> with the token. */
  call(tool: string, args: Record<string, unknown>): Promise<HttpAnswer>
  /** A WebSocket to /ws, authorised by the Bearer token, with every event it receives. */
  ws(headers?: Record<string, string>): Promise<LiveSocket>
}

export interface HttpAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  json: any
}

export interface LiveSocket {
  socket: WebSocket
  events: any[]
  /** Resolves with the first event (already received or coming) that matches, within timeoutMs. */
  next(match: (e: any) => boolean, timeoutMs?: number): Promise<any>
  close(): void
}

/** Starts serve with `args` (listen and --json are added) and HOME at `home`. */
export async function startServe(home: string, args: string[], env: Record<string, string | undefined> = {}): Promise<Served> {
  const proc = spawnManaged(process.execPath, [cliBin, 'serve', '--listen', '127.0.0.1:0', '--json', ...args], {env: cleanEnv({HOME: home, ...env}), keepAcrossTests: true})
  const deadline = Date.now() + 20_000
  let doc: {url: string; listen: string} | undefined
  while (!doc) {
    const m = /^\{[\s\S]*?\n\}/m.exec(proc.log())
    if (m) doc = JSON.parse(m[0])
    else if (proc.exitStatus() || Date.now() > deadline) throw new Error(`serve did not start:\n${proc.log()}`)
    else await sleep(50)
  }
  const u = new URL(doc.url)
  const token = u.searchParams.get('token')!
  const port = Number(u.port)
  const base = `http://127.0.0.1:${port}`
  const served: Served = {
    proc,
    url: doc.url,
    base,
    port,
    token,
    req: (method, path, o = {}) => {
      const body = o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body))
      const headers = {Authorization: `Bearer ${token}`, ...(body === undefined ? {} : {'Content-Type': 'application/json'}), ...o.headers}
      return httpRequest(port, method, path, headers, body)
    },
    call: (tool, a) => served.req('POST', `/api/mcp/${tool}`, {body: a}),
    ws: (headers = {}) => openSocket(`ws://127.0.0.1:${port}/ws`, {Authorization: `Bearer ${token}`, ...headers}),
  }
  return served
}

export function httpRequest(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const r = request({host: '127.0.0.1', port, method, path, headers, setHost: !('Host' in headers)}, (res) => {
      let text = ''
      res.setEncoding('utf8').on('data', (d) => (text += d))
      res.on('end', () => {
        let json: unknown
        try {
          json = JSON.parse(text)
        } catch {
          json = undefined
        }
        resolve({status: res.statusCode!, headers: res.headers, text, json})
      })
    })
    r.on('error', reject)
    r.end(body)
  })
}

/** A request written byte for byte (to send no Host at all); answers the status code. */
export function rawStatus(port: number, head: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.write(head))
    let got = ''
    s.setEncoding('utf8').on('data', (d) => {
      got += d
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got)
      if (m) {
        s.destroy()
        resolve(Number(m[1]))
      }
    })
    s.on('error', reject)
    s.on('close', () => !/^HTTP/.test(got) && reject(new Error(`no answer: ${JSON.stringify(got)}`)))
  })
}

export function openSocket(url: string, headers: Record<string, string>): Promise<LiveSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, {headers})
    const events: any[] = []
    const waiters = new Set<{match: (e: any) => boolean; resolve: (e: any) => void}>()
    socket.on('message', (data) => {
      const e = JSON.parse(String(data))
      events.push(e)
      for (const w of waiters) if (w.match(e)) {
        waiters.delete(w)
        w.resolve(e)
      }
    })
    socket.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), {status: res.statusCode})))
    socket.once('error', reject)
    socket.once('open', () =>
      resolve({
        socket,
        events,
        next(match, timeoutMs = 10_000) {
          const seen = events.find(match)
          if (seen) return Promise.resolve(seen)
          return new Promise((res, rej) => {
            const w = {match, resolve: res}
            waiters.add(w)
            setTimeout(() => {
              if (!waiters.delete(w)) return
              rej(new Error(`no matching event within ${timeoutMs} ms; got: ${JSON.stringify(events.map((x) => x.type))}`))
            }, timeoutMs)
          })
        },
        close: () => socket.terminate(),
      }),
    )
  })
}

/** The error document every failure answers. */
export function expectError(r: HttpAnswer, status: number, exit?: number): void {
  expect(r.status, r.text).to.equal(status)
  expect(r.json?.error, r.text).to.be.an('object')
  expect(r.json.error.message).to.be.a('string').and.not.empty
  if (exit !== undefined) expect(r.json.error.exit, r.text).to.equal(exit)
}

export {repoRoot}
