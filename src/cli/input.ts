// Reading secrets from a file or stdin (`-`), so they need not sit in argv or shell history.
import {readFile} from 'node:fs/promises'

import {ExitCode, UserError} from '../core/errors.js'

export async function readStdin(what: string): Promise<string> {
  if (process.stdin.isTTY) throw new UserError(`${what}: "-" reads from stdin, but stdin is a terminal; pipe the value in`, ExitCode.usage)
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8').trim()
}

export async function readSecretFile(path: string, flag: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim()
  } catch (error) {
    throw new UserError(`${flag}: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, ExitCode.usage)
  }
}

/** --secret VALUE | --secret - | --secret-file PATH → the secret, or undefined when none given. */
export async function resolveSecret(flags: {secret?: string; 'secret-file'?: string}): Promise<string | undefined> {
  if (flags.secret !== undefined && flags['secret-file'] !== undefined)
    throw new UserError('--secret and --secret-file cannot be used together', ExitCode.usage)
  if (flags['secret-file'] !== undefined) return readSecretFile(flags['secret-file'], '--secret-file')
  if (flags.secret === '-') return readStdin('--secret')
  return flags.secret
}
