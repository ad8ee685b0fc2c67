#!/usr/bin/env node
// A command with a handler runs from its own bundle, dist/fast/<topic>.<verb>.js (src/cli/fast.ts,
// scripts/bundle.mjs), without loading oclif; everything else, help and usage errors included, is oclif's.
import {existsSync} from 'node:fs'

const argv = process.argv.slice(2)
let done = false
// The command: the longest run of leading words that names one (topics are separated by spaces).
for (let words = Math.min(3, argv.length); words > 0; words--) {
  const name = argv.slice(0, words)
  if (!name.every((w) => /^[a-z][a-z0-9-]*$/.test(w))) continue
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
