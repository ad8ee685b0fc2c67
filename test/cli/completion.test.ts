// Shell completion (@oclif/plugin-autocomplete): the generated bash function completes our commands
// and flags in a real bash; the zsh function is valid zsh and knows the same commands.
import {expect} from 'chai'
import {execFile} from 'node:child_process'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {promisify} from 'node:util'

import {runCli} from '../support/cli.js'
import {tempDir} from './helpers.js'

const exec = promisify(execFile)

describe('shell completion (bash, zsh)', () => {
  let cache: string
  before(async () => {
    const home = await tempDir()
    const r = await runCli(['autocomplete', 'bash'], {env: {HOME: home, XDG_CACHE_HOME: join(home, 'cache')}})
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.contain('autocomplete script bash')
    cache = join(home, 'cache', 'ipfs-cluster-config', 'autocomplete')
  })

  const complete = async (line: string) => {
    const words = line.split(' ')
    const script = `source ${join(cache, 'functions/bash/ipfs-cluster-config.bash')}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; COMP_LINE='${line}'; COMP_POINT=\${#COMP_LINE}
_ipfs-cluster-config_autocomplete; printf '%s\\n' "\${COMPREPLY[@]}"`
    return (await exec('bash', ['-c', script])).stdout.trim().split('\n')
  }

  it('bash completes topics, commands and flags', async () => {
    expect(await complete('ipfs-cluster-config service config un')).to.deep.equal(['unset'])
    expect(await complete('ipfs-cluster-config follow config l')).to.deep.equal(['list'])
    expect(await complete('ipfs-cluster-config service config diff --')).to.include.members(['--against', '--defaults', '--path', '--json'])
  })

  it('zsh: the completion function parses and lists the commands', async () => {
    const file = join(cache, 'functions/zsh/_ipfs-cluster-config')
    await exec('zsh', ['-n', file])
    const text = await readFile(file, 'utf8')
    for (const command of ['unset', 'edit', 'diff', 'validate', 'list']) expect(text).to.contain(`"${command}[`)
    expect(text).to.contain('--no-env')
  })
})
