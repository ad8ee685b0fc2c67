// Colour on a terminal (chalk), none for scripts: checked on a pseudo-terminal and through pipes.
import {expect} from 'chai'
import {join} from 'node:path'

import {runCli} from '../support/cli.js'
import {runInPty} from '../support/pty.js'
import {SECRET, tempDir} from './helpers.js'

const ESC = '\u001B['
const RED = `${ESC}31m`
const YELLOW = `${ESC}33m`
const GREEN = `${ESC}32m`
const BOLD = `${ESC}1m`
const TERMINAL = {NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: 'xterm-256color'}

describe('colour (pty)', () => {
  let dir: string
  before(async () => {
    dir = join(await tempDir(), 'peer')
    expect((await runCli(['service', 'config', 'create', '--path', dir, '--peername', 'p0', '--secret', SECRET])).code).to.equal(0)
    expect((await runCli(['service', 'config', 'unset', '--path', dir, 'api.pinsvcapi'])).code).to.equal(0)
  })

  it('on a terminal: warnings yellow, success green, keys and paths bold, errors red', async () => {
    const valid = await runInPty(['service', 'config', 'validate', '--path', dir], [], TERMINAL)
    expect(valid.code, valid.output).to.equal(0)
    expect(valid.output).to.contain(`${YELLOW}warning:`)
    expect(valid.output).to.contain(`${GREEN}valid:`)
    expect(valid.output).to.contain(`${BOLD}${join(dir, 'service.json')}`)
    const set = await runInPty(['service', 'config', 'set', '--path', dir, 'cluster.peername', 'p1'], [], TERMINAL)
    expect(set.output).to.contain(`${BOLD}cluster.peername${ESC}22m: "p0" -> "p1"`)
    const failed = await runInPty(['service', 'config', 'get', 'cluster.nope', '--path', dir], [], TERMINAL)
    expect(failed.code).to.equal(8)
    expect(failed.output).to.contain(`${RED}Error:`)
    expect(failed.output).not.to.contain(`${BOLD}/ip4`) // multiaddresses are not paths
  })

  it('none with NO_COLOR, with --json, or through a pipe; FORCE_COLOR forces it', async () => {
    const noColor = await runInPty(['service', 'config', 'validate', '--path', dir], [], {...TERMINAL, NO_COLOR: '1'})
    expect(noColor.output).to.contain('warning:')
    expect(noColor.output).not.to.contain(ESC)
    const json = await runInPty(['service', 'config', 'get', 'cluster.nope', '--path', dir, '--json'], [], TERMINAL)
    expect(json.code).to.equal(8)
    expect(json.output).not.to.contain(ESC)
    const piped = await runCli(['service', 'config', 'validate', '--path', dir], {env: {NO_COLOR: undefined, TERM: 'xterm-256color'}})
    expect(piped.stderr + piped.stdout).to.contain('warning:').and.not.contain(ESC)
    const forced = await runCli(['service', 'config', 'validate', '--path', dir], {env: {NO_COLOR: undefined, FORCE_COLOR: '1'}})
    expect(forced.stderr).to.contain(`${YELLOW}warning:`)
    expect(forced.stdout).to.contain(`${GREEN}valid:`)
    const fastForced = await runCli(['service', 'config', 'get', 'cluster.nope', '--path', dir], {env: {NO_COLOR: undefined, FORCE_COLOR: '1'}})
    expect(fastForced.stderr).to.contain(`${RED}Error:`)
  })
})
