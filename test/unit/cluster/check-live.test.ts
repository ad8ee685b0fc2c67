// The live rules of `cluster check`, each alone: small local HTTP servers answer /id and /peers in the REST API's
// format (JSON, NDJSON), so every case (other versions, a wrong /id, a peer nobody configured, 401) can be made
// exactly. The e2e suite runs the same checks against real daemons.
import {expect} from 'chai'
import {type Server, createServer} from 'node:http'
import type {AddressInfo} from 'node:net'
import {join} from 'node:path'

import {type CheckResult, clusterCheck} from '../../../src/cluster/check.js'
import {createServiceConfig, setServiceConfig} from '../../../src/core/service-config.js'
import {ED2_ID, ED_ID, RSA_ID, tempDirs} from '../helpers.js'

interface Fake {
  id: string
  version?: string
  sees: string[]
  status?: number
}

const servers: Server[] = []
after(() => servers.forEach((s) => s.close()))

/** A REST API that answers GET /id and GET /peers as ipfs-cluster does. */
async function api(f: Fake): Promise<string> {
  const server = createServer((req, res) => {
    if (f.status) return res.writeHead(f.status).end()
    if (req.url === '/id') return res.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({id: f.id, peername: f.id.slice(-4), version: f.version ?? '1.1.6', addresses: []}))
    if (req.url === '/peers') return res.writeHead(200).end(f.sees.map((id) => JSON.stringify({id, peername: id.slice(-4), error: ''}) + '\n').join(''))
    res.writeHead(404).end()
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const rules = (r: CheckResult) => r.findings.map((f) => f.rule)
const A = ED_ID
const B = ED2_ID
const C = RSA_ID

describe('cluster check: live rules', () => {
  const tmp = tempDirs('icc-live-')

  it('three peers that all list each other: no finding, a full matrix', async () => {
    const urls = await Promise.all([A, B, C].map((id) => api({id, sees: [A, B, C]})))
    const r = await clusterCheck({apis: urls, env: {}})
    expect(r.findings).to.deep.equal([])
    expect(r.exitCode).to.equal(0)
    expect(r.matrix!.peers).to.deep.equal(urls)
    for (const u of urls) expect(Object.values(r.matrix!.sees[u])).to.deep.equal([true, true, true])
  })

  it('peers-not-seen: who misses whom, when no peer is isolated', async () => {
    const [a, b, c] = [await api({id: A, sees: [A, B]}), await api({id: B, sees: [A, B]}), await api({id: C, sees: [B, C]})]
    const r = await clusterCheck({apis: [a, b, c], env: {}})
    expect(rules(r)).to.deep.equal(['peers-not-seen', 'peers-not-seen', 'peers-not-seen'])
    expect(r.findings.map((f) => f.message)).to.deep.equal([
      `${a} does not list ${c} (${C}) in /peers`,
      `${b} does not list ${c} (${C}) in /peers`,
      `${c} does not list ${a} (${A}) in /peers`,
    ])
    expect(r.matrix!.sees[c]).to.deep.equal({[a]: false, [b]: true, [c]: true})
  })

  it('version-differs (a warning)', async () => {
    const r = await clusterCheck({apis: [await api({id: A, sees: [A, B]}), await api({id: B, sees: [A, B], version: '1.1.5'})], env: {}})
    expect(rules(r)).to.deep.equal(['version-differs'])
    expect(r.findings[0].message).to.match(/^live peers run different versions: 1\.1\.6 on http:\S+; 1\.1\.5 on http:\S+$/)
    expect(r.exitCode).to.equal(0)
  })

  it('unknown-live-peer: a peer lists an id none of the checked peers has (a warning)', async () => {
    const r = await clusterCheck({apis: [await api({id: A, sees: [A, B, C]}), await api({id: B, sees: [A, B, C]})], env: {}})
    expect(rules(r)).to.deep.equal(['unknown-live-peer', 'unknown-live-peer'])
    expect(r.findings[0].message).to.match(new RegExp(`lists a peer none of the checked peers is: ${C}$`))
  })

  it('api-unreachable: refused credentials (401) and a closed port; exit 6', async () => {
    const r = await clusterCheck({apis: [await api({id: A, sees: [A], status: 401})], env: {}})
    expect(rules(r)).to.deep.equal(['api-unreachable'])
    expect(r.findings[0].message).to.match(/: unauthorized: wrong or missing credentials/)
    expect(r.exitCode).to.equal(6)
    expect(r.matrix).to.equal(null)
    const closed = await api({id: A, sees: [A]})
    await new Promise((resolve) => servers.at(-1)!.close(resolve))
    const down = await clusterCheck({apis: [closed], env: {}})
    expect(down.findings.map((f) => f.message)).to.deep.equal([`--api ${closed}: unreachable: nothing is listening at ${closed.slice('http://'.length)} (connection refused)`])
    expect(down.exitCode).to.equal(6)
  })

  it('live-id-differs: a folder peer whose API answers with another id; an --api of a folder peer is the same peer', async () => {
    const dir = join(await tmp.make(), 'p')
    const made = await createServiceConfig({path: dir, consensus: 'crdt', datastore: 'pebble', peername: 'p', env: {}})
    const other = await api({id: A, sees: [A]})
    const port = new URL(other).port
    await setServiceConfig({path: dir, pairs: [['api.restapi.http_listen_multiaddress', `/ip4/127.0.0.1/tcp/${port}`]]})
    const r = await clusterCheck({paths: [dir], apis: [other], env: {}})
    expect(rules(r)).to.deep.equal(['live-id-differs'])
    expect(r.findings[0].message).to.equal(`${dir} answers on ${other} as ${A}, but its identity.json is ${made.peerId} (CLUSTER_ID/CLUSTER_PRIVATEKEY at start, or another folder's daemon)`)
    expect(r.peers.map((p) => [p.name, p.reachable, p.liveId])).to.deep.equal([[dir, true, A]])
  })
})
