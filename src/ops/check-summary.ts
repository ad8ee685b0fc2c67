// The `cluster check` report for people, for the CLI and every transport: the peers, then the findings grouped by
// rule (each with its fix), then who sees whom. The --json output is the CheckResult itself.
import type {CheckResult, Matrix} from '../cluster/check.js'
import {RULES, type RuleId} from '../core/check/rules.js'

type Print = (line: string) => void

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

export function printCheck(r: CheckResult, log: Print, o: {color?: boolean} = {}): void {
  const paint = (code: number, text: string) => (o.color ? `\u001B[${code}m${text}\u001B[0m` : text)
  log(`cluster check: ${plural(r.peers.length, 'peer')}, ${plural(r.errors, 'error')}, ${plural(r.warnings, 'warning')}`)
  for (const p of r.peers) {
    const live = p.reachable ? `up ${p.version ?? ''} on ${p.api}`.replace('  ', ' ') : p.error ? `not live (${p.error})` : 'not live'
    log(`  ${p.name}  ${p.id ?? '(no id)'}  ${live}`)
  }
  const byRule = new Map<RuleId, CheckResult['findings']>()
  for (const f of r.findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f])
  for (const [rule, findings] of byRule) {
    const severity = RULES[rule].severity
    log('')
    log(`${paint(severity === 'error' ? 31 : 33, severity)} ${rule}: ${RULES[rule].summary}`)
    for (const f of findings) {
      log(`  - ${f.message}`)
      const involved = [f.peers.length > 0 ? `peers: ${f.peers.join(', ')}` : '', f.keys.length > 0 ? `keys: ${f.keys.join(', ')}` : ''].filter(Boolean).join('; ')
      if (involved) log(`    ${involved}`)
      log(`    fix: ${f.fix}`)
    }
  }
  if (r.matrix) {
    log('')
    printMatrix(r.matrix, log)
  }
  log('')
  log(r.findings.length === 0 ? 'no finding: the peers agree' : r.ok ? 'no error' : `failed (exit ${r.exitCode})`)
}

/** Rows: the peer asked; columns (numbered like the rows, so long names stay readable): listed in its /peers. */
export function printMatrix(m: Matrix, log: Print): void {
  log('who sees whom (row: the peer asked; column: listed in its /peers; ?: no answer):')
  const cell = (row: string, col: string) => {
    const v = m.sees[row][col]
    return v === null ? '?' : row === col ? (v ? 'self' : 'no') : v ? 'yes' : 'NO'
  }
  const num = (i: number) => String(i + 1).padStart(String(m.peers.length).length)
  log(`  ${' '.repeat(num(0).length)}  ${m.peers.map((_, i) => num(i).padEnd(4)).join('  ')}`.trimEnd())
  for (const [i, row] of m.peers.entries()) log(`  ${num(i)}  ${m.peers.map((col) => cell(row, col).padEnd(4)).join('  ')}  ${row}`)
}
