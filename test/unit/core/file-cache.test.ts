// The cached JSON reader a long-running server uses: a file changed on disk is always seen, whoever
// changed it and however (an atomic rename, an in-place write of the same size, a back-dated mtime).
import {expect} from 'chai'
import {renameSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {RACY_MS, readJsonFileCached} from '../../../src/core/file-cache.js'
import {tempDir} from '../../support/tmp.js'

const OLD = new Date(Date.now() - 60_000)

describe('core: readJsonFileCached', () => {
  it('reuses the parsed value of an old unchanged file, frozen', async () => {
    const file = join(tempDir('icc-cache-'), 'a.json')
    writeFileSync(file, '{"a": {"b": 1}}')
    utimesSync(file, OLD, OLD) // ctime stays now: still read afresh until it is older than RACY_MS
    const first = await readJsonFileCached(file)
    const again = await readJsonFileCached(file)
    expect(again.value).to.deep.equal({a: {b: 1}})
    expect(Object.isFrozen((again.value as any).a)).to.equal(true)
    expect(first.value === again.value).to.equal(false) // ctime is recent: never trusted
  })

  it('sees an in-place write of the same size with the mtime put back, and an atomic replace', async () => {
    const dir = tempDir('icc-cache-')
    const file = join(dir, 'a.json')
    writeFileSync(file, '{"v": 1}')
    const one = await readJsonFileCached(file)
    writeFileSync(file, '{"v": 2}') // same size, same inode
    utimesSync(file, OLD, OLD)
    expect((await readJsonFileCached(file)).value).to.deep.equal({v: 2})
    writeFileSync(join(dir, 'tmp'), '{"v": 3}')
    renameSync(join(dir, 'tmp'), file)
    expect((await readJsonFileCached(file)).value).to.deep.equal({v: 3})
    expect(one.value).to.deep.equal({v: 1})
    expect(RACY_MS).to.be.at.least(2000)
  })

  it('errors are readJsonFile\'s and are not cached', async () => {
    const file = join(tempDir('icc-cache-'), 'a.json')
    await readJsonFileCached(file).then(() => expect.fail('read'), (e) => expect(e.exitCode).to.equal(3))
    writeFileSync(file, '{"v":')
    await readJsonFileCached(file).then(() => expect.fail('read'), (e) => expect(e.exitCode).to.equal(4))
    writeFileSync(file, '{"v": 5}')
    expect((await readJsonFileCached(file)).value).to.deep.equal({v: 5})
  })
})
