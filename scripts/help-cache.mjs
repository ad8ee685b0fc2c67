// Caches oclif's own help text, as a pipe receives it (80 columns, no colour), for the root, every topic
// and every command of ours: dist/help/<words joined by '.'>.txt (the root is dist/help/index.txt).
// bin/run.js prints it for `<words> --help` when stdout is not a terminal, instead of loading oclif to
// render the same bytes again; on a terminal (its width, colour) and with OCLIF_COLUMNS or FORCE_COLOR
// set, oclif renders. Each text is what `bin/run.js <words> --help` printed here, with the cache off.
// Runs after tsc and scripts/manifest.mjs, from `npm run build`.
import {execFile} from 'node:child_process'
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises'
import {availableParallelism} from 'node:os'
import {promisify} from 'node:util'

import {ENV_NO_HELP_CACHE} from '../dist/core/env-names.js'

const run = promisify(execFile)
const manifest = JSON.parse(await readFile('oclif.manifest.json', 'utf8'))
const ids = Object.keys(manifest.commands)
// Topics: every prefix of a command id (service, service:config, ...).
const topics = new Set(ids.flatMap((id) => id.split(':').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join(':'))))
const subjects = ['', ...topics, ...ids]

const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(FORCE_COLOR|OCLIF_COLUMNS|DEBUG)$/.test(k)))
env[ENV_NO_HELP_CACHE] = '1'
env.NO_COLOR = '1'

await rm('dist/help', {recursive: true, force: true})
await mkdir('dist/help', {recursive: true})
const queue = [...subjects]
await Promise.all(
  Array.from({length: Math.min(4, availableParallelism())}, async () => {
    for (let subject = queue.shift(); subject !== undefined; subject = queue.shift()) {
      const words = subject === '' ? [] : subject.split(':')
      // stdout is a pipe here, as for a script reading the help.
      const {stdout} = await run(process.execPath, ['bin/run.js', ...words, '--help'], {env, maxBuffer: 1 << 20})
      await writeFile(`dist/help/${words.length === 0 ? 'index' : words.join('.')}.txt`, stdout)
    }
  }),
)
