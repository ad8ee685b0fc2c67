// Precompiles the JSON Schemas into plain validation code (Ajv "standalone"), so the CLI neither
// imports Ajv nor compiles schemas at run time. Runs after tsc, on the compiled schemas.
// The code is a function expression `(function (exports, formats) {...})` that src/core/validators.ts runs with
// node:vm, next to a V8 code cache made here after one call of each validator: the service validator is one
// 200 KB function, and compiling it at its first call would otherwise cost more than the rest of a `get`.
import {Ajv, _} from 'ajv'
import standaloneCode from 'ajv/dist/standalone/index.js'
import {writeFile} from 'node:fs/promises'
import {fileURLToPath} from 'node:url'
import vm from 'node:vm'

import {AJV_OPTIONS, KEYWORDS, formats} from '../dist/core/formats.js'
import {identitySchema} from '../dist/core/schema/identity.js'
import {serviceSchema} from '../dist/core/schema/service.js'
import {VALIDATORS_CACHE, VALIDATORS_CODE} from '../dist/core/validators-files.js'

const ajv = new Ajv({...AJV_OPTIONS, code: {source: true, esm: false, formats: _`formats`}})
for (const k of KEYWORDS) ajv.addKeyword(k)
for (const [name, fn] of Object.entries(formats)) ajv.addFormat(name, fn)
ajv.addSchema(serviceSchema, 'service').addSchema(identitySchema, 'identity')
const code = `(function (exports, formats) {${(standaloneCode.default ?? standaloneCode)(ajv, {service: 'service', identity: 'identity'})}\n})`

const codeFile = new URL(VALIDATORS_CODE, new URL('../dist/core/', import.meta.url))
const cacheFile = new URL(VALIDATORS_CACHE, new URL('../dist/core/', import.meta.url))
await writeFile(codeFile, code)
const script = new vm.Script(code, {filename: fileURLToPath(codeFile)})
const validators = {}
script.runInThisContext()(validators, formats)
validators.service({})
validators.identity({})
await writeFile(cacheFile, script.createCachedData())
console.log(`dist/core/${VALIDATORS_CODE}: service and identity validators precompiled, with a V8 code cache`)
