// Reading secrets and values from a file or stdin (`-`), so they need not sit in argv or shell history.
// An empty read is refused: a pipe or file that turned out empty is a mistake, and an empty secret means an
// unprotected cluster, which must be asked for in so many words (`--secret ''`).
import {readFile} from 'node:fs/promises'

import {ExitCode, UserError} from '../core/errors.js'

async function readStdin(what: string): Promise<string> {
  if (process.stdin.isTTY) throw new UserError(`${what}: "-" reads from stdin, but stdin is a terminal; pipe the value in`, ExitCode.usage)
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8').trim()
}

const EMPTY_SECRET_HINT = "an empty secret (an unprotected cluster) is asked for with --secret ''"

/** The value "-" stands for; `what` names the flag or key in the message. */
export async function readStdinValue(what: string, ifEmpty = "to set an empty value, pass '' instead of \"-\""): Promise<string> {
  const value = await readStdin(what)
  if (value === '') throw new UserError(`${what}: stdin ("-") was empty; ${ifEmpty}`, ExitCode.usage)
  return value
}

export async function readSecretFile(path: string, flag: string): Promise<string> {
  let value: string
  try {
    value = (await readFile(path, 'utf8')).trim()
  } catch (error) {
    throw new UserError(`${flag}: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, ExitCode.usage)
  }
  if (value === '') throw new UserError(`${flag}: ${path} is empty; ${EMPTY_SECRET_HINT}`, ExitCode.usage)
  return value
}

/**
 * set --value-file: the value KEY takes from FILE. Only the final line break is dropped (editors add
 * one); an empty file is refused, as an empty stdin is.
 */
export async function readValueFile(path: string, key: string): Promise<string> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const {fsError} = await import('../core/fs-errors.js')
    const mapped = fsError(error, path, 'read')
    if (mapped instanceof UserError) throw mapped
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
    throw new UserError(`--value-file: cannot read ${path} (the value of ${key})${missing ? ': no such file' : ''}`, ExitCode.usage)
  }
  const value = text.replace(/\r?\n$/, '')
  if (value === '') throw new UserError(`--value-file: ${path} (the value of ${key}) is empty; to set an empty value, pass '' without --value-file`, ExitCode.usage)
  return value
}

/** --secret VALUE | --secret - | --secret-file PATH → the secret, or undefined when none given. */
export async function resolveSecret(flags: {secret?: string; 'secret-file'?: string}): Promise<string | undefined> {
  if (flags.secret !== undefined && flags['secret-file'] !== undefined)
    throw new UserError('--secret and --secret-file cannot be used together', ExitCode.usage)
  if (flags['secret-file'] !== undefined) return readSecretFile(flags['secret-file'], '--secret-file')
  if (flags.secret === '-') return readStdinValue('--secret', EMPTY_SECRET_HINT)
  return flags.secret
}
