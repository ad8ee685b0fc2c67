import {ExitCode} from '../../core/errors.js'
import {showIdentity} from '../../core/identity-ops.js'
import {servicePath} from '../../core/paths.js'
import type {Handler} from '../handler.js'

export const run: Handler = async ({flags}, io) => {
  const r = await showIdentity({path: servicePath(flags.path), showSecrets: flags['show-secrets']})
  if (!io.json) {
    io.log(`id:       ${r.id ?? '(missing)'}`)
    io.log(`key type: ${r.keyType ?? '(unreadable)'}`)
    io.log(`matches:  ${r.matches ? 'yes' : 'no: ' + r.problems.join('; ')}`)
    if (flags['show-secrets']) io.log(`private_key: ${r.private_key}`)
  }
  if (!r.matches) process.exitCode = ExitCode.invalid
  return r
}
