// Builds the dashboard into dist/dashboard/ (what `serve` serves): the page's TypeScript bundled and
// minified by esbuild, with its HTML and CSS beside it. No CDN, nothing fetched at run time.
import {build} from 'esbuild'
import {copyFile, mkdir, readdir, stat} from 'node:fs/promises'

const src = 'src/web/dashboard'
const out = 'dist/dashboard'
await mkdir(out, {recursive: true})
await build({entryPoints: [`${src}/app.ts`], bundle: true, minify: true, format: 'esm', target: 'es2022', outfile: `${out}/app.js`, logLevel: 'warning'})
for (const f of ['index.html', 'app.css']) await copyFile(`${src}/${f}`, `${out}/${f}`)
let total = 0
for (const f of await readdir(out)) total += (await stat(`${out}/${f}`)).size
console.log(`${out}: ${(total / 1024).toFixed(1)} KB (html, js, css)`)
