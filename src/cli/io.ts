// How handlers talk to the user: data lines on stdout, diagnostics on stderr, one JSON document
// under --json. Shared by the oclif commands and the fast path (src/cli/fast.ts).
import {ExitCode, UserError, errorDocument} from '../core/errors.js'

export interface Io {
  /** A line of the command's data (stdout); silent under --json. */
  log(line: string): void
  /** A diagnostic line (stderr); silent under --json. */
  note(line: string): void
  json: boolean
  /** stdin and stdout are terminals, CI unset, no --no-prompt, no --json. */
  canPrompt: boolean
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
  const steps = err.nextSteps.map((s) => `  try: ${s}`).join('\n')
  process.stderr.write(`Error: ${err.message}\n${steps ? steps + '\n' : ''}`)
}

export {ExitCode, UserError}
