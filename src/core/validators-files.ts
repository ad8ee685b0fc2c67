// Where the build puts the precompiled validators and their V8 code cache: beside validators.js in dist/core.
// Its own module, so the build script can name the files without loading any validator.
export const VALIDATORS_CODE = 'validators.generated.vm.js'
export const VALIDATORS_CACHE = 'validators.generated.v8cache'
