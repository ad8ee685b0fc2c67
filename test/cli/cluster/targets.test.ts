// The Compose and Kubernetes targets: what Compose and kubectl would read, checked without Docker or a cluster.
import {expect} from 'chai'
import {execFile} from 'node:child_process'
import {existsSync} from 'node:fs'
import {chmod, mkdir, readFile, readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {promisify} from 'node:util'

import {Secret} from 'kubernetes-models/v1/Secret'
import {Service} from 'kubernetes-models/v1/Service'
import {StatefulSet} from 'kubernetes-models/apps/v1/StatefulSet'
import {parse} from 'yaml'

import {initScript, kustomize, secretFiles, startScript} from '../../support/bundle.js'
import {runCli} from '../../support/cli.js'
import {SECRET, tempDir} from '../helpers.js'

const execFileP = promisify(execFile)

async function bundle(args: string[]): Promise<string> {
  const out = join(tempDir(), 'bundle')
  const r = await runCli(['cluster', 'create', '--out', out, '--secret', SECRET, ...args])
  if (r.code !== 0) throw new Error(`cluster create failed: ${r.stderr}`)
  return out
}

describe('cluster create targets: Compose and Kubernetes (CLI)', () => {
  it('compose.yaml parses; every service, dependency and volume it names exists; folders mounted are the peers; no secret inline', async () => {
    const out = await bundle(['--peers', '3', '--target', 'compose'])
    const text = await readFile(join(out, 'compose.yaml'), 'utf8')
    expect(text).not.to.contain(SECRET)
    const compose = parse(text)
    const manifest = JSON.parse(await readFile(join(out, 'cluster.json'), 'utf8'))
    expect(manifest.targets).to.deep.equal(['folders', 'compose'])
    const names = Object.keys(compose.services)
    expect(names.sort()).to.deep.equal(['peer-0', 'peer-0-ipfs', 'peer-1', 'peer-1-ipfs', 'peer-2', 'peer-2-ipfs'])
    for (const [name, svc] of Object.entries<any>(compose.services)) {
      expect(svc.image).to.match(/^ipfs\/(ipfs-cluster:v1\.1\.6|kubo:v0\.42\.0)$/)
      for (const dep of svc.depends_on ?? []) expect(names, `${name} depends on ${dep}`).to.include(dep)
      for (const v of svc.volumes ?? []) {
        const [source] = v.split(':')
        if (source.startsWith('./')) expect(existsSync(join(out, source, 'service.json')), `${name} mounts ${source}`).to.equal(true)
        else expect(compose.volumes, `${name} uses volume ${source}`).to.have.property(source)
      }
    }
    for (const p of manifest.peers) {
      const svc = compose.services[p.name]
      // Peers reach each other by service name: the host in every address is the service's name.
      expect(p.addresses[0]).to.equal(`/dns4/${p.name}/tcp/9096/p2p/${p.id}`)
      expect(svc.volumes).to.deep.equal([`./${p.folder}:/data/ipfs-cluster`])
      expect(svc.environment.CLUSTER_IPFSHTTP_NODEMULTIADDRESS).to.equal(`/dns4/${p.name}-ipfs/tcp/5001`)
      expect(svc.environment.CLUSTER_IPFSPROXY_NODEMULTIADDRESS).to.equal(`/dns4/${p.name}-ipfs/tcp/5001`)
      if (p.index === 0) expect(svc.ports).to.deep.equal(['127.0.0.1:9094:9094'])
      else expect(svc.ports).to.equal(undefined)
    }
  })

  it('kubernetes/: kubectl kustomize renders a headless Service, a Secret and a StatefulSet that validate against the schema', async () => {
    const out = await bundle(['--peers', '3', '--target', 'kubernetes', '--namespace', 'ipfs', '--consensus', 'raft', '--storage', '20Gi'])
    const docs = await kustomize(out)
    expect(docs.map((d) => d.kind).sort()).to.deep.equal(['Secret', 'Service', 'StatefulSet'])
    const [svc, secret, sts] = ['Service', 'Secret', 'StatefulSet'].map((k) => docs.find((d) => d.kind === k))
    new Service(svc).validate()
    new Secret(secret).validate()
    new StatefulSet(sts).validate()
    expect(svc.spec).to.include({clusterIP: 'None', publishNotReadyAddresses: true})
    expect(sts.spec).to.include({replicas: 3, serviceName: 'peer', podManagementPolicy: 'Parallel'})
    expect(sts.metadata.namespace).to.equal('ipfs')
    expect(sts.spec.volumeClaimTemplates.map((c: any) => [c.metadata.name, c.spec.resources.requests.storage])).to.deep.equal([['cluster-data', '1Gi'], ['ipfs-data', '20Gi']])
    const cluster = sts.spec.template.spec.containers.find((c: any) => c.name === 'ipfs-cluster')
    expect(cluster.image).to.equal('ipfs/ipfs-cluster:v1.1.6')
    expect(cluster.env).to.deep.include({name: 'CLUSTER_PEERNAME', valueFrom: {fieldRef: {fieldPath: 'metadata.name'}}})
    expect(cluster.env).to.deep.include({name: 'CLUSTER_SECRET', valueFrom: {secretKeyRef: {name: 'peer-bundle', key: 'cluster-secret'}}})
    // The Secret: the cluster secret, one service.json and peerstore, one identity per ordinal (the folders' own).
    const data = Object.fromEntries(Object.entries<string>(secret.data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]))
    expect(Object.keys(data).sort()).to.deep.equal(['cluster-secret', 'identity-0.json', 'identity-1.json', 'identity-2.json', 'peerstore', 'service.json'])
    expect(data['cluster-secret']).to.equal(SECRET)
    const manifest = JSON.parse(await readFile(join(out, 'cluster.json'), 'utf8'))
    const ids = manifest.peers.map((p: any) => p.id)
    for (const p of manifest.peers) expect(data[`identity-${p.index}.json`]).to.equal(await readFile(join(out, p.folder, 'identity.json'), 'utf8'))
    const shared = JSON.parse(data['service.json'])
    expect(shared.cluster.secret).to.equal('')
    expect(shared.consensus.raft.init_peerset).to.deep.equal(ids)
    const addrs = manifest.peers.map((p: any) => `/dns4/peer-${p.index}.peer.ipfs.svc.cluster.local/tcp/9096/p2p/${p.id}`)
    expect(shared.cluster.peer_addresses).to.deep.equal(addrs)
    expect(data.peerstore).to.equal(addrs.map((a: string) => a + '\n').join(''))
    // The bundle's own folders use the pods' names too.
    expect(manifest.peers.map((p: any) => p.addresses[0])).to.deep.equal(addrs)
  })

  it('the init container puts identity-<ordinal>.json in place from the pod name; the same id after the volume is lost', async () => {
    const out = await bundle(['--peers', '2', '--target', 'kubernetes'])
    const docs = await kustomize(out)
    const script = initScript(docs.find((d) => d.kind === 'StatefulSet'))
    const mount = join(tempDir(), 'bundle-secret')
    await secretFiles(docs.find((d) => d.kind === 'Secret'), mount)
    const data = join(tempDir(), 'data')
    const run = (hostname: string) => execFileP('sh', ['-c', script], {env: {PATH: process.env.PATH, HOSTNAME: hostname, IPFS_CLUSTER_BUNDLE: mount, IPFS_CLUSTER_PATH: data, IPFS_CLUSTER_UID: String(process.getuid!()), IPFS_CLUSTER_GID: String(process.getgid!())}})
    await run('peer-1')
    const id1 = JSON.parse(await readFile(join(out, 'peer-1', 'identity.json'), 'utf8')).id
    expect(JSON.parse(await readFile(join(data, 'identity.json'), 'utf8')).id).to.equal(id1)
    expect(await readFile(join(data, 'service.json'), 'utf8')).to.equal(await readFile(join(mount, 'service.json'), 'utf8'))
    expect(await readFile(join(data, 'peerstore'), 'utf8')).to.equal(await readFile(join(mount, 'peerstore'), 'utf8'))
    // A lost volume: the next start writes the same identity again.
    await execFileP('rm', ['-rf', data])
    await run('peer-1')
    expect(JSON.parse(await readFile(join(data, 'identity.json'), 'utf8')).id).to.equal(id1)
    const missing = await run('peer-7').then(() => undefined, (e) => e)
    expect(missing?.code).to.equal(1)
    expect(missing.stderr).to.contain('no identity-7.json in')
  })

  it('the Secret stays far below the 1 MiB limit at 100 peers', async () => {
    const out = await bundle(['--peers', '100', '--target', 'kubernetes'])
    const secret = parse(await readFile(join(out, 'kubernetes', 'secret.yaml'), 'utf8'))
    const bytes = Object.values<string>(secret.data).reduce((n, v) => n + Buffer.from(v, 'base64').length, 0)
    expect(Object.keys(secret.data)).to.have.length(103)
    expect(bytes).to.be.below(256 * 1024)
  })

  it('remove in a Kubernetes bundle goes from the highest ordinal; add grows the StatefulSet and the Secret', async () => {
    const out = await bundle(['--peers', '3', '--target', 'kubernetes'])
    const r = await runCli(['cluster', 'remove', 'peer-1', '--out', out])
    expect(r.code).to.equal(2)
    expect(r.stderr).to.contain('remove peer-2 first')
    expect((await runCli(['cluster', 'add', '--out', out])).code).to.equal(0)
    const docs = await kustomize(out)
    expect(docs.find((d) => d.kind === 'StatefulSet').spec.replicas).to.equal(4)
    expect(Object.keys(docs.find((d) => d.kind === 'Secret').data)).to.include('identity-3.json')
  })

  it('raft add: the start script passes --bootstrap <the other peers> on a joiner\'s first start only, never for a founder; a volume another peer left has its raft state set aside', async () => {
    const out = await bundle(['--peers', '2', '--target', 'compose', '--target', 'kubernetes', '--consensus', 'raft'])
    expect((await runCli(['cluster', 'add', '--out', out])).code).to.equal(0)
    const manifest = JSON.parse(await readFile(join(out, 'cluster.json'), 'utf8'))
    expect(manifest.peers.map((p: any) => p.joined ?? false)).to.deep.equal([false, false, true])
    const founders = manifest.peers.slice(0, 2)
    // The folder's file (what `daemon --bootstrap` takes) holds the Compose names; the Secret's the pods' names.
    expect(await readFile(join(out, 'peer-2', 'bootstrap'), 'utf8')).to.equal(founders.map((p: any) => `/dns4/${p.name}/tcp/9096/p2p/${p.id}`).join(',') + '\n')
    expect(existsSync(join(out, 'peer-0', 'bootstrap'))).to.equal(false)
    const podAddresses = founders.map((p: any) => `/dns4/${p.name}.peer.default.svc.cluster.local/tcp/9096/p2p/${p.id}`).join(',')
    const docs = await kustomize(out)
    const sts = docs.find((d) => d.kind === 'StatefulSet')
    const secret = docs.find((d) => d.kind === 'Secret')
    expect(Object.keys(secret.data).filter((k) => k.startsWith('bootstrap'))).to.deep.equal(['bootstrap-2'])
    const mount = join(tempDir(), 'bundle-secret')
    await secretFiles(secret, mount)
    // The image's entrypoint, replaced by one that says what it was given.
    const entrypoint = join(tempDir(), 'entrypoint.sh')
    await writeFile(entrypoint, '#!/bin/sh\necho "entrypoint: $*"\n')
    await chmod(entrypoint, 0o755)
    const ids = {PATH: process.env.PATH, IPFS_CLUSTER_UID: String(process.getuid!()), IPFS_CLUSTER_GID: String(process.getgid!())}
    const init = (pod: string, data: string) => execFileP('sh', ['-c', initScript(sts)], {env: {...ids, HOSTNAME: pod, IPFS_CLUSTER_BUNDLE: mount, IPFS_CLUSTER_PATH: data}})
    const start = async (data: string) => (await execFileP('sh', ['-c', startScript(sts)], {env: {PATH: process.env.PATH, IPFS_CLUSTER_PATH: data, IPFS_CLUSTER_ENTRYPOINT: entrypoint}})).stdout

    const founder = join(tempDir(), 'pod-0')
    await init('peer-0', founder)
    expect(existsSync(join(founder, 'bootstrap'))).to.equal(false)
    expect(await start(founder)).to.equal('entrypoint: daemon\n')
    const joiner = join(tempDir(), 'pod-2')
    await init('peer-2', joiner)
    expect(await readFile(join(joiner, 'bootstrap'), 'utf8')).to.equal(podAddresses + '\n')
    expect(await start(joiner)).to.equal(`first start of a peer added to a running raft cluster: daemon --bootstrap ${podAddresses}\nentrypoint: daemon --bootstrap ${podAddresses}\n`)
    // Once it has joined it has raft state: a plain daemon from then on, and its own state stays.
    await mkdir(join(joiner, 'raft'))
    await init('peer-2', joiner)
    expect(await start(joiner)).to.equal('entrypoint: daemon\n')
    expect(await readdir(joiner)).to.include('raft')
    // peer-0's volume given to ordinal 2 (as a StatefulSet reuses a volume kept from a removed ordinal).
    await mkdir(join(founder, 'raft'))
    const reused = await init('peer-2', founder)
    expect(reused.stdout).to.contain("the volume held another peer's raft state; moved it to")
    expect((await readdir(founder)).filter((f) => f.startsWith('raft'))).to.have.length(1).and.to.satisfy((f: string[]) => f[0].startsWith('raft.previous-peer.'))
    expect(await start(founder)).to.contain(`entrypoint: daemon --bootstrap ${podAddresses}`)

    // Compose runs the same script for every raft service, its $ doubled (Compose interpolates $).
    const compose = parse(await readFile(join(out, 'compose.yaml'), 'utf8'))
    for (const name of ['peer-0', 'peer-1', 'peer-2']) {
      const [tini, dashes, sh, c, script] = compose.services[name].entrypoint
      expect([tini, dashes, sh, c]).to.deep.equal(['/sbin/tini', '--', 'sh', '-c'])
      expect(script.replace(/\$\$/g, '')).not.to.contain('$')
      expect(script.replaceAll('$$', '$')).to.equal(startScript(sts))
    }
  })
})
