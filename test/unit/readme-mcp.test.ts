// The README says exactly which operations MCP offers: its tool table is the registry, no more, no less.
import {expect} from 'chai'
import {readFileSync} from 'node:fs'

import {OPERATION_NAMES} from '../../src/ops/operations.js'

describe('README: the MCP tools', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const section = readme.slice(readme.indexOf('## MCP server'), readme.indexOf('\n## ', readme.indexOf('## MCP server') + 1))

  it('the tool table lists exactly the registered operations', () => {
    const rows = [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1])
    expect(rows.sort()).to.deep.equal([...OPERATION_NAMES].sort())
  })

  it('names the commands the tools stand for, and those that are not tools, instead of "the same operations"', () => {
    expect(section).to.not.contain('the same operations as the commands')
    expect(section).to.contain('`service config create|get|set`, `follow config create|get|set`, `status`')
    expect(section).to.contain('are not MCP tools')
  })
})
