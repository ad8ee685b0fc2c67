// The dashboard and POST /api/cli/<tool> teach the command line: the command shown for a call must
// carry every argument of it, and be one the real command accepts (its flags, arguments and options).
import {Parser} from '@oclif/core'
import {expect} from 'chai'

import {equivalentWords} from '../../../src/ops/commands.js'
import {OPERATIONS} from '../../../src/ops/operations.js'

type Schema = {type?: string; enum?: unknown[]; minimum?: number; items?: Schema; properties?: Record<string, Schema>}
type CommandClass = {args?: Record<string, never>; flags?: Record<string, never>; strict?: boolean}

/** Arguments of a call that no command line needs: the dashboard's write precondition. */
const NOT_ON_THE_COMMAND_LINE = new Set(['if_version'])

/** A valid value of a schema property. */
function sample(s: Schema): unknown {
  if (s.enum) return s.enum.at(-1)
  switch (s.type) {
    case 'boolean': return true
    case 'integer': case 'number': return Math.max(s.minimum ?? 2, 2)
    case 'array': return [sample(s.items ?? {type: 'string'})]
    case 'object': return s.properties ? Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, sample(v)])) : {cluster: {peername: 'p'}}
    default: return 'value'
  }
}

describe('operations: the equivalent command line', () => {
  for (const op of OPERATIONS) {
    const properties = op.inputSchema.properties as Record<string, Schema>
    const required = Object.fromEntries(op.inputSchema.required.map((k) => [k, sample(properties[k])]))

    it(`${op.name}: every argument shows in it, and \`${op.command}\` parses it`, async () => {
      const command = ((await import(`../../../src/commands/${op.command.split(' ').join('/')}.ts`)) as {default: CommandClass}).default
      const base = equivalentWords(op.name, required)
      expect(base, `a command line for ${op.name}`).to.not.equal(undefined)
      for (const key of Object.keys(properties)) {
        if (op.inputSchema.required.includes(key) || NOT_ON_THE_COMMAND_LINE.has(key)) continue
        // A port needs its host; each argument is given with what it needs.
        const needs = key.endsWith('_port') ? {[key.replace(/_port$/, '_host')]: 'h'} : {}
        const without = equivalentWords(op.name, {...required, ...needs})!
        const built = equivalentWords(op.name, {...required, ...needs, [key]: sample(properties[key])})!
        expect(built, `${key} of ${op.name}`).to.not.deep.equal(without)
        const words = built.words.slice(op.command.split(' ').length)
        expect(built.words.slice(0, op.command.split(' ').length).join(' ')).to.equal(op.command)
        const parsed = await Parser.parse(words, {flags: command.flags ?? {}, args: command.args ?? {}, strict: command.strict ?? true})
        expect(parsed.nonExistentFlags ?? [], `${key}: ${words.join(' ')}`).to.deep.equal([])
      }
    })
  }
})
