// Writes oclif.manifest.json (what `oclif manifest` writes) without the heavy `oclif` dev package.
// The manifest lets oclif list and parse commands without importing every command module.
import {Plugin} from '@oclif/core'
import {rm, writeFile} from 'node:fs/promises'

await rm('oclif.manifest.json', {force: true})
const plugin = new Plugin({root: process.cwd(), type: 'core', ignoreManifest: true, errorOnManifestCreate: true, isRoot: true})
await plugin.load()
await writeFile('oclif.manifest.json', JSON.stringify(plugin.manifest, null, 2))
