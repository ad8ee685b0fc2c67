/** Exit codes, documented in the README and in every command's --help. */
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  notFound: 3,
  invalid: 4,
  exists: 5,
  unreachable: 6,
  inputRequired: 7,
  unknownKey: 8,
  locked: 9,
  fileAccess: 10,
} as const
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode]

export const EXIT_CODE_HELP = `EXIT CODES
  0   success
  1   unexpected failure
  2   usage error (unknown flag, bad argument)
  3   config not found / peer not initialised / a known key this config does not hold
  4   config invalid (validation failed); nothing written
  5   already exists (create without --force)
  6   daemon or API unreachable / not healthy / its binary not installed
  7   input required but prompting is not possible
  8   unknown key
  9   folder busy: another process holds its lock (waited --lock-timeout)
  10  file system refused: not a folder, permission denied, a symbolic link, read-only`

/**
 * A failure the user can fix. Carries the exit code, a one-line message naming the file, key or
 * flag, and optional next steps. Commands print it without a stack trace.
 */
export class UserError extends Error {
  readonly exitCode: ExitCodeValue
  readonly nextSteps: string[]
  readonly details: unknown
  constructor(message: string, exitCode: ExitCodeValue, options: {nextSteps?: string[]; details?: unknown} = {}) {
    super(message)
    this.name = 'UserError'
    this.exitCode = exitCode
    this.nextSteps = options.nextSteps ?? []
    this.details = options.details
  }
}

/** The error document `--json` prints (and every transport answers): {"error": {name, message, exit, nextSteps, details}}. */
export interface ErrorDocument {
  error: {name: string; message: string; exit: number; nextSteps: string[]; details: unknown}
}

export function errorDocument(error: unknown): ErrorDocument {
  if (error instanceof UserError)
    return {error: {name: 'UserError', message: error.message, exit: error.exitCode, nextSteps: error.nextSteps, details: error.details ?? null}}
  const e = error instanceof Error ? error : new Error(String(error))
  return {error: {name: e.name, message: e.message, exit: ExitCode.unexpected, nextSteps: [], details: null}}
}
