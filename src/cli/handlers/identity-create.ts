import {ExitCode, UserError} from '../../core/errors.js'
import type {KeyType} from '../../core/identity.js'
import {formatIdentities, formatIdentity, newIdentities, newIdentity} from '../../core/identity-ops.js'
import type {Handler} from '../handler.js'

export const run: Handler = async ({flags}, io) => {
  const format = (flags.format ?? 'json') as 'json' | 'env'
  if (flags.format === 'env' && io.json) throw new UserError('--format env and --json cannot be used together: --json prints the JSON result document', ExitCode.usage)
  if (flags.count !== undefined) {
    const identities = await newIdentities(flags['key-type'] as KeyType, flags.count)
    if (!io.json) process.stdout.write(formatIdentities(identities, format) + '\n')
    return identities
  }
  const identity = await newIdentity(flags['key-type'] as KeyType)
  if (!io.json) io.log(formatIdentity(identity, format))
  return identity
}
