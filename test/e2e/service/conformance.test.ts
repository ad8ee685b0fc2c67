// Byte-for-byte identity with the real `ipfs-cluster-service init` (v1.1.6): same env in, same
// service.json, identity.json and peerstore out.
import {expect} from 'chai'
import {execFile} from 'node:child_process'
import {readFile, readdir} from 'node:fs/promises'
import {join} from 'node:path'
import {promisify} from 'node:util'

import {binPath, clusterEnv, requireRealBinaries} from '../../support/binaries.js'
import {runCli} from '../../support/cli.js'
import {tempDir} from '../../support/tmp.js'
import {TEST_VECTOR_IDENTITY} from '../fixtures/variants.js'

const execFileP = promisify(execFile)
const OTHER_ID = '12D3KooWCLKKDpG1EndPjLYzsqzoqEUBwF2CNyCVdvMVci2x1ppS'
const THIRD_ID = '12D3KooWLM4CwdZHVJQzVJF4PeQGJruWF37dZGzUTcKuyBhfC5SH'

const FIXED = {
  CLUSTER_SECRET: '2588b80d5cb05374fa142aed6cbb047d1f4ef8ef15e37eba68c65b9d30df67ed',
  CLUSTER_PEERNAME: 'conformance',
  CLUSTER_ID: TEST_VECTOR_IDENTITY.id,
  CLUSTER_PRIVATEKEY: TEST_VECTOR_IDENTITY.private_key,
}

interface Case {
  name: string
  initArgs: string[]
  ourArgs: string[]
  env?: Record<string, string>
}

const peers = `/ip4/10.0.0.1/tcp/9096/p2p/${OTHER_ID},/dns4/peer2.example/tcp/9096/ipfs/${THIRD_ID}`

const cases: Case[] = [
  ...(['pebble', 'badger3', 'badger', 'leveldb'] as const).map((d) => ({
    name: `crdt + ${d}`,
    initArgs: ['--consensus', 'crdt', '--datastore', d],
    ourArgs: ['--consensus', 'crdt', '--datastore', d],
  })),
  {name: 'raft', initArgs: ['--consensus', 'raft'], ourArgs: ['--consensus', 'raft']},
  {name: 'crdt with --peers', initArgs: ['--peers', peers], ourArgs: ['--peers', peers]},
  {name: 'raft with --peers', initArgs: ['--consensus', 'raft', '--peers', peers], ourArgs: ['--consensus', 'raft', '--peers', peers]},
  {
    name: 'CLUSTER_* overrides',
    initArgs: [],
    ourArgs: [],
    env: {
      CLUSTER_REPLICATIONFACTORMIN: '2',
      CLUSTER_REPLICATIONFACTORMAX: '3',
      CLUSTER_CRDT_CLUSTERNAME: 'conformance-cluster',
      CLUSTER_CRDT_TRUSTEDPEERS: `${OTHER_ID},${THIRD_ID}`,
      CLUSTER_RESTAPI_BASICAUTHCREDENTIALS: 'admin:s3cret,bob:pw',
      CLUSTER_LISTENMULTIADDRESS: '/ip4/0.0.0.0/tcp/9196,/ip4/0.0.0.0/udp/9196/quic',
      CLUSTER_RESTAPI_HTTPLISTENMULTIADDRESS: '/ip4/0.0.0.0/tcp/19094',
      CLUSTER_MONITORPINGINTERVAL: '90s',
      CLUSTER_TAGS_TAGS: 'group:eu,10:x,9:y',
      CLUSTER_CRDT_REBROADCASTINTERVAL: '2m',
      CLUSTER_STATELESS_CONCURRENTPINS: '0',
      CLUSTER_PEBBLE_PEBBLEOPTIONS_FORMATMAJORVERSION: '20',
      CLUSTER_CONNECTIONMANAGER_HIGHWATER: '0x200',
      CLUSTER_ENABLERELAYHOP: 'f',
    },
  },
  {
    name: 'raft with CLUSTER_RAFT_* overrides',
    initArgs: ['--consensus', 'raft'],
    ourArgs: ['--consensus', 'raft'],
    env: {CLUSTER_RAFT_INITPEERSET: OTHER_ID, CLUSTER_RAFT_HEARTBEATTIMEOUT: '800ms', CLUSTER_RAFT_DATAFOLDER: '/data/raft', CLUSTER_RAFT_COMMITRETRIES: '0'},
  },
]

/** Inputs upstream init refuses: ours must refuse too (exit 4), writing nothing. */
const refused: {name: string; args: string[]; env: Record<string, string>}[] = [
  {name: 'a non-hex CLUSTER_SECRET (issue #1005)', args: [], env: {CLUSTER_SECRET: 'zz'}},
  {name: 'raft election timeout below the heartbeat', args: ['--consensus', 'raft'], env: {CLUSTER_RAFT_HEARTBEATTIMEOUT: '1500ms'}},
  {name: 'replication min above max', args: [], env: {CLUSTER_REPLICATIONFACTORMIN: '3', CLUSTER_REPLICATIONFACTORMAX: '2'}},
  {name: 'an unparsable listen address', args: [], env: {CLUSTER_LISTENMULTIADDRESS: '/ip4/1.2.3/tcp/1'}},
]

const lines = (s: string) => s.split('\n').filter(Boolean).sort()

describe('e2e: service config create writes what ipfs-cluster-service init writes', function () {
  before(function () {
    requireRealBinaries(this)
  })

  for (const c of cases) {
    it(c.name, async () => {
      const root = tempDir('icc-conf-')
      const env = {...FIXED, ...c.env}
      await execFileP(binPath('ipfs-cluster-service'), ['--config', join(root, 'upstream'), 'init', ...c.initArgs], {env: clusterEnv(env)})
      const ours = await runCli(['service', 'config', 'create', '--path', join(root, 'ours'), ...c.ourArgs], {env})
      expect(ours.code, ours.stderr).to.equal(0)
      const read = (who: string, f: string) => readFile(join(root, who, f), 'utf8')
      expect(await read('ours', 'service.json')).to.equal(await read('upstream', 'service.json'))
      expect(await read('ours', 'identity.json')).to.equal(await read('upstream', 'identity.json'))
      // Upstream writes several peers in Go map order (random): compare as sets of lines.
      const [a, b] = [await read('ours', 'peerstore'), await read('upstream', 'peerstore')]
      expect(lines(a)).to.deep.equal(lines(b))
      expect(a.length).to.equal(b.length)
    })
  }

  for (const r of refused) {
    it(`refuses what init refuses: ${r.name}`, async () => {
      const root = tempDir('icc-conf-')
      const env = {...FIXED, ...r.env}
      const upstream = await execFileP(binPath('ipfs-cluster-service'), ['--config', join(root, 'upstream'), 'init', ...r.args], {env: clusterEnv(env)}).then(
        () => 0,
        (error: {code: number}) => error.code,
      )
      expect(upstream, 'upstream init exit code').to.not.equal(0)
      const ours = await runCli(['service', 'config', 'create', '--path', join(root, 'ours'), ...r.args], {env})
      expect(ours.code, ours.stderr).to.equal(4)
      expect(await readdir(root)).to.not.include('ours')
    })
  }
})
