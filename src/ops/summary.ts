// Human-readable summaries of operation results (the --json output is the result object itself), for
// the CLI and every transport alike.
import type {CreateServiceResult} from '../core/service-config.js'
import type {Problem} from '../core/validate.js'
import {formatProblem} from '../core/validate.js'

type Print = (line: string) => void

export function printWarnings(warnings: Problem[], note: Print): void {
  for (const w of warnings) note(`warning: ${formatProblem(w)}`)
}

const SECRET_SOURCE = {generated: 'by a new random one', given: 'by the one given with --secret or --secret-file', 'from-env': 'by CLUSTER_SECRET', kept: 'kept'} as const

export function printCreateResult(r: CreateServiceResult, log: Print, note: Print): void {
  printWarnings(r.warnings, note)
  if (r.status === 'unchanged') {
    log(`${r.files.service} already exists and is valid; nothing changed (peer ${r.peerId})`)
    return
  }
  if (r.status === 'dry-run') {
    log(JSON.stringify(r.config, null, 2))
    note(`dry run: nothing was written to ${r.path}`)
    return
  }
  if (r.persistedFromEnv.length > 0) note(`applied from the environment: ${r.persistedFromEnv.join(', ')}`)
  log(`configuration written to ${r.files.service}`)
  log(r.identity === 'kept' ? `identity kept: ${r.files.identity}` : `new identity written to ${r.files.identity}`)
  if (r.status === 'overwritten') log(r.secret === 'kept' ? 'cluster secret kept' : `cluster secret replaced (${SECRET_SOURCE[r.secret]})`)
  log(`peerstore written to ${r.files.peerstore}`)
  log(`peer ${r.peerId} (${r.peername}), ${r.consensus}${r.datastore ? ' + ' + r.datastore : ''}`)
}

function show(v: unknown): string {
  return v === undefined ? '(unset)' : JSON.stringify(v)
}

export function printSetResult(r: import('../core/service-config.js').SetResult, log: Print, note: Print, dryRun: boolean): void {
  printWarnings(r.warnings, note)
  for (const c of r.changes) {
    // --add / --remove: each element that changed nothing says so.
    const star = Array.isArray(c.after) && c.after.includes('*')
    for (const e of c.noop ?? [])
      log(`${c.key}: ${show(e)} ${r.mode === 'remove' ? 'is not there (nothing removed)' : star ? 'is covered by "*" (every peer is trusted; nothing added)' : 'is already there (not added again)'}`)
    if (c.changed) log(`${c.key}: ${show(c.before)} -> ${show(c.after)}`)
    else if (!c.noop?.length) log(`${c.key}: ${show(c.after)} (unchanged)`)
  }
  if (dryRun) note(`dry run: ${r.file} was not changed`)
  else if (!r.written) note(`unchanged: ${r.file} already had these values`)
  else if (r.runningDaemon)
    note(`the peer's daemon is running${r.runningDaemon.pid ? ` (pid ${r.runningDaemon.pid})` : ''}: the change applies at its next restart`)
  else note('restart the daemon for the change to take effect')
}

export function printValidateResult(r: import('../core/service-config.js').ValidateResult, log: Print, note: Print): void {
  for (const c of r.fromEnv) note(`from the environment: ${c.variable} changes ${c.file} ${c.key}: ${show(c.from)} -> ${show(c.to)}`)
  for (const e of r.errors) note(`error: ${formatProblem(e)}`)
  printWarnings(r.warnings, note)
  const w = r.warnings.length ? `, ${r.warnings.length} warning${r.warnings.length > 1 ? 's' : ''}` : ''
  const env = r.fromEnv.length ? ` (with ${r.fromEnv.length} CLUSTER_* override${r.fromEnv.length > 1 ? 's' : ''})` : ''
  if (r.valid) log(`valid: ${r.files.service} and ${r.files.identity}${w}${env}`)
  else if (r.errors.length === 0) log(`invalid (--strict): ${r.warnings.length} warning${r.warnings.length > 1 ? 's' : ''}`)
  else log(`invalid: ${r.errors.length} error${r.errors.length > 1 ? 's' : ''}${w}${env}`)
}

export function printFollowCreateResult(r: import('../core/follow-config.js').CreateFollowResult, log: Print, note: Print): void {
  printWarnings(r.warnings, note)
  if (r.status === 'dry-run') {
    log(JSON.stringify(r.config, null, 2))
    note(`dry run: nothing was written to ${r.folder}`)
    return
  }
  if (r.status === 'unchanged') {
    log(`follower "${r.name}" already exists in ${r.folder} and is valid; nothing changed (peer ${r.peerId})`)
    return
  }
  log(`follower "${r.name}" written to ${r.folder} (${r.mode === 'source' ? `source ${r.source}` : `following ${r.trustedPeers.join(', ')}`})`)
  log(`peer ${r.peerId}`)
  log(`start it with: ipfs-cluster-follow --config ${r.folder.slice(0, -r.name.length - 1)} ${r.name} run`)
}

export function printStatus(r: import('../cluster/status.js').StatusResult, log: Print): void {
  const line = (label: string, value: string) => log(`${(label + ':').padEnd(10)}${value}`)
  line(r.kind === 'follow' ? 'follower' : 'peer', r.folder)
  if (!r.configured) {
    line('status', r.error ?? 'not configured')
    return
  }
  const state = r.healthy ? 'healthy' : r.reachable ? 'unhealthy' : 'down'
  // The error's own category word ("unreachable: ...") would repeat the state.
  const detail = r.error?.replace(/^(unreachable|unhealthy): /, '')
  line('status', `${state}${detail ? ` (${detail})` : ''}`)
  if (r.api) line('api', r.api)
  if (r.id) line('id', `${r.id} (${r.peername})${r.idMatchesIdentity === false ? ' - NOT the id in identity.json' : ''}`)
  else if (r.identityId) line('identity', r.identityId)
  if (r.version) line('version', r.version)
  if (r.reachable && r.id) {
    line('peers', String(r.peers.length))
    for (const p of r.peers) log(`  ${p.id} ${p.peername}${p.error ? ` (error: ${p.error})` : ''}`)
  }
  if (r.ipfs) line('ipfs', `${r.ipfs.id ?? '-'}${r.ipfs.error ? ` (error: ${r.ipfs.error})` : ''}`)
  line('binary', r.binary.version ? `${r.binary.name} ${r.binary.version} (${r.binary.path})` : (r.binary.error ?? '-'))
}

export function printConnect(r: import('../cluster/connect.js').ConnectResult, log: Print, note: Print): void {
  for (const c of r.changes) log(`${c.key}: ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`)
  if (r.changes.length === 0) log(`${r.folder} already knows ${r.leader.id}; nothing to change`)
  if (r.started) note(`started pid ${r.started.pid}; log: ${r.started.logFile}`)
  if (r.joined === true) log(`joined: ${r.peers.length} peer(s) visible, the leader ${r.leader.id} among them`)
  if (r.joined === false) for (const d of r.diagnosis) note(d.startsWith('log: ') ? `  ${d}` : `diagnosis: ${d}`)
}

/** Collects what the printers print, as one text (an operation's summary). */
export function collect(print: (log: Print, note: Print) => void): string {
  const out: string[] = []
  print(
    (l) => out.push(l),
    (l) => out.push(l),
  )
  return out.join('\n')
}

export function getSummary(r: import('../core/config-read.js').GetResult): string {
  const value = typeof r.value === 'string' ? r.value : JSON.stringify(r.value, null, 2)
  const out = [r.key ? `${r.key} = ${value}` : `${r.file}:\n${value}`]
  if (r.redacted.length > 0) out.push(`redacted: ${r.redacted.join(', ')} (pass show_secrets: true to reveal)`)
  if (r.source === 'default') out.push(`${r.key} is not in ${r.file}; this is the daemon's default`)
  return out.join('\n')
}

export function statusSummary(r: import('../cluster/status.js').StatusResult): string {
  return `${collect((log) => printStatus(r, log))}\nexit code: ${r.exitCode}`
}

export function printUnsetResult(r: import('../core/unset.js').UnsetResult, log: Print, note: Print, dryRun: boolean): void {
  printWarnings(r.warnings, note)
  for (const c of r.changes) {
    if (c.action === 'removed') log(`${c.key}: removed (was ${show(c.before)})`)
    else if (c.action === 'reset') log(`${c.key}: ${show(c.before)} -> ${show(c.after)} (reset to the upstream default: the daemon needs this key)`)
    else if (c.before === undefined) log(`${c.key}: not set; nothing to remove`)
    else log(`${c.key}: already the upstream default ${show(c.after)}`)
  }
  if (dryRun) note(`dry run: ${r.file} was not changed`)
  else if (!r.written) note(`${r.file} unchanged; nothing written`)
  else note('restart the daemon for the change to take effect')
}

/** "~ key: left -> right", "- key: left (removedNote)", "+ key: right (addedNote)". */
function printDifferences(differences: import('../core/diff.js').Difference[], log: Print, removedNote: string, addedNote: string): void {
  for (const d of differences) {
    if (d.kind === 'changed') log(`~ ${d.key}: ${show(d.here)} -> ${show(d.there)}`)
    else if (d.kind === 'removed') log(`- ${d.key}: ${show(d.here)} (${removedNote})`)
    else log(`+ ${d.key}: ${show(d.there)} (${addedNote})`)
  }
}

export function printEditResult(r: import('../core/config-target.js').EditResult, log: Print, note: Print): void {
  printWarnings(r.warnings, note)
  printDifferences(r.changes, log, 'removed', 'added')
  if (r.status === 'dry-run') note(`dry run: ${r.file} was not changed`)
  else note(`${r.file} written; restart the daemon for the change to take effect`)
}

export function printDiffResult(r: import('../core/diff.js').DiffResult, log: Print, note: Print): void {
  const other = r.against === 'defaults' ? "upstream's defaults" : r.against
  if (r.same) {
    note(`${r.file} and ${other} are the same`)
    return
  }
  printDifferences(r.differences, log, `only in ${r.file}`, `only in ${other}`)
  note(`${r.differences.length} difference${r.differences.length === 1 ? '' : 's'}: ${r.file} (~ left value -> right value) against ${other}`)
}

export function printFollowerList(r: {base: string; followers: import('../core/follow-config.js').FollowerEntry[]}, log: Print, note: Print): void {
  if (r.followers.length === 0) {
    note(`no followers in ${r.base}`)
    return
  }
  const rows = r.followers.map((f) => [
    f.name,
    f.mode ?? '-',
    f.source ?? (f.leaders.length > 0 ? f.leaders.join(',') : f.trustedPeers.join(',') || '-'),
    f.valid ? 'valid' : `invalid: ${formatProblem(f.errors[0])}`,
  ])
  const header = ['NAME', 'MODE', 'SOURCE / LEADERS', 'VALID']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (i < 3 ? row[i].length : 0))))
  for (const row of [header, ...rows]) log(row.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c)).join('  ').trimEnd())
}

export function printClusterResult(r: import('../core/cluster.js').ClusterResult, log: Print, note: Print): void {
  printWarnings(dedupeWarnings(r.warnings), note)
  if (r.persistedFromEnv.length > 0) note(`applied from the environment to every peer: ${r.persistedFromEnv.join(', ')}`)
  const verb = r.status === 'dry-run' ? 'would write' : 'wrote'
  const b = r.bundle
  log(`${verb} ${r.files.length} files in ${r.out} (${b.targets.join(', ')}): ${b.peers.length} ${b.consensus} peer${b.peers.length === 1 ? '' : 's'}`)
  for (const name of r.added) {
    const p = b.peers.find((x) => x.name === name)!
    log(`  + ${p.name} ${p.id} ${p.addresses[0]}`)
  }
  for (const name of r.removed) log(`  - ${name} (its folder ${r.status === 'dry-run' ? 'would be' : 'is'} deleted)`)
  if (r.status === 'dry-run') note(`dry run: nothing was written to ${r.out}`)
  for (const s of r.nextSteps) log(`next: ${s}`)
}

/** Every peer gets the same settings, so the same warning would repeat once per peer: say it once. */
function dedupeWarnings(warnings: Problem[]): Problem[] {
  const seen = new Set<string>()
  return warnings.filter((w) => {
    const key = `${w.key}\u0000${w.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
