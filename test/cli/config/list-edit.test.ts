// set --add / --remove (one element of a list key), set --value-file, and get --raw: the built CLI,
// service and follow peers alike, through the same typed parsing, validation, lock and atomic write as set.
import {expect} from 'chai'
import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {jsonOut, runCli} from '../../support/cli.js'
import {ID, SECRET, readJson, snapshot, tempDir} from '../helpers.js'

const OTHER = '12D3KooWR2qio5joR8y6DRQfpbv4FKvNEYPuEpEupWqYTa2Pehm8'
const ADDR = `/dns4/peer1.example/tcp/9096/p2p/${OTHER}`
const SECRET2 = 'ab'.repeat(32)

describe('config set --add / --remove / --value-file, get --raw (CLI)', () => {
  let tmp: string
  let dir: string
  beforeEach(async () => {
    tmp = await tempDir()
    dir = join(tmp, 'peer')
    expect((await runCli(['service', 'config', 'create', '--path', dir, '--peername', 'p0', '--secret', SECRET])).code).to.equal(0)
  })
  const set = (...args: string[]) => runCli(['service', 'config', 'set', '--path', dir, ...args])

  it('--add appends one element; adding it again is a no-op that says so and writes nothing', async () => {
    const added = await set('--add', 'cluster.peer_addresses', ADDR)
    expect(added.code, added.stderr).to.equal(0)
    expect(added.stdout).to.equal(`cluster.peer_addresses: [] -> ["${ADDR}"]\n`)
    expect((await readJson(join(dir, 'service.json'))).cluster.peer_addresses).to.deep.equal([ADDR])
    const before = await snapshot(dir)
    const again = await set('--add', 'cluster.peer_addresses', ADDR)
    expect(again.code, again.stderr).to.equal(0)
    expect(again.stdout).to.equal(`cluster.peer_addresses: "${ADDR}" is already there (not added again)\n`)
    expect(again.stderr).to.contain(`unchanged: ${join(dir, 'service.json')} already had these values`)
    expect(await snapshot(dir)).to.deep.equal(before)
  })

  it('--remove takes one element out; removing one not there is a no-op that says so', async () => {
    expect((await set('cluster.listen_multiaddress', '/ip4/0.0.0.0/tcp/9096,/ip4/0.0.0.0/udp/9096/quic')).code).to.equal(0)
    const removed = await set('--remove', 'cluster.listen_multiaddress', '/ip4/0.0.0.0/udp/9096/quic')
    expect(removed.code, removed.stderr).to.equal(0)
    expect(removed.stdout).to.equal('cluster.listen_multiaddress: ["/ip4/0.0.0.0/tcp/9096","/ip4/0.0.0.0/udp/9096/quic"] -> ["/ip4/0.0.0.0/tcp/9096"]\n')
    // A lone address is written as a string, as the Go daemon writes it.
    expect((await readJson(join(dir, 'service.json'))).cluster.listen_multiaddress).to.equal('/ip4/0.0.0.0/tcp/9096')
    const before = await snapshot(dir)
    const none = await set('--remove', 'cluster.listen_multiaddress', '/ip4/0.0.0.0/udp/9096/quic', '--json')
    expect(none.code, none.stderr).to.equal(0)
    const out = jsonOut(none)
    expect(out).to.include({written: false, mode: 'remove'})
    expect(out.changes[0]).to.deep.include({key: 'cluster.listen_multiaddress', changed: false, noop: ['/ip4/0.0.0.0/udp/9096/quic']})
    expect(await snapshot(dir)).to.deep.equal(before)
    const text = await set('--remove', 'cluster.listen_multiaddress', '/ip4/0.0.0.0/udp/9096/quic')
    expect(text.stdout).to.equal('cluster.listen_multiaddress: "/ip4/0.0.0.0/udp/9096/quic" is not there (nothing removed)\n')
  })

  it('trusted_peers: a peer added to "*" is covered; several elements at once; one of them already there', async () => {
    const covered = await set('--add', 'consensus.crdt.trusted_peers', ID)
    expect(covered.code, covered.stderr).to.equal(0)
    expect(covered.stdout).to.equal(`consensus.crdt.trusted_peers: "${ID}" is covered by "*" (every peer is trusted; nothing added)\n`)
    expect((await set('consensus.crdt.trusted_peers', ID)).code).to.equal(0)
    const two = await set('--add', 'consensus.crdt.trusted_peers', `${ID},${OTHER}`)
    expect(two.code, two.stderr).to.equal(0)
    expect(two.stdout).to.equal(`consensus.crdt.trusted_peers: "${ID}" is already there (not added again)\nconsensus.crdt.trusted_peers: ["${ID}"] -> ["${ID}","${OTHER}"]\n`)
    expect((await readJson(join(dir, 'service.json'))).consensus.crdt.trusted_peers).to.deep.equal([ID, OTHER])
  })

  it('refuses a key that is not a list, --add with --remove, and an invalid element; files unchanged', async () => {
    const before = await snapshot(dir)
    const notList = await set('--add', 'cluster.peername', 'x')
    expect(notList.code).to.equal(2)
    expect(notList.stderr).to.equal(
      'Error: cluster.peername is not a list: --add changes one element of a list key (such as consensus.crdt.trusted_peers); set KEY VALUE replaces a value\n',
    )
    const both = await set('--add', '--remove', 'cluster.peer_addresses', ADDR, '--json')
    expect(both.code).to.equal(2)
    expect(jsonOut(both).error).to.include({exit: 2, message: '--add and --remove cannot be used together: run set once for each'})
    const bad = await set('--add', 'cluster.peer_addresses', '/ip4/nope')
    expect(bad.code).to.equal(4)
    expect(bad.stderr).to.contain('nothing written').and.to.contain('cluster.peer_addresses.0 is not a valid multiaddress')
    const unknown = await set('--add', 'cluster.peer_adresses', ADDR)
    expect(unknown.code).to.equal(8)
    expect(unknown.stderr).to.contain('did you mean cluster.peer_addresses?')
    expect(await snapshot(dir)).to.deep.equal(before)
  })

  it('--dry-run shows the list edit and writes nothing', async () => {
    const before = await snapshot(dir)
    const dry = await set('--add', 'cluster.peer_addresses', ADDR, '--dry-run', '--json')
    expect(dry.code, dry.stderr).to.equal(0)
    expect(jsonOut(dry)).to.deep.include({written: false, mode: 'add'})
    expect(jsonOut(dry).changes[0]).to.deep.include({before: [], after: [ADDR], changed: true, noop: []})
    expect(await snapshot(dir)).to.deep.equal(before)
  })

  it('a follower in template mode takes list edits the same way; a source-mode follower refuses them', async () => {
    const base = join(tmp, 'followers')
    const leader = `/ip4/10.0.0.1/tcp/9096/p2p/${ID}`
    expect((await runCli(['follow', 'config', 'create', 'led', '--path', base, '--leader', leader], {env: {CLUSTER_SECRET: SECRET}})).code).to.equal(0)
    const added = await runCli(['follow', 'config', 'set', 'led', '--add', 'consensus.crdt.trusted_peers', OTHER, '--path', base])
    expect(added.code, added.stderr).to.equal(0)
    expect(added.stdout).to.equal(`consensus.crdt.trusted_peers: ["${ID}"] -> ["${ID}","${OTHER}"]\n`)
    expect((await readJson(join(base, 'led', 'service.json'))).consensus.crdt.trusted_peers).to.deep.equal([ID, OTHER])
    const again = await runCli(['follow', 'config', 'set', 'led', '--add', 'consensus.crdt.trusted_peers', OTHER, '--path', base])
    expect(again.stdout).to.equal(`consensus.crdt.trusted_peers: "${OTHER}" is already there (not added again)\n`)
    expect((await runCli(['follow', 'config', 'create', 'src', '--path', base, '--source', 'https://example.org/f.json'])).code).to.equal(0)
    const src = await runCli(['follow', 'config', 'set', 'src', '--add', 'consensus.crdt.trusted_peers', OTHER, '--path', base])
    expect(src.code).to.equal(4)
    expect(src.stderr).to.contain('the source decides')
  })

  it('--value-file: a secret and a JSON map from files, never echoed; a missing or empty file is exit 2, nothing written', async () => {
    await writeFile(join(tmp, 'secret'), SECRET2.toUpperCase() + '\n')
    await writeFile(join(tmp, 'users.json'), '{"admin": "s3cret", "bob": "pw2"}\n')
    const r = await set('--value-file', 'cluster.secret', join(tmp, 'secret'), 'api.restapi.basic_auth_credentials', join(tmp, 'users.json'))
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout + r.stderr).not.to.contain(SECRET2).and.not.to.contain('s3cret')
    const svc = await readJson(join(dir, 'service.json'))
    expect(svc.cluster.secret).to.equal(SECRET2) // hex, written lower-case as the daemon does
    expect(svc.api.restapi.basic_auth_credentials).to.deep.equal({admin: 's3cret', bob: 'pw2'})
    const before = await snapshot(dir)
    const missing = await set('--value-file', 'cluster.peername', join(tmp, 'nothing'))
    expect(missing.code).to.equal(2)
    expect(missing.stderr).to.equal(`Error: --value-file: cannot read ${join(tmp, 'nothing')} (the value of cluster.peername): no such file\n`)
    await writeFile(join(tmp, 'empty'), '')
    const empty = await set('--value-file', 'cluster.peername', join(tmp, 'empty'), '--json')
    expect(empty.code).to.equal(2)
    expect(jsonOut(empty).error.message).to.equal(`--value-file: ${join(tmp, 'empty')} (the value of cluster.peername) is empty; to set an empty value, pass '' without --value-file`)
    expect(await snapshot(dir)).to.deep.equal(before)
    // "-" is still stdin, and --value-file works with --add.
    await writeFile(join(tmp, 'addr'), ADDR + '\n')
    const fromFile = await set('--value-file', '--add', 'cluster.peer_addresses', join(tmp, 'addr'))
    expect(fromFile.code, fromFile.stderr).to.equal(0)
    const fromStdin = await runCli(['service', 'config', 'set', '--path', dir, '--value-file', 'cluster.peername', '-'], {input: 'p9\n'})
    expect(fromStdin.code, fromStdin.stderr).to.equal(0)
    expect((await readJson(join(dir, 'service.json'))).cluster).to.deep.include({peername: 'p9', peer_addresses: [ADDR]})
  })

  it('get --raw prints the value alone as JSON; --json wraps it (.value); the two together are exit 2', async () => {
    const get = (...args: string[]) => runCli(['service', 'config', 'get', '--path', dir, ...args])
    const str = await get('cluster.peername', '--raw')
    expect(str.code, str.stderr).to.equal(0)
    expect(str.stdout).to.equal('"p0"\n')
    expect((await get('cluster.peername')).stdout).to.equal('p0\n')
    const num = await get('cluster.replication_factor_min', '--raw')
    expect(num.stdout).to.equal('-1\n')
    const list = await get('consensus.crdt.trusted_peers', '--raw')
    expect(list.stdout).to.equal('[\n  "*"\n]\n')
    const wrapped = await get('consensus.crdt.trusted_peers', '--json')
    expect(jsonOut(wrapped).value).to.deep.equal(JSON.parse(list.stdout))
    // A section: its secret redacted, the note on stderr, stdout still one JSON value.
    const section = await get('cluster', '--raw')
    expect(section.code).to.equal(0)
    expect(JSON.parse(section.stdout).secret).to.match(/^<redacted/)
    expect(section.stdout).not.to.contain(SECRET)
    expect(section.stderr).to.contain('redacted: cluster.secret')
    const secret = await get('cluster.secret', '--raw')
    expect(secret.code).to.equal(2)
    expect(secret.stdout).to.equal('')
    expect((await get('cluster.secret', '--raw', '--show-secrets')).stdout).to.equal(`"${SECRET}"\n`)
    const both = await get('cluster.peername', '--raw', '--json')
    expect(both.code).to.equal(2)
    expect(jsonOut(both).error.message).to.equal('--raw and --json cannot be used together: --raw prints the value alone, --json the result document')
    const base = join(tmp, 'followers')
    expect((await runCli(['follow', 'config', 'create', 'f', '--path', base, '--source', 'https://example.org/f.json'])).code).to.equal(0)
    expect((await runCli(['follow', 'config', 'get', 'f', 'source', '--raw', '--path', base])).stdout).to.equal('"https://example.org/f.json"\n')
  })
})
