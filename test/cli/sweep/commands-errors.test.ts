// Errors a user and a script hit: unknown commands, usage errors, conflicting flags and bad values of status,
// connect and identity; connect checking everything before its first write; wording.
import {expect} from 'chai'
import {writeFile} from 'node:fs/promises'
import {createServer} from 'node:http'
import {join} from 'node:path'

import {jsonOut, runCli} from '../../support/cli.js'
import {ID, SECRET, readJson, snapshot, tempDir} from '../helpers.js'

const LEADER = `/ip4/127.0.0.1/tcp/9096/p2p/${ID}`

describe('unknown commands and usage errors', () => {
  it('an unknown command: named as typed, the nearest command, a --help pointer, exit 2; JSON document under --json', async () => {
    for (const [args, message, help] of [
      [['service', 'config', 'gett', 'cluster.peername'], 'unknown command "service config gett"; did you mean "service config get"?', 'ipfs-cluster-config service config get --help'],
      [['stauts'], 'unknown command "stauts"; did you mean "status"?', 'ipfs-cluster-config status --help'],
      [['service', 'config', 'nosuch'], 'unknown command "service config nosuch"', 'ipfs-cluster-config service config --help'],
    ] as const) {
      const r = await runCli([...args])
      expect(r.code, args.join(' ')).to.equal(2)
      expect(r.stderr).to.equal(`Error: ${message}\n  try: ${help}\n`)
      const j = await runCli([...args, '--json'])
      expect(j.code).to.equal(2)
      expect(jsonOut(j)).to.deep.equal({error: {name: 'UserError', message, exit: 2, nextSteps: [help], details: null}})
    }
  })

  it('an argument error is one line and a --help pointer, not the whole help', async () => {
    const r = await runCli(['service', 'config', 'set', '--path', tempDir()])
    expect(r.code).to.equal(2)
    expect(r.stderr).to.equal('Error: Missing 2 required args: key (dotted key); value (value ("-" reads stdin))\n  try: ipfs-cluster-config service config set --help\n')
    const flag = await runCli(['status', '--bogus'])
    expect(flag.stderr).to.equal('Error: Nonexistent flag: --bogus\n  try: ipfs-cluster-config status --help\n')
  })
})

describe('bad values and conflicting flags of status, connect, identity', () => {
  let dir: string
  before(async () => {
    dir = join(tempDir(), 'p')
    expect((await runCli(['service', 'config', 'create', '--path', dir, '--random-ports', '--secret', SECRET])).code).to.equal(0)
  })

  it('status --timeout -5s and --basic-auth without a colon are usage errors', async () => {
    for (const [args, message] of [
      [['--timeout', '-5s'], 'Error: --timeout: "-5s" is negative; give a positive duration (examples: 30s, 2m)'],
      [['--timeout=-5s', '--wait'], 'Error: --timeout: "-5s" is negative'],
      [['--timeout', 'soon'], 'Error: --timeout: "soon" is not a duration'],
      [['--basic-auth', 'nocolon'], 'Error: --basic-auth (or CLUSTER_CREDENTIALS) must be user:password'],
    ] as const) {
      const r = await runCli(['status', '--path', dir, ...args])
      expect(r.code, args.join(' ')).to.equal(2)
      expect(r.stderr.split('\n')[0]).to.contain(message)
    }
    const env = await runCli(['status', '--path', dir], {env: {CLUSTER_CREDENTIALS: 'nocolon'}})
    expect(env.code).to.equal(2)
  })

  it('identity create --format env --json is a usage error naming both', async () => {
    const r = await runCli(['identity', 'create', '--format', 'env', '--json'])
    expect(r.code).to.equal(2)
    expect(jsonOut(r).error.message).to.equal('--format env and --json cannot be used together: --json prints the JSON result document')
    expect(jsonOut(await runCli(['identity', 'create', '--json'])).id).to.match(/^12D3KooW/)
  })

  it('connect: LEADER with --api, the peer itself as leader, a missing binary with --start: refused before any write', async () => {
    const before = await snapshot(dir)
    const own = (await readJson(join(dir, 'identity.json'))).id
    // LEADER and --api together name one leader twice; an API that is another peer is a usage error naming both.
    const other = '12D3KooWSjYqjZCS7LG7hotbscnmMZqnBmgAYXVAggFG4gjmiuR6'
    const api = createServer((_req, res) => res.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({id: other, addresses: []})))
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(api.address() as {port: number}).port}`
      const both = await runCli(['connect', LEADER, '--api', url, '--path', dir])
      expect(both.code).to.equal(2)
      expect(both.stderr.split('\n')[0]).to.equal(`Error: LEADER and --api name different peers: LEADER is ${ID}, the API at ${url} is ${other}`)
    } finally {
      await new Promise<void>((resolve) => api.close(() => resolve()))
    }
    const self = await runCli(['connect', `/ip4/127.0.0.1/tcp/9096/p2p/${own}`, '--path', dir])
    expect(self.code).to.equal(2)
    expect(self.stderr.split('\n')[0]).to.equal(`Error: the leader ${own} is this peer itself (${dir}): give another peer of the cluster`)
    const start = await runCli(['connect', LEADER, '--path', dir, '--start', '--timeout', '5s'], {env: {PATH: '/nonexistent', IPFS_CLUSTER_CONFIG_BIN_DIR: tempDir()}})
    expect(start.code).to.equal(6)
    expect(start.stderr).to.contain('Error: ipfs-cluster-service is not installed, so it cannot be started')
    expect(await snapshot(dir)).to.deep.equal(before)
    expect((await readJson(join(dir, 'service.json'))).cluster.peer_addresses).to.deep.equal([])
  })

  it('a peer address with a bad peer id: connect LEADER, create --peers and follow create --leader say what is wrong with it, exit 2, nothing written', async () => {
    const bad = '/ip4/127.0.0.1/tcp/9096/p2p/12D3KooWBogus'
    const reason = 'is not a full multiaddress ending in /p2p/<peer id>: p2p: invalid value "12D3KooWBogus"'
    const before = await snapshot(dir)
    const connect = await runCli(['connect', bad, '--path', dir])
    expect([connect.code, connect.stderr.split('\n')[0]]).to.deep.equal([2, `Error: LEADER "${bad}" ${reason}`])
    expect(await snapshot(dir)).to.deep.equal(before)
    const fresh = tempDir()
    const create = await runCli(['service', 'config', 'create', '--path', join(fresh, 'peer'), '--peers', bad])
    expect([create.code, create.stderr.split('\n')[0]]).to.deep.equal([2, `Error: --peers "${bad}" ${reason}`])
    const follow = await runCli(['follow', 'config', 'create', 'f1', '--path', join(fresh, 'followers'), '--leader', bad, '--secret', SECRET])
    expect([follow.code, follow.stderr.split('\n')[0]]).to.deep.equal([2, `Error: --leader "${bad}" ${reason}`])
    expect(await snapshot(fresh)).to.deep.equal({})
  })

  it('status labels line up and say "not configured" once; a bad secret is worded for people', async () => {
    const none = await runCli(['status', '--path', join(dir, 'none')])
    expect(none.stdout).to.equal(`peer:     ${join(dir, 'none')}\nstatus:   not configured: no ${join(dir, 'none', 'service.json')}\n`)
    const down = await runCli(['status', '--path', dir])
    const labels = down.stdout.trimEnd().split('\n').map((l) => /^(\S+:\s+)/.exec(l)?.[1].length)
    expect(new Set(labels)).to.deep.equal(new Set([10]))
    // The network failure in words, naming the address once (the api line gives the URL).
    expect(down.stdout).to.match(/^status:   down \(nothing is listening at 127\.0\.0\.1:(\d+) \(connection refused\)\)\napi:      http:\/\/127\.0\.0\.1:\1\n/m)
    const odd = await runCli(['service', 'config', 'set', '--path', dir, 'cluster.secret', 'abc'])
    expect(odd.code).to.equal(4)
    expect(odd.stderr).to.contain('cluster.secret must be 64 hex characters (32 bytes), got 3 characters').and.not.contain('encoding/hex')
  })

  it('both crdt and raft: the error, without a contradictory "datastore is ignored with raft" warning', async () => {
    const both = join(tempDir(), 'both')
    expect((await runCli(['service', 'config', 'create', '--path', both])).code).to.equal(0)
    const svc = await readJson(join(both, 'service.json'))
    svc.consensus.raft = {}
    await writeFile(join(both, 'service.json'), JSON.stringify(svc, null, 2))
    const r = await runCli(['service', 'config', 'validate', '--path', both, '--json'])
    expect(r.code).to.equal(4)
    const out = jsonOut(r)
    expect(out.errors.map((e: {message: string}) => e.message).join('\n')).to.contain('has both crdt and raft')
    expect(JSON.stringify(out.warnings)).to.not.contain('ignored with raft')
  })
})
