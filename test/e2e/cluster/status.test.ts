// `status` (and `stop`, and a failed `connect --start`) against real daemons: a healthy peer, a stopped one, one
// asked with wrong credentials, and one started with a different secret than the cluster, which must be
// diagnosed in seconds, not hang. Peers are made with our `service config create`; each has its own Kubo.
import {expect} from 'chai'
import {randomBytes} from 'node:crypto'
import {existsSync} from 'node:fs'
import {join} from 'node:path'

import {jsonOut} from '../../support/cli.js'
import {startServiceDaemon} from '../../support/daemon.js'
import {startKubo} from '../../support/kubo.js'
import {TLS_FIXTURE} from '../fixtures/variants.js'
import {tempDir} from '../../support/tmp.js'
import {PID_FILE, alive, cli, createPeer, daemonLog, pidInFolder, show, useDaemons} from './cluster-helpers.js'

describe('e2e: status, stop and a failed join against real daemons', function () {
  this.timeout(120_000)
  const daemons = useDaemons()

  it('a healthy peer: exit 0 with its peers; once stopped with `stop`: exit 6 within seconds', async () => {
    const base = tempDir('icc-status-')
    const secret = randomBytes(32).toString('hex')
    const [kubo1, kubo2] = await Promise.all([startKubo(), startKubo()])
    const leader = await createPeer({dir: join(base, 'leader'), secret, peername: 'leader', kubo: kubo1})
    await startServiceDaemon({configDir: leader.dir, waitFor: 'api'})
    const peer = await createPeer({dir: join(base, 'peer'), secret, peername: 'peer', kubo: kubo2})
    daemons.service(peer.dir)
    const c = await cli(['connect', '--api', leader.api, '--path', peer.dir, '--start', '--json'])
    daemons.notePids()
    expect(c.code, `${show(c)}\n--- daemon log ---\n${daemonLog(peer.dir)}`).to.equal(0)
    const pid = pidInFolder(peer.dir)!
    expect(pid).to.be.a('number')

    // Healthy, in JSON and for humans.
    const s = await cli(['status', '--path', peer.dir, '--json'])
    expect(s.code, show(s)).to.equal(0)
    const st = jsonOut(s)
    expect(st).to.include({kind: 'service', configured: true, reachable: true, healthy: true, error: null, exitCode: 0})
    expect(st).to.include({id: peer.id, identityId: peer.id, idMatchesIdentity: true, peername: 'peer', api: peer.api})
    expect(st.version).to.match(/^1\.1\.6/)
    expect(st.binary).to.include({name: 'ipfs-cluster-service', error: null})
    expect(st.binary.version).to.match(/^1\.1\.6/)
    expect(st.ipfs).to.deep.equal({id: kubo2.peerId, error: null})
    expect(st.peers.map((p: {id: string}) => p.id)).to.have.members([leader.id, peer.id])
    const human = await cli(['status', '--path', peer.dir])
    expect(human.code, show(human)).to.equal(0)
    expect(human.stdout).to.match(/^status: +healthy$/m)
    expect(human.stdout).to.contain(`${leader.id} leader`)

    // `stop` ends exactly the daemon `connect --start` launched, and removes its pid file.
    const stop = await cli(['stop', '--path', peer.dir, '--json'])
    expect(stop.code, show(stop)).to.equal(0)
    expect(jsonOut(stop)).to.include({pid, stopped: true, signal: 'SIGTERM'})
    expect(alive(pid)).to.equal(false)
    expect(existsSync(join(peer.dir, PID_FILE))).to.equal(false)
    const again = await cli(['stop', '--path', peer.dir, '--json'])
    expect(jsonOut(again)).to.include({stopped: false, pid: null})

    // Stopped: down, exit 6, in seconds.
    const t0 = Date.now()
    const down = await cli(['status', '--path', peer.dir, '--json'])
    const ms = Date.now() - t0
    expect(down.code, show(down)).to.equal(6)
    expect(ms).to.be.lessThan(10_000)
    expect(jsonOut(down)).to.include({configured: true, reachable: false, healthy: false, exitCode: 6, identityId: peer.id})
    const refused = `nothing is listening at ${peer.api.slice('http://'.length)} (connection refused)`
    expect(jsonOut(down).error).to.equal(`unreachable: ${refused}`)
    const downHuman = await cli(['status', '--path', peer.dir])
    expect(downHuman.code).to.equal(6)
    expect(downHuman.stdout).to.include(`status:   down (${refused})\napi:      ${peer.api}\n`)
  })

  it('wrong credentials: exit 6 "unauthorized"; the credentials of the config work', async () => {
    const kubo = await startKubo()
    const peer = await createPeer({
      dir: join(tempDir('icc-status-'), 'auth'),
      secret: randomBytes(32).toString('hex'),
      peername: 'auth',
      kubo,
      set: ['api.restapi.basic_auth_credentials=admin:s3cret'],
    })
    await startServiceDaemon({configDir: peer.dir, waitFor: 'api'})

    const ok = await cli(['status', '--path', peer.dir, '--json'])
    expect(ok.code, show(ok)).to.equal(0)
    expect(jsonOut(ok)).to.include({healthy: true, id: peer.id})

    for (const how of [{args: ['--basic-auth', 'wrong:x'], env: {}}, {args: [], env: {CLUSTER_CREDENTIALS: 'admin:wrong'}}]) {
      const t0 = Date.now()
      const r = await cli(['status', '--path', peer.dir, ...how.args, '--json'], how.env)
      expect(Date.now() - t0).to.be.lessThan(10_000)
      expect(r.code, show(r)).to.equal(6)
      expect(jsonOut(r)).to.include({reachable: true, healthy: false, exitCode: 6})
      expect(jsonOut(r).error).to.match(/^unauthorized: /)
    }
    const human = await cli(['status', '--path', peer.dir, '--basic-auth', 'wrong:x'])
    expect(human.code).to.equal(6)
    expect(human.stdout).to.contain('unauthorized')

    // connect --api to a leader behind basic auth: refused without the credentials, the leader discovered with them.
    const joiner = await createPeer({dir: join(tempDir('icc-status-'), 'joiner'), secret: randomBytes(32).toString('hex'), peername: 'joiner', kubo})
    const refused = await cli(['connect', '--api', peer.api, '--path', joiner.dir, '--dry-run', '--json'])
    expect(refused.code, show(refused)).to.equal(6)
    expect(jsonOut(refused).error.message).to.contain('refused the credentials')
    const allowed = await cli(['connect', '--api', peer.api, '--basic-auth', 'admin:s3cret', '--path', joiner.dir, '--dry-run', '--json'])
    expect(allowed.code, show(allowed)).to.equal(0)
    expect(jsonOut(allowed).leader.id).to.equal(peer.id)
    expect(JSON.stringify(jsonOut(allowed))).to.not.contain('s3cret')
  })

  it('https REST API: status trusts the peer\'s own certificate; connect --api verifies the leader\'s', async () => {
    const kubo = await startKubo()
    const base = tempDir('icc-status-')
    // The certificate names cluster.test: reached at 127.0.0.1, only a certificate given by file can be trusted.
    const tls = [`api.restapi.ssl_cert_file=${TLS_FIXTURE('cert.pem')}`, `api.restapi.ssl_key_file=${TLS_FIXTURE('key.pem')}`, 'api.restapi.basic_auth_credentials=admin:s3cret']
    const peer = await createPeer({dir: join(base, 'tls'), secret: randomBytes(32).toString('hex'), peername: 'tls', kubo, set: tls})
    await startServiceDaemon({configDir: peer.dir, waitFor: 'consensus'})
    const api = peer.api.replace('http://', 'https://')

    const st = await cli(['status', '--path', peer.dir, '--wait', '--timeout', '20s', '--json'])
    expect(st.code, show(st)).to.equal(0)
    expect(jsonOut(st)).to.include({healthy: true, id: peer.id, api})
    // --cacert adds trust: the peer's own ssl_cert_file stays trusted.
    const other = await cli(['status', '--path', peer.dir, '--cacert', TLS_FIXTURE('other-cert.pem'), '--json'])
    expect(jsonOut(other)).to.include({healthy: true})

    const joiner = await createPeer({dir: join(base, 'joiner'), secret: randomBytes(32).toString('hex'), peername: 'joiner', kubo})
    const connect = (...extra: string[]) => cli(['connect', '--api', api, '--basic-auth', 'admin:s3cret', '--path', joiner.dir, '--dry-run', ...extra, '--json'])
    for (const extra of [[], ['--cacert', TLS_FIXTURE('other-cert.pem')]]) {
      const refused = await connect(...extra)
      expect(refused.code, show(refused)).to.equal(6)
      expect(jsonOut(refused).error.message).to.match(/TLS certificate not trusted .*--cacert FILE/)
    }
    for (const extra of [['--cacert', TLS_FIXTURE('cert.pem')], ['--no-check-certificate']]) {
      const ok = await connect(...extra)
      expect(ok.code, show(ok)).to.equal(0)
      expect(jsonOut(ok).leader.id).to.equal(peer.id)
    }
    const missing = await connect('--cacert', join(base, 'none.pem'))
    expect(missing.code, show(missing)).to.equal(2)
    expect(jsonOut(missing).error.message).to.match(/^--cacert .*none\.pem: no such file$/)
  })

  it('a peer started with a different secret than the cluster: connect --start diagnoses it (exit 6), no hang', async () => {
    const base = tempDir('icc-status-')
    const [kubo1, kubo2] = await Promise.all([startKubo(), startKubo()])
    const leader = await createPeer({dir: join(base, 'leader'), secret: randomBytes(32).toString('hex'), peername: 'leader', kubo: kubo1})
    await startServiceDaemon({configDir: leader.dir, waitFor: 'api'})
    const stranger = await createPeer({dir: join(base, 'stranger'), secret: randomBytes(32).toString('hex'), peername: 'stranger', kubo: kubo2})
    daemons.service(stranger.dir)

    const t0 = Date.now()
    const r = await cli(['connect', '--api', leader.api, '--path', stranger.dir, '--start', '--timeout', '20s', '--json'])
    const ms = Date.now() - t0
    daemons.notePids()
    const log = daemonLog(stranger.dir)
    expect(r.code, `${show(r)}\n--- daemon log ---\n${log}`).to.equal(6)
    expect(ms, 'gives up at --timeout').to.be.within(20_000, 35_000)
    const c = jsonOut(r)
    expect(c).to.include({joined: false})
    expect(c.peers).not.to.include(leader.id)
    const diagnosis = c.diagnosis as string[]
    const why = `${diagnosis.join('\n')}\n--- daemon log ---\n${log}`
    expect(diagnosis[0]).to.match(/^timed out: the new peer \S+ does not list the leader /)
    // The cause, named correctly: the leader is up and reachable (its API answered, its swarm port too), it just
    // speaks with another secret. The daemon's own log only says "dial backoff" here.
    expect(diagnosis, why).to.include(
      `different cluster secret: the peers cannot talk (the secret must be the same on every peer); the leader at ${leader.addr} uses another secret than this peer`,
    )
    expect(diagnosis.filter((d) => d.startsWith('leader unreachable')), why).to.deep.equal([])
    // The daemon's own last lines come along, without the REST API's access log of our polling.
    expect(diagnosis.some((d) => d.startsWith('log: ') && d.includes(`bootstrap to ${leader.addr} failed`)), why).to.equal(true)
    expect(diagnosis.filter((d) => /\trestapilog\t/.test(d)), why).to.deep.equal([])

    // `status` on that peer answers in seconds too. It judges the peer on its own: up, the identity it should
    // be, and alone: the only peer it lists is itself (it cannot see the leader).
    const t1 = Date.now()
    const st = await cli(['status', '--path', stranger.dir, '--json'])
    expect(Date.now() - t1).to.be.lessThan(10_000)
    expect(st.code, show(st)).to.equal(0)
    expect(jsonOut(st)).to.include({healthy: true, id: stranger.id})
    expect(jsonOut(st).peers.map((p: {id: string}) => p.id)).to.deep.equal([stranger.id])
  })
})
