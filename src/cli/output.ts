import type {GetResult} from '../core/config-read.js'
import {ExitCode, UserError} from '../core/errors.js'
import type {Io} from './io.js'

// Printing values for people and scripts: a scalar prints raw (so `$(... get KEY)` works), a
// structure as 2-space JSON.
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value, null, 2)
}

/** --raw and --json are two forms of one answer: one of them. */
export function checkGetForm(flags: {raw?: boolean}, io: Io): void {
  if (flags.raw && io.json) throw new UserError('--raw and --json cannot be used together: --raw prints the value alone, --json the result document', ExitCode.usage)
}

/** What `config get` prints: the value (raw text for a scalar, or JSON with --raw), and notes on stderr. */
export function printGetResult(r: Pick<GetResult, 'value' | 'redacted' | 'source' | 'key' | 'file'>, raw: boolean | undefined, io: Io): void {
  if (io.json) return
  io.log(raw ? JSON.stringify(r.value, null, 2) : formatValue(r.value))
  if (r.redacted.length > 0) io.note(`redacted: ${r.redacted.join(', ')} (use --show-secrets to reveal)`)
  if (r.source === 'default') io.note(`${r.key} is not in ${r.file}; this is the daemon's default`)
}
