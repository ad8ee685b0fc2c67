// What every command shares: exit codes that survive --json (oclif 4 loses them, oclif/core#1423),
// user errors as one line with next steps and no stack trace, and the rule for when to prompt.
import {format} from 'node:util'

import {Command, Errors, Flags, type Interfaces} from '@oclif/core'

import {ExitCode, type ExitCodeValue, UserError} from '../core/errors.js'
import {type Handler, handlerName} from './handler.js'
import {applyLockTimeout} from './run-options.js'
import {positionalArgs} from './parse.js'
import {type Io, canPrompt, loadColour, printUnexpectedError, printUserError, writeLine} from './io.js'

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>

// oclif's FlagOutput/ArgOutput, which it does not export.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Parsed = {[name: string]: any}

export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true
  static override baseFlags = {
    'no-prompt': Flags.boolean({
      description: 'never prompt; fail with exit 7 when input is missing (also when CI is set or there is no TTY)',
      env: 'IPFS_CLUSTER_CONFIG_NO_PROMPT',
      helpGroup: 'GLOBAL',
    }),
  }

  /** Parses the command line with oclif and runs the command's handler (the fast path runs the same one). */
  protected async runHandler(): Promise<unknown> {
    const parsed = await this.parse(this.constructor as typeof BaseCommand)
    const {run} = (await import(`./handlers/${handlerName(this.id!)}.js`)) as {run: Handler}
    // The positional arguments in the order typed (oclif's argv scrambles repeated values).
    return run({args: parsed.args, argv: positionalArgs(parsed), flags: parsed.flags}, this.io(parsed.flags['no-prompt']))
  }

  /** Prompts only for a person: stdin and stdout are TTYs, CI unset, no --no-prompt, no --json. */
  protected canPrompt(noPrompt: boolean): boolean {
    return canPrompt(noPrompt, this.jsonEnabled())
  }

  /** Flags that configure the core for the whole run (the same for the fast path). */
  protected override async parse<F extends Parsed, B extends Parsed, A extends Parsed>(
    options?: Interfaces.Input<F, B, A>,
    argv?: string[],
  ): Promise<Interfaces.ParserOutput<F, B, A>> {
    const parsed = await super.parse(options, argv)
    applyLockTimeout(parsed.flags)
    return parsed
  }

  override async init(): Promise<void> {
    await super.init()
    await loadColour(this.jsonEnabled())
  }

  /** A line of data on stdout (painted on a terminal); silent under --json. */
  override log(message = '', ...args: unknown[]): void {
    if (!this.jsonEnabled()) writeLine('stdout', format(message, ...args))
  }

  /** A diagnostic line on stderr (stdout holds only the command's data). */
  protected note(message: string): void {
    writeLine('stderr', message)
  }

  /** The Io handlers print through. */
  protected io(noPrompt = false): Io {
    const json = this.jsonEnabled()
    return {log: (l) => this.log(l), note: (l) => !json && this.note(l), json, canPrompt: this.canPrompt(noPrompt)}
  }

  protected override async catch(err: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<unknown> {
    if (err instanceof UserError) {
      printUserError(err, this.jsonEnabled())
      throw new Errors.ExitError(err.exitCode)
    }
    if (err instanceof Errors.ExitError) throw err
    // oclif's own errors (unknown flag, bad option) carry their exit code in err.oclif.exit.
    const exit = err.oclif?.exit ?? ExitCode.unexpected
    process.exitCode = exit
    // oclif would print its whole error object under --json (the parser's input and the CLI's config), and ~40 lines
    // of help otherwise, pushing the error off the screen: one line and a pointer to --help instead.
    if (err.oclif) {
      const message = err.message
        .split('\n')
        .map((l) => l.replace(/^\s*›?\s*/, '').trim().replace(/^(\S+)\s{2,}(.+)$/, '$1 ($2)'))
        .filter((l) => l !== '' && !/^See more help with --help$/.test(l))
        .join('; ')
        .replace(/:; /g, ': ')
      const help = `${this.config.bin} ${this.id?.replaceAll(':', ' ') ?? ''} --help`.replace(/\s+/g, ' ')
      printUserError(new UserError(message, exit as ExitCodeValue, {nextSteps: [help]}), this.jsonEnabled())
      throw new Errors.ExitError(exit)
    }
    printUnexpectedError(err, this.jsonEnabled())
    throw new Errors.ExitError(process.exitCode as number)
  }
}
