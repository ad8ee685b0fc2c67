// `config edit` on a pseudo-terminal, with a scripted editor standing in for a person.
import {expect} from 'chai'
import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {runCli} from '../../support/cli.js'
import {runInPty} from '../../support/pty.js'
import {ID, SECRET, readJson, snapshot, tempDir} from '../helpers.js'

const EDITOR = `${process.execPath} ${fileURLToPath(new URL('../../support/scripted-editor.mjs', import.meta.url))}`

describe('config edit (pty, scripted editor)', () => {
  let dir: string
  let script: string
  const steps = async (s: object[]) => writeFile(script, JSON.stringify(s))
  const shown = async () => (await readFile(`${script}.log`, 'utf8')).trim().split('\n').map((l) => JSON.parse(l))
  const edit = (args: string[] = [], env: Record<string, string | undefined> = {}) =>
    runInPty(['service', 'config', 'edit', '--path', dir, ...args], [], {EDITOR, EDITOR_SCRIPT: script, NO_COLOR: '1', ...env})

  beforeEach(async () => {
    const root = await tempDir()
    dir = join(root, 'peer')
    script = join(root, 'script.json')
    expect((await runCli(['service', 'config', 'create', '--path', dir, '--peername', 'p0', '--secret', SECRET])).code).to.equal(0)
  })

  it('opens a private temp copy; a valid change is validated, written in Go form and reported', async () => {
    await steps([{replace: ['"peername": "p0"', '"peername": "edited"']}])
    const r = await edit()
    expect(r.code, r.output).to.equal(0)
    const [first] = await shown()
    expect(first.mode).to.equal(0o600)
    expect(first.file).not.to.contain(dir)
    expect(first.text).to.match(/^# Editing .*service\.json\. Lines starting with '#' are ignored\./)
    expect(r.output).to.contain('~ cluster.peername: "p0" -> "edited"')
    expect((await readJson(join(dir, 'service.json'))).cluster.peername).to.equal('edited')
    expect(await readFile(join(dir, 'service.json'), 'utf8')).to.match(/^\{\n  "cluster": \{\n    "peername": "edited",/)
  })

  it('an invalid edit reopens with the errors on top as comments; fixed, it is written', async () => {
    await steps([{replace: ['"replication_factor_min": -1', '"replication_factor_min": 5']}, {replace: ['"replication_factor_max": -1', '"replication_factor_max": 6']}])
    const r = await edit()
    expect(r.code, r.output).to.equal(0)
    const rounds = await shown()
    expect(rounds).to.have.length(2)
    expect(rounds[1].text).to.match(/# The edit was not saved: fix these errors.*\n#   .*service\.json: cluster\.replication_factor_min and replication_factor_max must both be -1 when one of them is\n/)
    expect(rounds[1].text).to.contain('"replication_factor_min": 5') // the user's edit is kept
    const svc = await readJson(join(dir, 'service.json'))
    expect(svc.cluster).to.include({replication_factor_min: 5, replication_factor_max: 6})
  })

  it('broken JSON reopens with its position; quitting without a change then writes nothing (exit 4)', async () => {
    const before = await snapshot(dir)
    await steps([{replace: ['"peername": "p0",', '"peername": "p0"']}, {keep: true}])
    const r = await edit()
    expect(r.code, r.output).to.equal(4)
    expect((await shown())[1].text).to.match(/#   the edited file is not valid JSON at line \d+ column \d+/)
    expect(r.output).to.contain('edit abandoned with errors')
    expect(await snapshot(dir)).to.deep.equal(before)
  })

  it('quitting without a change writes nothing (exit 0); --dry-run reports and writes nothing', async () => {
    const before = await snapshot(dir)
    await steps([{keep: true}])
    const r = await edit()
    expect(r.code, r.output).to.equal(0)
    expect(r.output).to.contain('no changes;')
    await writeFile(`${script}.count`, '0')
    await steps([{replace: ['"peername": "p0"', '"peername": "dry"']}])
    const dry = await edit(['--dry-run'])
    expect(dry.code, dry.output).to.equal(0)
    expect(dry.output).to.contain('~ cluster.peername: "p0" -> "dry"')
    expect(dry.output).to.contain('dry run:')
    expect(await snapshot(dir)).to.deep.equal(before)
  })

  it('a config changed on disk meanwhile is not overwritten', async () => {
    const file = join(dir, 'service.json')
    const changed = (await readFile(file, 'utf8')).replace('"peername": "p0"', '"peername": "other-writer"')
    await steps([{replace: ['"peername": "p0"', '"peername": "mine"'], alsoWrite: [file, changed]}])
    const r = await edit()
    expect(r.code, r.output).to.equal(1)
    expect(r.output).to.contain('changed on disk while it was being edited; nothing written')
    expect((await readJson(file)).cluster.peername).to.equal('other-writer')
  })

  it('secrets in a change are redacted in the report', async () => {
    await steps([{replace: [SECRET, 'a'.repeat(64)]}])
    const r = await edit()
    expect(r.code, r.output).to.equal(0)
    expect(r.output).to.contain('~ cluster.secret: "<redacted: use --show-secrets>" -> "<redacted: use --show-secrets>"')
    expect(r.output).not.to.contain('a'.repeat(64))
  })

  it('works on a follower too', async () => {
    const base = await tempDir()
    expect((await runCli(['follow', 'config', 'create', 't', '--path', base, '--leader', `/ip4/10.0.0.1/tcp/9096/p2p/${ID}`, '--secret', SECRET, '--peername', 'f'])).code).to.equal(0)
    await steps([{replace: ['"peername": "f"', '"peername": "g"']}])
    const r = await runInPty(['follow', 'config', 'edit', 't', '--path', base], [], {EDITOR, EDITOR_SCRIPT: script, NO_COLOR: '1'})
    expect(r.code, r.output).to.equal(0)
    expect((await readJson(join(base, 't', 'service.json'))).cluster.peername).to.equal('g')
  })

  it('without a terminal, in CI, or without an editor it is a usage error (exit 2)', async () => {
    const before = await snapshot(dir)
    const ci = await runCli(['service', 'config', 'edit', '--path', dir], {env: {EDITOR}})
    expect(ci.code).to.equal(2)
    expect(ci.stderr).to.contain('config edit opens an editor, so it needs a terminal')
    const inPtyButCi = await edit([], {CI: 'true'})
    expect(inPtyButCi.code).to.equal(2)
    const noEditor = await runInPty(['service', 'config', 'edit', '--path', dir], [], {EDITOR: undefined, VISUAL: undefined, NO_COLOR: '1'})
    expect(noEditor.code).to.equal(2)
    expect(noEditor.output).to.contain('set VISUAL or EDITOR')
    expect(await snapshot(dir)).to.deep.equal(before)
  })
})
