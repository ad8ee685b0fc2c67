// Bundles the fast path: for every command with a handler (dist/cli/handlers/<topic>-<verb>.js), one
// self-contained CommonJS file dist/fast/<topic>.<verb>.cjs holding the fast path's parser, the handler
// with all of our code it uses, and the command's flags and arguments copied from oclif.manifest.json.
// A start then reads bin/run.js and that one file: CommonJS, because on Node 20 the ES module loader
// alone costs about 7 ms per start, and one file, because each further module costs a resolve, a read
// and a compile. Packages stay external: required from node_modules, or imported where they are ES
// modules only (chalk, loaded when colour may be on). Also dist/fast/env-names.cjs, the one constant
// bin/run.js needs before any bundle. Runs after tsc and scripts/manifest.mjs, from `npm run build`.
import {build} from 'esbuild'
import {existsSync, readFileSync} from 'node:fs'
import {rm} from 'node:fs/promises'
import {resolve} from 'node:path'

const manifest = JSON.parse(readFileSync('oclif.manifest.json', 'utf8'))
const FLAG_FIELDS = ['name', 'char', 'type', 'options', 'env', 'default', 'multiple', 'delimiter', 'required', 'integer']
const pick = (o, fields) => Object.fromEntries(fields.filter((f) => o[f] !== undefined).map((f) => [f, o[f]]))

const entries = {}
for (const [id, command] of Object.entries(manifest.commands)) {
  const handler = resolve(`dist/cli/handlers/${id.replaceAll(':', '-')}.js`)
  if (!existsSync(handler)) continue
  const def = {
    flags: Object.fromEntries(Object.entries(command.flags).map(([name, f]) => [name, pick(f, FLAG_FIELDS)])),
    args: Object.fromEntries(Object.entries(command.args ?? {}).map(([name, a]) => [name, pick(a, ['name', 'required'])])),
    strict: command.strict,
  }
  entries[id.replaceAll(':', '.')] =
    `import * as handler from ${JSON.stringify(handler)}\n` +
    `import {runFast} from ${JSON.stringify(resolve('dist/cli/fast.js'))}\n` +
    `export const main = (tokens) => runFast(tokens, ${JSON.stringify(def)}, handler)\n`
}
entries['env-names'] = `export {ENV_NO_HELP_CACHE} from ${JSON.stringify(resolve('dist/core/env-names.js'))}\n`

await rm('dist/fast', {recursive: true, force: true})
await build({
  entryPoints: Object.keys(entries).map((name) => ({in: `fast-entry:${name}`, out: name})),
  outdir: 'dist/fast',
  outExtension: {'.js': '.cjs'},
  bundle: true,
  format: 'cjs',
  // Our files find their neighbours (dist/core/, dist/dashboard/) relative to their own URL; a bundle
  // sits one folder deep in dist as they do, so its own URL resolves them alike.
  banner: {js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;'},
  define: {'import.meta.url': '__bundleUrl'},
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
  plugins: [
    {
      name: 'fast-entries',
      setup(b) {
        b.onResolve({filter: /^fast-entry:/}, (a) => ({path: a.path.slice('fast-entry:'.length), namespace: 'fast-entry'}))
        b.onLoad({filter: /.*/, namespace: 'fast-entry'}, (a) => ({contents: entries[a.path], resolveDir: process.cwd(), loader: 'js'}))
      },
    },
  ],
})
