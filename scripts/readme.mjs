// Regenerates the command reference in README.md (between the <!-- commands --> markers) from the
// oclif manifest, so the README and --help cannot drift. Run after `npm run build`: npm run readme
import {readFile, writeFile} from 'node:fs/promises'

const manifest = JSON.parse(await readFile('oclif.manifest.json', 'utf8'))
const bin = JSON.parse(await readFile('package.json', 'utf8')).oclif.bin
const order = ['service:config:create', 'service:config:get', 'service:config:set', 'service:config:validate']
const ids = Object.keys(manifest.commands).sort((a, b) => {
  const ia = order.indexOf(a)
  const ib = order.indexOf(b)
  return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib) || a.localeCompare(b)
})

const out = []
for (const id of ids) {
  const c = manifest.commands[id]
  const name = id.replaceAll(':', ' ')
  const args = Object.values(c.args ?? {}).map((a) => (a.required ? a.name.toUpperCase() : `[${a.name.toUpperCase()}]`))
  if (c.strict === false) args.push(c.args?.value ? '[KEY VALUE ...]' : '[KEY ...]')
  out.push(`### \`${bin} ${name}\``, '', c.summary ?? '', '')
  out.push('```', `USAGE`, `  $ ${bin} ${name}${args.length ? ' ' + args.join(' ') : ''} [FLAGS]`, '', 'FLAGS')
  for (const f of Object.values(c.flags)) {
    if (f.hidden) continue
    const head = `${f.char ? `-${f.char}, ` : '    '}--${f.name}${f.type === 'option' ? (f.options ? `=${f.options.join('|')}` : '=<value>') : ''}`
    const extra = [f.env && !String(f.description).includes('env:') ? `env: ${f.env}` : '', f.default !== undefined && f.type === 'option' ? `default: ${f.default}` : '']
      .filter(Boolean)
      .join('; ')
    out.push(`  ${head.padEnd(44)} ${f.description ?? ''}${extra ? ` [${extra}]` : ''}`)
  }
  out.push('```', '')
  const desc = (c.description ?? '').split('\n\nEXIT CODES')[0]
  if (desc) out.push(desc, '')
  if (c.examples?.length) {
    out.push('Examples:', '', '```sh')
    for (const e of c.examples) out.push(e.replaceAll('<%= config.bin %>', bin))
    out.push('```', '')
  }
}

const readme = await readFile('README.md', 'utf8')
const start = '<!-- commands -->'
const end = '<!-- commandsstop -->'
const i = readme.indexOf(start)
const j = readme.indexOf(end)
if (i === -1 || j === -1) throw new Error('README.md lacks the <!-- commands --> markers')
await writeFile('README.md', readme.slice(0, i + start.length) + '\n' + out.join('\n') + readme.slice(j))
console.log(`README.md: ${ids.length} commands documented`)
