#!/usr/bin/env node
// CommonJS (bin/package.json), because an ES module entry costs about 7 ms more to start on Node 20.
// A command with a handler runs from its own bundle, dist/fast/<topic>.<verb>.cjs (src/cli/fast.ts,
// scripts/bundle.mjs), without loading oclif; everything else, help and usage errors included, is oclif's.
// `<words> --help` into a pipe prints oclif's own text for it, rendered at build (scripts/help-cache.mjs).
'use strict'
const {existsSync, readFileSync} = require('node:fs')
const {join} = require('node:path')

const root = join(__dirname, '..')
const argv = process.argv.slice(2)
const isName = (w) => /^[a-z][a-z0-9-]*$/.test(w)

function cachedHelp() {
  if (argv.at(-1) !== '--help' || argv.length > 4 || !argv.slice(0, -1).every(isName) || process.stdout.isTTY) return false
  const {ENV_NO_HELP_CACHE} = require('../dist/fast/env-names.cjs')
  const env = process.env
  if (env[ENV_NO_HELP_CACHE] || env.OCLIF_COLUMNS || env.FORCE_COLOR) return false
  const words = argv.slice(0, -1)
  let text
  try {
    text = readFileSync(join(root, 'dist', 'help', `${words.length > 0 ? words.join('.') : 'index'}.txt`), 'utf8')
  } catch {
    return false // not one of ours (a plugin's command, a typo): oclif answers
  }
  // The root help names the platform and Node version it was rendered for.
  if (words.length === 0 && !text.includes(` ${process.platform}-${process.arch} node-${process.version}\n`)) return false
  process.stdout.write(text)
  return true
}

async function main() {
  if (cachedHelp()) return
  // The command: the longest run of leading words that names one (topics are separated by spaces).
  for (let words = Math.min(3, argv.length); words > 0; words--) {
    const name = argv.slice(0, words)
    if (!name.every(isName)) continue
    const bundle = join(root, 'dist', 'fast', `${name.join('.')}.cjs`)
    if (!existsSync(bundle)) continue
    if (await require(bundle).main(argv.slice(words))) return
    break
  }
  const {enableCompileCache} = await import('../dist/cli/compile-cache.js')
  enableCompileCache()
  const {execute} = await import('@oclif/core')
  // The package root, given outright: oclif would otherwise take bin/package.json for it.
  await execute({dir: root})
}

main()
