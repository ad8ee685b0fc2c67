// Writes oclif.manifest.json (what `oclif manifest` writes) without the heavy `oclif` dev package.
// The manifest lets oclif list and parse commands without importing every command module.
import {Flags, Plugin} from '@oclif/core'
import {rm, writeFile} from 'node:fs/promises'

await rm('oclif.manifest.json', {force: true})
const plugin = new Plugin({root: process.cwd(), type: 'core', ignoreManifest: true, errorOnManifestCreate: true, isRoot: true})
await plugin.load()
// Integer flags are marked (with their bounds): the manifest alone says only "option", and the fast path
// (src/cli/fast.ts, whose bundles copy their command's flags from here) must parse them as oclif does.
const integerParse = Flags.integer().parse
for (const [id, command] of Object.entries(plugin.manifest.commands)) {
  const loaded = await plugin.findCommand(id, {must: true})
  for (const [name, flag] of Object.entries({...loaded.baseFlags, ...loaded.flags}))
    if (flag.parse === integerParse) command.flags[name].integer = {min: flag.min, max: flag.max}
}
await writeFile('oclif.manifest.json', JSON.stringify(plugin.manifest, null, 2))
