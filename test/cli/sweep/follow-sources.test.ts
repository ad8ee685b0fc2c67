// Followers' sources (http(s) URLs and DNSLink names only), a source's error page on one line, and export-follow
// writing only into a folder that exists.
import {expect} from 'chai'
import {existsSync} from 'node:fs'
import {createServer} from 'node:http'
import {join} from 'node:path'

import {jsonOut, runCli} from '../../support/cli.js'
import {SECRET, tempDir} from '../helpers.js'

describe('follow sources and export-follow output', () => {
  it('only http(s) URLs and DNSLink names are sources: ftp://, x/y, a bare scheme are usage errors, nothing written', async () => {
    const base = tempDir()
    for (const source of ['ftp://x/y', 'x/y', 'file:///etc/passwd', 'http://', 'has space.org']) {
      const r = await runCli(['follow', 'config', 'create', 'f', '--path', base, '--source', source])
      expect(r.code, source).to.equal(2)
      expect(r.stderr.split('\n')[0]).to.equal(`Error: --source "${source}" is neither an http(s) URL nor a DNSLink name (such as cluster.example.org)`)
    }
    expect(existsSync(join(base, 'f'))).to.equal(false)
    const ok = await runCli(['follow', 'config', 'create', 'f', '--path', base, '--source', 'k51qzi5uqu5dl.example-1.org', '--json'])
    expect(jsonOut(ok).source).to.equal('http://127.0.0.1:8080/ipns/k51qzi5uqu5dl.example-1.org')
  })

  it("a 404 from the source is one line: status, URL and the page's first text, cut short", async () => {
    const page = `<!DOCTYPE html><html><head><style>body{color:red}</style><title>404 Not Found</title></head><body><h1>Not Found</h1>${'<p>lorem ipsum</p>'.repeat(200)}</body></html>`
    const server = createServer((_req, res) => res.writeHead(404, {'content-type': 'text/html'}).end(page))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(server.address() as {port: number}).port}/missing.json`
      const base = tempDir()
      expect((await runCli(['follow', 'config', 'create', 'f', '--path', base, '--source', url])).code).to.equal(0)
      const r = await runCli(['follow', 'config', 'get', 'f', '--path', base, '--resolve'])
      expect(r.code).to.equal(6)
      expect(r.stderr).to.equal(`Error: unsuccessful request (404) for source ${url}: 404 Not Found\n`)
      const v = await runCli(['follow', 'config', 'validate', 'f', '--path', base])
      expect(v.stderr).to.not.contain('<').and.not.contain('lorem')
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })

  it('export-follow --output into a missing folder is a usage error and creates no folder', async () => {
    const root = tempDir()
    const dir = join(root, 'leader')
    expect((await runCli(['service', 'config', 'create', '--path', dir, '--secret', SECRET])).code).to.equal(0)
    const missing = join(root, 'nonexistent', 'dir')
    const r = await runCli(['service', 'config', 'export-follow', '--path', dir, '--output', join(missing, 'f.json')])
    expect(r.code).to.equal(2)
    expect(r.stderr.split('\n')[0]).to.equal(`Error: --output: ${missing} does not exist; the output file's folder must exist`)
    expect(existsSync(join(root, 'nonexistent'))).to.equal(false)
    const file = await runCli(['service', 'config', 'export-follow', '--path', dir, '--output', join(dir, 'service.json', 'f.json')])
    expect(file.code).to.equal(2)
    expect(file.stderr).to.contain('is not a folder')
    const ok = await runCli(['service', 'config', 'export-follow', '--path', dir, '--output', join(root, 'f.json')])
    expect(ok.code, ok.stderr).to.equal(0)
    expect(existsSync(join(root, 'f.json'))).to.equal(true)
  })
})
