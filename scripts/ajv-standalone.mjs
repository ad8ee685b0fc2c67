// Precompiles the JSON Schemas into plain validation code (Ajv "standalone"), so the CLI neither
// imports Ajv nor compiles schemas at run time. Runs after tsc, on the compiled schemas.
import {Ajv, _} from 'ajv'
import standaloneCode from 'ajv/dist/standalone/index.js'
import {writeFile} from 'node:fs/promises'

import {AJV_OPTIONS, KEYWORDS, formats} from '../dist/core/formats.js'
import {identitySchema} from '../dist/core/schema/identity.js'
import {serviceSchema} from '../dist/core/schema/service.js'

const ajv = new Ajv({...AJV_OPTIONS, code: {source: true, esm: true, formats: _`formats`}})
for (const k of KEYWORDS) ajv.addKeyword(k)
for (const [name, fn] of Object.entries(formats)) ajv.addFormat(name, fn)
ajv.addSchema(serviceSchema, 'service').addSchema(identitySchema, 'identity')
const code = (standaloneCode.default ?? standaloneCode)(ajv, {service: 'service', identity: 'identity'})
await writeFile('dist/core/validators.generated.js', `import {formats} from './formats.js';\n${code}`)
console.log('dist/core/validators.generated.js: service and identity validators precompiled')
