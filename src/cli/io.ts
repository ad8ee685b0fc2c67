// How handlers talk to the user: data lines on stdout, diagnostics on stderr, one JSON document
// under --json. Shared by the oclif commands and the fast path (src/cli/fast.ts).
import {ExitCode, UserError, errorDocument} from '../core/errors.js'
import {fsError} from '../core/fs-errors.js'

export interface Io {
  /** A line of the command's data (stdout); silent under --json. */
  log(line: string): void
  /** A diagnostic line (stderr); silent under --json. */
  note(line: string): void
  json: boolean
  /** stdin and stdout are terminals, CI unset, no --no-prompt, no --json. */
  canPrompt: boolean
}

type Paint = (line: string, stream: 'stdout' | 'stderr') => string
let paint: Paint | undefined

/**
 * Loads the colour module when a line may be painted (a terminal, or FORCE_COLOR); never under
 * --json. Kept out of the way otherwise, so that scripts do not pay for it.
 */
export async function loadColour(json: boolean): Promise<void> {
  if (json || (process.env.FORCE_COLOR === undefined && !process.stdout.isTTY && !process.stderr.isTTY)) return
  const style = await import('./style.js')
  await style.loadChalk()
  paint = style.paint
}

/** Writes a line of data (stdout) or a diagnostic (stderr), painted when colour is on. */
export function writeLine(stream: 'stdout' | 'stderr', line: string): void {
  process[stream].write((paint ? line.split('\n').map((l) => paint!(l, stream)).join('\n') : line) + '\n')
}

export function canPrompt(noPrompt: boolean, json: boolean): boolean {
  return !!process.stdin.isTTY && !!process.stdout.isTTY && !process.env.CI && !noPrompt && !json
}

/** Prints a user error as every command does: one line (plus next steps), or the JSON document. */
export function printUserError(err: UserError, json: boolean): void {
  process.exitCode = err.exitCode
  if (json) {
    process.stdout.write(JSON.stringify(errorDocument(err), null, 2) + '\n')
    return
  }
  writeLine('stderr', `Error: ${err.message}`)
  for (const step of err.nextSteps) writeLine('stderr', `  try: ${step}`)
}

/**
 * The last resort for an error no code path turned into a UserError: a file system errno becomes
 * its one-line message (exit 10); anything else is exit 1 with its message, as the error document
 * under --json. Never Node's raw error object, never a stack trace (unless DEBUG).
 */
export function printUnexpectedError(err: Error, json: boolean): void {
  const sys = err as NodeJS.ErrnoException
  const mapped = sys.code && sys.path ? fsError(err, sys.path, sys.syscall ?? 'use') : err
  if (mapped instanceof UserError) return printUserError(mapped, json)
  if (err instanceof RangeError && /call stack/i.test(err.message)) return printUserError(new UserError('the input is nested too deeply', ExitCode.invalid), json)
  process.exitCode = ExitCode.unexpected
  if (json) {
    process.stdout.write(JSON.stringify(errorDocument(err), null, 2) + '\n')
    return
  }
  writeLine('stderr', `Error: ${err.message}`)
  if (process.env.DEBUG && err.stack) process.stderr.write(err.stack + '\n')
}

export {ExitCode, UserError}
