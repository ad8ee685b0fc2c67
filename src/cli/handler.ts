// A command's work, apart from oclif: `src/cli/handlers/<topic>-<verb>.ts` exports `run`, which gets the
// parsed command line and an Io. The oclif command (BaseCommand.runHandler) and the fast path
// (fast.ts, which parses from the manifest without loading oclif) call the same `run`, so the two
// starts cannot behave differently.
import type {Io} from './io.js'

export interface ParsedInput {
  args: Record<string, string | undefined>
  /** Every positional argument, in order (commands with a variable number of them). */
  argv: string[]
  flags: Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- each handler names its own flags
}

export type Handler = (input: ParsedInput, io: Io) => Promise<unknown>

/** The file name of a command's handler in ./handlers/ (service:config:get → service-config-get). */
export function handlerName(id: string): string {
  return id.replaceAll(':', '-')
}
