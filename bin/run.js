#!/usr/bin/env node
// A command with a handler runs from its own bundle, dist/fast/<topic>.<verb>.js (src/cli/fast.ts,
// scripts/bundle.mjs), without loading oclif; everything else, help and usage errors included, is oclif's.
// `<words> --help` into a pipe prints oclif's own text for it, rendered at build (scripts/help-cache.mjs).
import {existsSync, readFileSync} from 'node:fs'

const argv = process.argv.slice(2)
const isName = (w) => /^[a-z][a-z0-9-]*$/.test(w)
let done = false
if (argv.at(-1) === '--help' && argv.length <= 4 && argv.slice(0, -1).every(isName) && !process.stdout.isTTY) {
  const {ENV_NO_HELP_CACHE} = await import('../dist/core/env-names.js')
  const env = process.env
  if (!env[ENV_NO_HELP_CACHE] && !env.OCLIF_COLUMNS && !env.FORCE_COLOR) {
    const words = argv.slice(0, -1)
    let text
    try {
      text = readFileSync(new URL(`../dist/help/${words.length > 0 ? words.join('.') : 'index'}.txt`, import.meta.url), 'utf8')
    } catch {
      // not one of ours (a plugin's command, a typo): oclif answers
    }
    // The root help names the platform and Node version it was rendered for.
    if (text !== undefined && (words.length > 0 || text.includes(` ${process.platform}-${process.arch} node-${process.version}\n`))) {
      process.stdout.write(text)
      done = true
    }
  }
}
// The command: the longest run of leading words that names one (topics are separated by spaces).
for (let words = Math.min(3, argv.length); words > 0 && !done; words--) {
  const name = argv.slice(0, words)
  if (!name.every(isName)) continue
  const bundle = new URL(`../dist/fast/${name.join('.')}.js`, import.meta.url)
  if (!existsSync(bundle)) continue
  done = await (await import(bundle.href)).main(argv.slice(words))
  break
}
if (!done) {
  const {enableCompileCache} = await import('../dist/cli/compile-cache.js')
  enableCompileCache()
  const {execute} = await import('@oclif/core')
  await execute({dir: import.meta.url})
}
