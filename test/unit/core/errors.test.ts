import {expect} from 'chai'

import {EXIT_CODE_HELP, ExitCode, UserError} from '../../../src/core/errors.js'

describe('core/errors', () => {
  it('the documented exit codes', () => {
    expect(ExitCode).to.deep.equal({ok: 0, unexpected: 1, usage: 2, notFound: 3, invalid: 4, exists: 5, unreachable: 6, inputRequired: 7, unknownKey: 8, locked: 9, fileAccess: 10})
  })
  it('EXIT_CODE_HELP lists every code once, in order', () => {
    const codes = [...EXIT_CODE_HELP.matchAll(/^ {2}(\d+) +\S/gm)].map((m) => Number(m[1]))
    expect(codes).to.deep.equal(Object.values(ExitCode))
  })
  it('UserError carries exit code, next steps and details', () => {
    const e = new UserError('x exists', ExitCode.exists, {nextSteps: ['use --force'], details: {a: 1}})
    expect(e).to.be.instanceOf(Error)
    expect(e.name).to.equal('UserError')
    expect(e.exitCode).to.equal(5)
    expect(e.nextSteps).to.deep.equal(['use --force'])
    expect(e.details).to.deep.equal({a: 1})
    expect(new UserError('m', 1).nextSteps).to.deep.equal([])
  })
})
