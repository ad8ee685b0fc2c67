// Bundles the fast path (dist/cli/fast.js and the handlers it imports) into dist/fast/: one chunk per
// handler plus shared chunks, so that a command loads a handful of files instead of some forty ES
// modules (each costs a resolve, a read and a compile at every start). Packages stay external and
// load from node_modules as usual. Runs after tsc, from `npm run build`.
import {build} from 'esbuild'
import {rm} from 'node:fs/promises'

await rm('dist/fast', {recursive: true, force: true})
await build({
  entryPoints: ['dist/cli/fast.js'],
  outdir: 'dist/fast',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
})
