import {expect} from 'chai'
import {type Server, createServer} from 'node:http'
import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {defaultServiceConfig} from '../../../src/core/defaults.js'
import {ExitCode} from '../../../src/core/errors.js'
import {createServiceConfig, serializeService, validateServiceFolder} from '../../../src/core/service-config.js'
import {fetchSource} from '../../../src/core/source.js'
import {freeTcpPort} from '../../../src/core/ports.js'
import {DEFAULT_SECRET, expectUserError, tempDirs} from '../helpers.js'

type Obj = Record<string, any>

describe('core/source (remote service.json)', () => {
  const tmp = tempDirs()
  const good = defaultServiceConfig({consensus: 'crdt', datastore: 'pebble', secret: DEFAULT_SECRET, peername: 'remote'}) as Obj
  const bad = structuredClone(good)
  bad.cluster.replication_factor_min = 5
  const routes: Record<string, [number, string]> = {
    '/good.json': [200, serializeService(good)],
    '/bad.json': [200, serializeService(bad)],
    '/missing': [404, 'not found here'],
    '/broken.json': [200, '{"cluster": '],
    '/array.json': [200, '[]'],
    '/loop.json': [200, '{"source": "http://127.0.0.1:1/x"}'],
  }
  let server: Server
  let base: string

  before(async () => {
    server = createServer((req, res) => {
      const [status, body] = routes[req.url ?? ''] ?? [500, 'no route']
      res.writeHead(status, {'content-type': 'application/json'})
      res.end(body)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as {port: number}).port}`
  })
  after(async () => {
    await new Promise((resolve) => server.close(resolve))
  })

  it('fetches and parses the remote configuration', async () => {
    expect(await fetchSource(`${base}/good.json`)).to.deep.equal(JSON.parse(serializeService(good)))
  })
  it('an HTTP error status is exit 6 with the status code', async () => {
    const e = await expectUserError(() => fetchSource(`${base}/missing`), ExitCode.unreachable)
    expect(e.message).to.contain('unsuccessful request (404)')
  })
  it('an unreachable URL is exit 6 "could not fetch configuration from source"', async () => {
    const port = await freeTcpPort()
    const e = await expectUserError(() => fetchSource(`http://127.0.0.1:${port}/x`), ExitCode.unreachable)
    expect(e.message).to.contain('could not fetch configuration from source')
  })
  it('a body that is not a JSON object is exit 4', async () => {
    await expectUserError(() => fetchSource(`${base}/broken.json`), ExitCode.invalid)
    await expectUserError(() => fetchSource(`${base}/array.json`), ExitCode.invalid)
  })
  it('a source pointing to another source is exit 4', async () => {
    const e = await expectUserError(() => fetchSource(`${base}/loop.json`), ExitCode.invalid)
    expect(e.message).to.contain('cannot point to another source')
  })

  describe('validateServiceFolder with a source', () => {
    const folderWithSource = async (url: string) => {
      const dir = join(await tmp.make(), 'peer')
      await createServiceConfig({path: dir, consensus: 'crdt', datastore: 'pebble', env: {CLUSTER_SECRET: DEFAULT_SECRET}})
      await writeFile(join(dir, 'service.json'), `{\n  "source": "${url}"\n}`)
      return dir
    }
    it('is valid when the fetched configuration is', async () => {
      const r = await validateServiceFolder({path: await folderWithSource(`${base}/good.json`)})
      expect(r.errors).to.deep.equal([])
      expect(r.valid).to.equal(true)
    })
    it('reports the fetched configuration’s errors under the URL', async () => {
      const r = await validateServiceFolder({path: await folderWithSource(`${base}/bad.json`)})
      expect(r.valid).to.equal(false)
      expect(r.errors.some((p) => p.file === `${base}/bad.json` && p.key === 'cluster.replication_factor_min')).to.equal(true)
    })
    it('reports an unreachable source at the key "source"', async () => {
      const r = await validateServiceFolder({path: await folderWithSource(`${base}/missing`)})
      expect(r.valid).to.equal(false)
      expect(r.errors.map((p) => p.key)).to.deep.equal(['source'])
    })
  })
})
