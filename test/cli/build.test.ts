// What `npm run build` ships for a fast start: the precompiled validators and a V8 code cache this Node accepts
// (a rejected cache still works, but every command would compile the 200 KB service validator again).
import {expect} from 'chai'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import vm from 'node:vm'

import {repoRoot} from '../support/cli.js'
import {VALIDATORS_CACHE, VALIDATORS_CODE} from '../../src/core/validators-files.js'

describe('build output', () => {
  it('the precompiled validators come with a V8 code cache that this Node accepts', () => {
    const codeFile = join(repoRoot, 'dist/core', VALIDATORS_CODE)
    const code = readFileSync(codeFile, 'utf8')
    const script = new vm.Script(code, {filename: codeFile, cachedData: readFileSync(join(repoRoot, 'dist/core', VALIDATORS_CACHE))})
    expect(script.cachedDataRejected).to.equal(false)
    const validators: {service: (d: unknown) => boolean; identity: (d: unknown) => boolean} = {} as never
    script.runInThisContext()(validators, {})
    expect(validators.identity({id: 1})).to.equal(false)
  })
})
