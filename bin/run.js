#!/usr/bin/env node
// Commands with a handler run without oclif's startup (src/cli/fast.ts, bundled into dist/fast);
// everything else, help and usage errors included, is oclif's.
const {runFast} = await import('../dist/fast/fast.js')
if (!(await runFast(process.argv.slice(2), new URL('..', import.meta.url)))) {
  const {execute} = await import('@oclif/core')
  await execute({dir: import.meta.url})
}
