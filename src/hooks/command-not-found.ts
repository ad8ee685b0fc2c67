// An unknown command: one line naming it as typed (spaces, not oclif's colons), the nearest command, a pointer to
// --help, exit 2; under --json the error document. (What @oclif/plugin-not-found does, whose current releases need
// Node 22 and cannot print our JSON document.)
import {Errors, type Hook} from '@oclif/core'

import {ExitCode, UserError} from '../core/errors.js'
import {levenshtein} from '../core/keys.js'
import {printUserError} from '../cli/io.js'

/** The mistyped word fixed by the nearest word oclif knows at that place: the command (or topic) meant, if any. */
export function suggestCommand(id: string, ids: string[]): {typed: string[]; near?: string[]} {
  const words = id.split(':')
  const known = ids.map((i) => i.split(':'))
  const startsWith = (c: string[], prefix: string[]) => prefix.every((w, i) => c[i] === w)
  let k = 0
  while (k < words.length && known.some((c) => c.length > k && startsWith(c, words.slice(0, k + 1)))) k++
  // oclif joins every word it was given into the id; the command ends at the first unknown word.
  const typed = words.slice(0, k + 1)
  const siblings = [...new Set(known.filter((c) => c.length > k && startsWith(c, words.slice(0, k))).map((c) => c[k]))]
  let best: string | undefined
  let bestDistance = Infinity
  for (const w of siblings) {
    const d = levenshtein(words[k], w)
    if (d < bestDistance) [best, bestDistance] = [w, d]
  }
  if (best === undefined || bestDistance > Math.max(1, Math.floor(words[k].length / 3))) return {typed}
  const fixed = [...words.slice(0, k), best, ...words.slice(k + 1)]
  for (let n = fixed.length; n > k; n--) if (ids.includes(fixed.slice(0, n).join(':'))) return {typed, near: fixed.slice(0, n)}
  return {typed, near: fixed.slice(0, k + 1)}
}

const hook: Hook<'command_not_found'> = async function (options) {
  const {typed, near} = suggestCommand(options.id, options.config.commandIDs)
  const bin = options.config.bin
  const err = new UserError(`unknown command "${typed.join(' ')}"${near ? `; did you mean "${near.join(' ')}"?` : ''}`, ExitCode.usage, {
    nextSteps: [[bin, ...(near ?? typed.slice(0, -1)), '--help'].join(' ')],
  })
  printUserError(err, (options.argv ?? []).includes('--json'))
  throw new Errors.ExitError(ExitCode.usage)
}

export default hook
