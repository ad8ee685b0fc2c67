import {expect} from 'chai'
import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {jsonOut, runCli} from '../../support/cli.js'
import {ID, SECRET, snapshot, tempDir} from '../helpers.js'

const LEADER = `/ip4/10.0.0.1/tcp/9096/p2p/${ID}`

describe('follow config list and create --exist-ok (CLI)', () => {
  it('lists every follower with its mode, source or leaders, and whether it is valid', async () => {
    const base = await tempDir()
    expect((await runCli(['follow', 'config', 'create', 's', '--path', base, '--source', 'https://x.org/a'])).code).to.equal(0)
    expect((await runCli(['follow', 'config', 'create', 't', '--path', base, '--leader', LEADER, '--secret', SECRET])).code).to.equal(0)
    await mkdir(join(base, 'broken'))
    await writeFile(join(base, 'broken', 'service.json'), '{"cluster": ')
    const r = await runCli(['follow', 'config', 'list', '--path', base])
    expect(r.code, r.stderr).to.equal(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[0]).to.match(/^NAME\s+MODE\s+SOURCE \/ LEADERS\s+VALID$/)
    expect(lines[1]).to.match(/^broken\s+-\s+-\s+invalid: .*service\.json: is not valid JSON at line 1 column 13/)
    expect(lines[2]).to.match(/^s\s+source\s+https:\/\/x\.org\/a\s+valid$/)
    expect(lines[3]).to.match(new RegExp(`^t\\s+template\\s+${LEADER}\\s+valid$`))
    const json = jsonOut(await runCli(['follow', 'config', 'list', '--path', base, '--json']))
    expect(json.followers.map((f: any) => [f.name, f.mode, f.valid])).to.deep.equal([['broken', null, false], ['s', 'source', true], ['t', 'template', true]])
    expect(json.followers[2]).to.deep.include({leaders: [LEADER], trustedPeers: [ID], source: null})
  })

  it('an empty or missing base lists nothing, exit 0', async () => {
    const r = await runCli(['follow', 'config', 'list', '--path', join(await tempDir(), 'none'), '--json'])
    expect(r.code).to.equal(0)
    expect(jsonOut(r).followers).to.deep.equal([])
  })

  it('create --exist-ok accepts a valid follower unchanged (exit 0), refuses an invalid one (exit 4)', async () => {
    const base = await tempDir()
    const args = ['follow', 'config', 'create', 't', '--path', base, '--leader', LEADER, '--secret', SECRET]
    expect((await runCli(args)).code).to.equal(0)
    const before = await snapshot(join(base, 't'))
    expect((await runCli(args)).code).to.equal(5)
    const again = await runCli([...args, '--exist-ok', '--json'])
    expect(again.code, again.stderr).to.equal(0)
    expect(jsonOut(again)).to.include({status: 'unchanged', mode: 'template', identity: 'kept'})
    expect(again.stdout).not.to.contain(SECRET)
    expect(await snapshot(join(base, 't'))).to.deep.equal(before)
    await writeFile(join(base, 't', 'identity.json'), '{}')
    const bad = await runCli([...args, '--exist-ok'])
    expect(bad.code).to.equal(4)
    expect(bad.stderr).to.contain('is not a valid follower (--exist-ok accepts only a valid one)')
  })
})
