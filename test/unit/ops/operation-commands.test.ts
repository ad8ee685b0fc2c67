// Each operation names the command that does the same; the name and its usage must be that command's
// real words, arguments and flags, because the descriptions and the `mcp` help are built from them.
import {expect} from 'chai'

import Mcp from '../../../src/commands/mcp.js'
import {OPERATIONS, operationCommands} from '../../../src/ops/operations.js'

type CommandClass = {args?: Record<string, unknown>; flags?: Record<string, unknown>}

async function commandClass(words: string): Promise<CommandClass> {
  const module = (await import(`../../../src/commands/${words.split(' ').join('/')}.ts`)) as {default: CommandClass}
  return module.default
}

describe('operations: the commands they stand for', () => {
  for (const op of OPERATIONS) {
    it(`${op.name} → ${op.command}${op.usage ? ` ${op.usage}` : ''}`, async () => {
      const command = await commandClass(op.command)
      const words = (op.usage ?? '').split(' ').filter(Boolean)
      const flags = words.filter((w) => w.startsWith('--')).map((w) => w.slice(2))
      for (const flag of flags) expect(command.flags ?? {}, `--${flag} of ${op.command}`).to.have.property(flag)
      // Positional words: those that are neither a flag nor a flag's value.
      const positional = words.filter((w, i) => !w.startsWith('--') && !words[i - 1]?.startsWith('--'))
      expect(positional.length, `arguments of ${op.command}`).to.be.at.most(Object.keys(command.args ?? {}).length + (positional.at(-1)?.endsWith('...') ? 1 : 0))
      expect(op.description).to.match(new RegExp(`Same as \`ipfs-cluster-config ${op.command}${op.usage ? ` ${op.usage.replaceAll(/[.[\]]/g, '\\$&')}` : ''} --json\`\\.$`))
    })
  }

  it('the mcp summary lists every command, each once, grouped by topic', () => {
    const list = operationCommands()
    expect(list).to.equal('service config create|get|set, status, connect, follow config create|get|set, cluster create|add|remove|check')
    expect(Mcp.summary).to.contain(`(${list})`)
  })
})
