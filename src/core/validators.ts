// The precompiled validators (scripts/ajv-standalone.mjs writes them at build time), loaded with their V8 code
// cache: the service validator is one large function, and compiling it on its first call would cost several
// milliseconds of every command's start. A cache from another Node version is rejected by V8 and the code is
// simply compiled; without the files (running from source, in tests) Ajv compiles the schemas instead.
import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {fileURLToPath} from 'node:url'
import vm from 'node:vm'

import type {ErrorObject} from 'ajv'

import {AJV_OPTIONS, KEYWORDS, formats} from './formats.js'
import {identitySchema} from './schema/identity.js'
import {serviceSchema} from './schema/service.js'
import {VALIDATORS_CACHE, VALIDATORS_CODE} from './validators-files.js'

export type Validator = ((data: unknown) => boolean) & {errors?: ErrorObject[] | null}
export interface Validators {
  service: Validator
  identity: Validator
}

// dist/core/ as seen from this module, whether it runs from dist/core or from the fast path's bundle (dist/fast).
const distCore = new URL('../core/', import.meta.url)

function loadPrecompiled(): Validators | undefined {
  const codeFile = fileURLToPath(new URL(VALIDATORS_CODE, distCore))
  let code: string
  try {
    code = readFileSync(codeFile, 'utf8')
  } catch {
    return undefined
  }
  let cachedData: Buffer | undefined
  try {
    cachedData = readFileSync(fileURLToPath(new URL(VALIDATORS_CACHE, distCore)))
  } catch {
    cachedData = undefined
  }
  const validators = {} as Validators
  ;(new vm.Script(code, {filename: codeFile, cachedData}).runInThisContext() as (exports: object, f: typeof formats) => void)(validators, formats)
  return validators
}

function compileAtRuntime(): Validators {
  // Required, not imported: the fast path's bundles are CommonJS, where a module has no top-level await.
  const {Ajv} = createRequire(import.meta.url)('ajv') as typeof import('ajv')
  const ajv = new Ajv(AJV_OPTIONS)
  for (const k of KEYWORDS) ajv.addKeyword(k)
  for (const [name, fn] of Object.entries(formats)) ajv.addFormat(name, fn)
  return {service: ajv.compile(serviceSchema), identity: ajv.compile(identitySchema)}
}

export const validators: Validators = loadPrecompiled() ?? compileAtRuntime()
