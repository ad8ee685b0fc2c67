// create: the one --path resolver, empty secrets, --force keeping the secret, --exist-ok against CLUSTER_SECRET,
// conflicting flags, and what persistedFromEnv reports.
import {expect} from 'chai'
import {existsSync} from 'node:fs'
import {readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {jsonOut, runCli} from '../../support/cli.js'
import {SECRET, readJson, snapshot, tempDir} from '../helpers.js'

const SECRET2 = 'cd'.repeat(32)

describe('paths: one resolver for --path and IPFS_CLUSTER_PATH', () => {
  it('an empty --path is a usage error (exit 2) and writes nothing in the current folder', async () => {
    const cwd = tempDir()
    for (const args of [['service', 'config', 'create', '--path', ''], ['service', 'config', 'create', '--path='], ['follow', 'config', 'create', 'f', '--source', 'https://x.example/s.json', '--path', '']]) {
      const r = await runCli(args, {cwd})
      expect(r.code, args.join(' ')).to.equal(2)
      expect(r.stderr.split('\n')[0]).to.equal('Error: --path is empty: give a folder (or leave it out for the default)')
    }
    expect(await readdir(cwd)).to.deep.equal([])
  })

  it('an empty IPFS_CLUSTER_PATH counts as unset: the default under HOME', async () => {
    const cwd = tempDir()
    const home = tempDir()
    const r = await runCli(['service', 'config', 'create', '--json'], {cwd, env: {HOME: home, IPFS_CLUSTER_PATH: ''}})
    expect(r.code, r.stderr).to.equal(0)
    expect(jsonOut(r).path).to.equal(join(home, '.ipfs-cluster'))
    expect(await readdir(cwd)).to.deep.equal([])
    const f = await runCli(['follow', 'config', 'create', 'f', '--source', 'https://x.example/s.json', '--json'], {cwd, env: {HOME: home, IPFS_CLUSTER_PATH: ''}})
    expect(jsonOut(f).folder).to.equal(join(home, '.ipfs-cluster-follow', 'f'))
  })

  it("a leading ~/ is the home folder, in the flag and in the variable (no literal ./~ folder)", async () => {
    const cwd = tempDir()
    const home = tempDir()
    const flag = await runCli(['service', 'config', 'create', '--path', '~/a', '--json'], {cwd, env: {HOME: home}})
    expect(jsonOut(flag).path).to.equal(join(home, 'a'))
    const env = await runCli(['service', 'config', 'get', 'cluster.peername'], {cwd, env: {HOME: home, IPFS_CLUSTER_PATH: '~/a'}})
    expect(env.code, env.stderr).to.equal(0)
    const follow = await runCli(['follow', 'config', 'create', 'f', '--source', 'https://x.example/s.json', '--json'], {cwd, env: {HOME: home, IPFS_CLUSTER_PATH: '~/fl'}})
    expect(jsonOut(follow).folder).to.equal(join(home, 'fl', 'f'))
    expect(existsSync(join(cwd, '~'))).to.equal(false)
  })
})

describe('create: secrets, --force, --exist-ok, conflicts', () => {
  it('an empty secret from stdin or a file is a usage error; --secret "" asks for it explicitly', async () => {
    const root = tempDir()
    const empty = join(root, 'empty')
    await writeFile(empty, '  \n')
    for (const [args, input, message] of [
      [['--secret', '-'], '', /^Error: --secret: stdin \("-"\) was empty; an empty secret \(an unprotected cluster\) is asked for with --secret ''$/],
      [['--secret', '-'], ' \n\t', /--secret: stdin \("-"\) was empty/],
      [['--secret-file', empty], undefined, /^Error: --secret-file: .*empty is empty; an empty secret \(an unprotected cluster\) is asked for with --secret ''$/],
    ] as const) {
      const r = await runCli(['service', 'config', 'create', '--path', join(root, 'p'), ...args], {input})
      expect(r.code, args.join(' ')).to.equal(2)
      expect(r.stderr.split('\n')[0]).to.match(message)
    }
    const f = await runCli(['follow', 'config', 'create', 'f', '--path', root, '--leader', `/ip4/127.0.0.1/tcp/9096/p2p/12D3KooWQiK1sYbGNnD9XtWF1sP95cawwwNy3d2WUwtP71McwUfZ`, '--secret-file', empty])
    expect(f.code).to.equal(2)
    expect(existsSync(join(root, 'p'))).to.equal(false)
    expect(existsSync(join(root, 'f'))).to.equal(false)
    const explicit = await runCli(['service', 'config', 'create', '--path', join(root, 'p'), '--secret', ''])
    expect(explicit.code, explicit.stderr).to.equal(0)
    expect((await readJson(join(root, 'p', 'service.json'))).cluster.secret).to.equal('')
  })

  it('--force keeps the cluster secret and says so; --new-secret replaces it; --secret sets it', async () => {
    const dir = join(tempDir(), 'p')
    expect((await runCli(['service', 'config', 'create', '--path', dir, '--secret', SECRET])).code).to.equal(0)
    const kept = await runCli(['service', 'config', 'create', '--path', dir, '--force'])
    expect(kept.code, kept.stderr).to.equal(0)
    expect(kept.stdout).to.contain('identity kept: ').and.contain('cluster secret kept\n')
    expect((await readJson(join(dir, 'service.json'))).cluster.secret).to.equal(SECRET)
    const json = jsonOut(await runCli(['service', 'config', 'create', '--path', dir, '--force', '--json']))
    expect(json).to.include({status: 'overwritten', identity: 'kept', secret: 'kept'})
    const fresh = await runCli(['service', 'config', 'create', '--path', dir, '--force', '--new-secret'])
    expect(fresh.stdout).to.contain('cluster secret replaced (by a new random one)')
    const after = (await readJson(join(dir, 'service.json'))).cluster.secret
    expect(after).to.match(/^[0-9a-f]{64}$/).and.not.equal(SECRET)
    const given = await runCli(['service', 'config', 'create', '--path', dir, '--force', '--secret', SECRET2])
    expect(given.stdout).to.contain('cluster secret replaced (by the one given with --secret or --secret-file)')
    expect((await readJson(join(dir, 'service.json'))).cluster.secret).to.equal(SECRET2)
    const env = jsonOut(await runCli(['service', 'config', 'create', '--path', dir, '--force', '--json'], {env: {CLUSTER_SECRET: SECRET}}))
    expect(env).to.include({secret: 'from-env'})
  })

  it('--exist-ok warns when CLUSTER_SECRET (or --secret) differs from the file, naming it; silent when equal', async () => {
    const dir = join(tempDir(), 'p')
    expect((await runCli(['service', 'config', 'create', '--path', dir, '--secret', SECRET])).code).to.equal(0)
    const differs = await runCli(['service', 'config', 'create', '--path', dir, '--exist-ok'], {env: {CLUSTER_SECRET: SECRET2}})
    expect(differs.code).to.equal(0)
    expect(differs.stderr).to.contain('warning: ').and.contain('cluster.secret differs from CLUSTER_SECRET in the environment, and the daemon will use the variable')
    expect(differs.stderr).to.not.contain(SECRET2)
    const flag = await runCli(['service', 'config', 'create', '--path', dir, '--exist-ok', '--secret', SECRET2])
    expect(flag.stderr).to.contain('differs from --secret')
    const same = await runCli(['service', 'config', 'create', '--path', dir, '--exist-ok'], {env: {CLUSTER_SECRET: SECRET.toUpperCase()}})
    expect(same.stderr).to.equal('')
  })

  it('conflicting flags are usage errors naming both, before anything is written', async () => {
    const dir = join(tempDir(), 'p')
    expect((await runCli(['service', 'config', 'create', '--path', dir])).code).to.equal(0)
    const before = await snapshot(dir)
    for (const [args, message] of [
      [['--path', dir, '--exist-ok', '--force'], '--exist-ok and --force cannot be used together'],
      [['--path', join(dir, 'new'), '--consensus', 'raft', '--datastore', 'badger'], '--consensus raft and --datastore cannot be used together'],
      [['--path', dir, '--force', '--new-secret', '--secret', SECRET], '--new-secret and --secret cannot be used together'],
    ] as const) {
      const r = await runCli(['service', 'config', 'create', ...args])
      expect(r.code, args.join(' ')).to.equal(2)
      expect(r.stderr.split('\n')[0]).to.contain(message)
      const j = await runCli(['service', 'config', 'create', ...args, '--json'])
      expect(jsonOut(j).error).to.include({exit: 2})
    }
    expect(await snapshot(dir)).to.deep.equal(before)
    expect(existsSync(join(dir, 'new'))).to.equal(false)
    const raft = await runCli(['service', 'config', 'create', '--path', join(dir, 'raft'), '--consensus', 'raft', '--json'])
    expect(jsonOut(raft)).to.include({consensus: 'raft', datastore: null})
  })

  it('persistedFromEnv leaves out a variable a flag overrode', async () => {
    const root = tempDir()
    const r = jsonOut(await runCli(['service', 'config', 'create', '--path', join(root, 'p'), '--peername', 'flag', '--json'], {env: {CLUSTER_PEERNAME: 'env', CLUSTER_REPLICATIONFACTORMIN: '1', CLUSTER_REPLICATIONFACTORMAX: '2'}}))
    expect(r.peername).to.equal('flag')
    expect(r.persistedFromEnv).to.have.members(['CLUSTER_REPLICATIONFACTORMIN', 'CLUSTER_REPLICATIONFACTORMAX'])
    const text = await runCli(['service', 'config', 'create', '--path', join(root, 'q'), '--peername', 'flag'], {env: {CLUSTER_PEERNAME: 'env'}})
    expect(text.stderr).to.not.contain('applied from the environment')
    const both = await runCli(['service', 'config', 'create', '--path', join(root, 'r'), '--json'], {env: {CLUSTER_PEERNAME: 'env'}})
    expect(jsonOut(both).persistedFromEnv).to.deep.equal(['CLUSTER_PEERNAME'])
  })
})

