// Several `create`s racing on one folder that does not exist yet: exactly one creates the peer, every
// other one is exit 5 (already exists) in one line, and the winner's folder is whole and valid (a loser
// that had made the folder used to remove it, with the winner's files and lock candidate in it).
import {expect} from 'chai'
import {readdir} from 'node:fs/promises'
import {join} from 'node:path'

import {runCli} from '../../support/cli.js'
import {SECRET, tempDir} from '../helpers.js'

const WRITERS = 8
const ROUNDS = 3

describe('create: parallel creates on one new folder', function () {
  this.timeout(300_000)

  for (let round = 1; round <= ROUNDS; round++)
    it(`round ${round}: ${WRITERS} creates at once, one success, the others exit 5, the folder complete`, async () => {
      // Two missing levels: the racing writers also race to make the parent.
      const dir = join(tempDir(), 'new', 'peer')
      const results = await Promise.all(
        Array.from({length: WRITERS}, (_, i) => runCli(['service', 'config', 'create', '--path', dir, '--secret', SECRET, '--peername', `p${i}`])),
      )
      const codes = results.map((r) => r.code)
      expect(codes.filter((c) => c === 0), JSON.stringify(results.map((r) => [r.code, r.stderr]))).to.have.length(1)
      for (const r of results.filter((x) => x.code !== 0)) {
        expect(r.code, r.stderr).to.equal(5)
        expect(r.stderr.trim().split('\n')[0]).to.equal(`Error: ${join(dir, 'service.json')} already exists`)
        expect(r.stderr).to.not.match(/ENOENT|\n\s+at /)
      }
      // The winner's files, whole, and nothing else (no lock, no candidate, no temp file).
      expect((await readdir(dir)).sort()).to.deep.equal(['identity.json', 'peerstore', 'service.json'])
      const winner = results.findIndex((r) => r.code === 0)
      const get = await runCli(['service', 'config', 'get', '--path', dir, 'cluster.peername'])
      expect(get.stdout.trim()).to.equal(`p${winner}`)
      const validate = await runCli(['service', 'config', 'validate', '--path', dir])
      expect(validate.code, validate.stdout + validate.stderr).to.equal(0)
    })
})
