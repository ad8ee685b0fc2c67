// `service config edit` and `follow config edit`, in the manner of `kubectl edit`: the file opens in
// $VISUAL/$EDITOR (a 0600 temp copy in a 0700 folder); what is saved is checked with the daemon's
// rules and reopened with the errors on top as comments until it is valid, or the user quits without
// changing it. Nothing is written unless it is valid and changed, nor over a file changed meanwhile.
import {spawnSync} from 'node:child_process'
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {isDeepStrictEqual} from 'node:util'

import {type ConfigTarget, type EditResult, withTarget} from '../../core/config-target.js'
export type {EditResult} from '../../core/config-target.js'
import {diffConfigs} from '../../core/diff.js'
import {ExitCode, UserError} from '../../core/errors.js'
import {parseJsonText, writeFilesAtomic} from '../../core/files.js'
import {failOnErrors} from '../../core/service-config.js'
import {type Problem, formatProblem} from '../../core/validate.js'
import type {Io} from '../io.js'
import {printEditResult} from '../../ops/summary.js'

const HEADER = (file: string) =>
  `# Editing ${file}. Lines starting with '#' are ignored.\n` +
  `# Save and quit to apply (it is validated first); quit without saving to cancel.\n`

/** The editor a person chose, or a usage error when there is no terminal to run it on. */
function editorCommand(noPrompt: boolean): string {
  if (!process.stdin.isTTY || !process.stdout.isTTY || process.env.CI || noPrompt)
    throw new UserError('config edit opens an editor, so it needs a terminal (stdin and stdout), CI unset and no --no-prompt; in scripts use config set / config unset', ExitCode.usage)
  const editor = process.env.VISUAL || process.env.EDITOR
  if (!editor) throw new UserError('config edit needs an editor: set VISUAL or EDITOR (e.g. export EDITOR=nano)', ExitCode.usage)
  return editor
}

function runEditor(editor: string, file: string): void {
  // Through the shell, as git does, so that EDITOR="code --wait" works.
  const r = spawnSync('/bin/sh', ['-c', `${editor} "$1"`, editor, file], {stdio: 'inherit'})
  if (r.error || r.status !== 0)
    throw new UserError(`the editor (${editor}) ${r.error ? `could not start: ${(r.error as NodeJS.ErrnoException).code}` : `exited with ${r.status ?? r.signal}`}; nothing written`, ExitCode.unexpected)
}

const stripComments = (text: string) =>
  text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')

/** What is wrong with the edited text, as the comment lines shown on top of the next round. */
function problemsOf(target: ConfigTarget, text: string, file: string): {config?: Record<string, unknown>; errors: string[]; warnings: Problem[]} {
  let value: unknown
  try {
    value = parseJsonText(text, 'the edited file')
  } catch (error) {
    if (error instanceof UserError) return {errors: [error.message], warnings: []}
    throw error
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {errors: ['the edited file must hold a JSON object'], warnings: []}
  const problems = target.validate(value as Record<string, unknown>, file)
  return {
    config: value as Record<string, unknown>,
    errors: problems.filter((p) => p.severity === 'error').map(formatProblem),
    warnings: problems.filter((p) => p.severity === 'warning'),
  }
}

export async function configEdit(target: ConfigTarget, flags: {'dry-run'?: boolean; 'show-secrets'?: boolean; 'no-prompt'?: boolean}, io: Io): Promise<EditResult> {
  const editor = editorCommand(!!flags['no-prompt'])
  const {file, config} = await target.read()
  const original = await readFile(file, 'utf8')
  const dir = await mkdtemp(join(tmpdir(), 'ipfs-cluster-config-edit-'))
  const tmp = join(dir, 'service.json')
  let keep = false
  try {
    let body = original
    let errors: string[] = []
    for (;;) {
      const comments = errors.length === 0 ? '' : `# The edit was not saved: fix these errors, or quit without changes to give up.\n${errors.map((e) => `#   ${e}`).join('\n')}\n#\n`
      await rm(tmp, {force: true})
      await writeFile(tmp, HEADER(file) + comments + body, {mode: 0o600, flag: 'wx'})
      runEditor(editor, tmp)
      const edited = stripComments(await readFile(tmp, 'utf8'))
      if (edited.trim() === body.trim()) {
        if (errors.length > 0) throw new UserError(`edit abandoned with errors (${errors[0]}); nothing written to ${file}`, ExitCode.invalid)
        io.note(`no changes; ${file} was not touched`)
        return {status: 'cancelled', file, changes: [], warnings: []}
      }
      const checked = problemsOf(target, edited, file)
      body = edited
      errors = checked.errors
      if (errors.length > 0) {
        io.note(`the edit has ${errors.length} error${errors.length > 1 ? 's' : ''}; reopening the editor`)
        continue
      }
      const next = checked.config!
      const changes = diffConfigs(config, next, target.root, flags['show-secrets'])
      if (isDeepStrictEqual(next, config)) {
        io.note(`no changes; ${file} was not touched`)
        return {status: 'cancelled', file, changes: [], warnings: checked.warnings}
      }
      const status = await withTarget(target, flags['dry-run'], async () => {
        if ((await readFile(file, 'utf8')) !== original) {
          keep = true
          throw new UserError(`${file} changed on disk while it was being edited; nothing written (your version is in ${tmp})`, ExitCode.unexpected, {
            nextSteps: ['run config edit again, and carry your changes over'],
          })
        }
        failOnErrors(target.validate(next, file), 'nothing written')
        if (flags['dry-run']) return 'dry-run' as const
        await writeFilesAtomic([{path: file, content: target.serialize(next)}])
        return 'written' as const
      })
      const result = {status, file, changes, warnings: checked.warnings}
      if (!io.json) printEditResult(result, io.log, io.note)
      return result
    }
  } finally {
    if (!keep) await rm(dir, {recursive: true, force: true})
  }
}
