// The dashboard: the managed peers with live health, a peer's config as form controls typed by the
// schema (raw JSON as "Advanced"), validated by the server's own validator (a dry-run set) before
// anything is written, the equivalent CLI command for every change, and stale edits refused by
// version. It only calls the same /api routes any client can.

type Obj = Record<string, unknown>
interface SchemaNode {
  type?: string | string[]
  properties?: Record<string, SchemaNode>
  additionalProperties?: SchemaNode | boolean
  items?: SchemaNode
  anyOf?: SchemaNode[]
  'x-secret'?: boolean
}
interface Problem {key: string; message: string; severity: string}
interface Status {healthy: boolean; reachable: boolean; error: string | null; id: string | null; peername: string | null; version: string | null; peers: {id: string; peername: string}[]}
interface Peer {
  key: string
  kind: 'service' | 'follow'
  name: string
  folder: string
  base?: string
  initialised: boolean
  id: string | null
  peername: string | null
  consensus: string | null
  source: string | null
  version: string | null
  validation: {valid: boolean; errors: Problem[]; warnings: Problem[]} | null
  status: Status | null
}
interface ErrorDoc {error: {message: string; exit: number; nextSteps: string[]; details: unknown}}

const REDACTED = '<redacted: use --show-secrets>'
const MASK = '•••'

/**
 * The common keys shown as form controls (the rest are in Advanced). ipfs-cluster-follow discards the
 * api section and serves its REST API on the follower's unix socket, so followers get no REST fields.
 */
const COMMON: {key: string; label: string; crdtOnly?: boolean; serviceOnly?: boolean}[] = [
  {key: 'cluster.peername', label: 'Peer name'},
  {key: 'cluster.replication_factor_min', label: 'Replication factor min'},
  {key: 'cluster.replication_factor_max', label: 'Replication factor max'},
  {key: 'cluster.listen_multiaddress', label: 'Swarm listen addresses'},
  {key: 'consensus.crdt.trusted_peers', label: 'Trusted peers', crdtOnly: true},
  {key: 'api.restapi.http_listen_multiaddress', label: 'REST API listen address', serviceOnly: true},
  {key: 'api.restapi.basic_auth_credentials', label: 'REST API basic auth (user:password per line)', serviceOnly: true},
  {key: 'cluster.secret', label: 'Cluster secret'},
]

const state = {
  peers: [] as Peer[],
  selected: undefined as string | undefined,
  schema: undefined as SchemaNode | undefined,
  config: undefined as {config: Obj; version: string} | undefined,
  revealed: false,
  dirty: new Map<string, unknown>(),
  stale: false,
  checkTimer: 0,
  /** The connect block outlives re-renders (the connect itself changes service.json, which re-renders the pane). */
  connect: undefined as {peer: string; leader: string; start: boolean; command: string; progress: HTMLOListElement; busy: boolean} | undefined,
}

// ---------------------------------------------------------------------------------------------
// small helpers

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | undefined> = {}, ...children: (Node | string | null | undefined)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue
    if (k === 'text') el.textContent = String(v)
    else el.setAttribute(k, v === true ? '' : v)
  }
  for (const c of children) if (c !== null && c !== undefined) el.append(c)
  return el
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T

async function api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ok: boolean; status: number; data: T}> {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? headers : {'Content-Type': 'application/json', ...headers},
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  })
  const data = (await res.json()) as T
  return {ok: res.ok, status: res.status, data}
}

/** An operation through /api/call: a refusal is a normal answer (status inside), not a failed request the console logs. */
async function call(tool: string, args: Obj, headers?: Record<string, string>): Promise<{ok: boolean; status: number; data: Obj & Partial<ErrorDoc>}> {
  const r = await api<{status: number; result: Obj & Partial<ErrorDoc>}>('POST', `/api/call/${tool}`, args, headers)
  return {ok: r.data.status === 200, status: r.data.status, data: r.data.result}
}

function getAt(obj: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Obj)[k] : undefined), obj)
}

function nodeAt(key: string): SchemaNode | undefined {
  let node = state.schema
  for (const k of key.split('.')) {
    const props = node?.properties
    node = props?.[k] ?? (typeof node?.additionalProperties === 'object' ? node.additionalProperties : undefined)
  }
  return node
}

type Kind = 'int' | 'bool' | 'list' | 'map' | 'text'
function kindOf(node: SchemaNode | undefined): Kind {
  const types = [node?.type ?? [], ...(node?.anyOf ?? []).map((n) => n.type ?? [])].flat()
  if (types.includes('integer') || types.includes('number')) return 'int'
  if (types.includes('boolean')) return 'bool'
  if (types.includes('array')) return 'list'
  if (types.includes('object')) return 'map'
  return 'text'
}

/** A follower goes by its cluster's name (`ipfs-cluster-follow NAME`); its peername is the host's by default. */
const title = (p: Peer) => (p.kind === 'follow' ? p.name : (p.peername ?? p.name))
const short = (id: string | null) => (id ? `${id.slice(0, 8)}…${id.slice(-6)}` : '—')
const selectedPeer = () => state.peers.find((p) => p.key === state.selected)

function health(p: Peer): {cls: string; text: string} {
  if (!p.initialised) return {cls: 'unknown', text: 'not initialised'}
  if (!p.status) return {cls: 'unknown', text: 'checking…'}
  if (p.status.healthy) return {cls: 'up', text: 'healthy'}
  return {cls: 'down', text: p.status.reachable ? 'unhealthy' : 'down'}
}

function activity(text: string, cls = ''): void {
  const list = $('activity')
  list.prepend(h('li', {class: cls, text: `${new Date().toLocaleTimeString()}  ${text}`}))
  while (list.children.length > 30) list.lastElementChild?.remove()
}

// ---------------------------------------------------------------------------------------------
// peers

async function loadPeers(): Promise<void> {
  const r = await api<{peers: Peer[]}>('GET', '/api/peers')
  state.peers = r.data.peers
  if (!state.selected && state.peers.length) state.selected = state.peers[0].key
  renderPeers()
}

function renderPeers(): void {
  const list = $('peers')
  list.replaceChildren(
    ...state.peers.map((p) => {
      const hl = health(p)
      const button = h(
        'button',
        {type: 'button', class: 'peer', 'aria-current': p.key === state.selected ? 'true' : undefined, 'data-peer': p.key},
        h('span', {class: `dot ${hl.cls}`, 'aria-hidden': 'true'}),
        h('span', {class: 'peer-name', text: title(p)}),
        h('span', {class: 'badge', text: p.kind === 'follow' ? 'follower' : 'service'}),
        h('span', {class: 'peer-health', 'data-health': hl.cls, text: hl.text}),
      )
      button.addEventListener('click', () => void select(p.key))
      return h('li', {}, button)
    }),
  )
}

async function select(key: string): Promise<void> {
  if (state.selected !== key) {
    state.selected = key
    state.dirty.clear()
    state.revealed = false
    state.stale = false
  }
  renderPeers()
  await loadConfig()
}

async function loadConfig(): Promise<void> {
  const p = selectedPeer()
  state.config = undefined
  if (p?.initialised) {
    const r = await api<{config: Obj; version: string}>('GET', `/api/peers/${p.key}/config${state.revealed ? '?show_secrets=true' : ''}`)
    if (r.ok) state.config = r.data
  }
  state.stale = false
  renderDetail()
}

// ---------------------------------------------------------------------------------------------
// the detail pane

function statusBlock(p: Peer): HTMLElement {
  const s = p.status
  const hl = health(p)
  const rows: [string, string][] = [
    ['Health', hl.text + (s?.error ? ` (${s.error})` : '')],
    ['Peer id', p.id ?? '—'],
    ['Peer name', p.peername ?? '—'],
    ['Consensus', p.consensus ?? (p.source ? `from ${p.source}` : '—')],
    ['Peers seen', s ? String(s.peers.length) : '—'],
    ['Version', s?.version ?? '—'],
    ['Folder', p.folder],
  ]
  return h('dl', {class: 'facts', id: 'status'}, ...rows.flatMap(([k, v]) => [h('dt', {text: k}), h('dd', {text: v, 'data-fact': k})]))
}

function valueText(kind: Kind, v: unknown, secret: boolean): string {
  if (secret && !state.revealed) {
    if (kind === 'map' && v && typeof v === 'object') return Object.keys(v).map((u) => `${u}:${MASK}`).join('\n')
    return v === '' || v === undefined || v === null ? '' : MASK
  }
  if (v === undefined || v === null) return ''
  if (kind === 'list') return (Array.isArray(v) ? v : [v]).join('\n')
  if (kind === 'map') return Object.entries(v as Obj).map(([k, x]) => `${k}:${x}`).join('\n')
  return String(v)
}

function parseControl(kind: Kind, text: string): unknown {
  if (kind === 'list') return text.split('\n').map((l) => l.trim()).filter(Boolean)
  if (kind === 'map') {
    const out: Obj = {}
    for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
      const i = line.indexOf(':')
      out[i === -1 ? line : line.slice(0, i)] = i === -1 ? '' : line.slice(i + 1)
    }
    return out
  }
  return text.trim()
}

const fieldId = (key: string) => `f-${key.replaceAll('.', '-')}`

function formBlock(p: Peer): HTMLElement {
  const config = state.config!.config
  const crdt = !!getAt(config, 'consensus.crdt')
  const form = h('form', {id: 'config-form', class: 'config-form', novalidate: true})
  for (const field of COMMON) {
    if (field.crdtOnly && !crdt) continue
    if (field.serviceOnly && p.kind === 'follow') continue
    if (p.source && field.key !== 'source') continue
    const node = nodeAt(field.key)
    const kind = kindOf(node)
    const secret = !!node?.['x-secret']
    const id = fieldId(field.key)
    const current = state.dirty.has(field.key) ? state.dirty.get(field.key) : getAt(config, field.key)
    const text = state.dirty.has(field.key) ? (typeof current === 'string' ? current : valueText(kind, current, false)) : valueText(kind, current, secret)
    const locked = secret && !state.revealed
    const attrs = {id, name: field.key, 'aria-describedby': `${id}-err`, readonly: locked, 'data-kind': kind}
    const control =
      kind === 'list' || kind === 'map'
        ? h('textarea', {...attrs, rows: String(Math.max(2, text.split('\n').length))})
        : h('input', {...attrs, type: 'text', inputmode: kind === 'int' ? 'numeric' : undefined, autocomplete: 'off', spellcheck: 'false'})
    ;(control as HTMLInputElement).value = text
    control.addEventListener('input', () => {
      state.dirty.set(field.key, kind === 'list' || kind === 'map' ? parseControl(kind, (control as HTMLTextAreaElement).value) : (control as HTMLInputElement).value)
      scheduleCheck()
    })
    const label = h('label', {for: id}, field.label, h('code', {class: 'key', text: field.key}))
    const extra = secret ? h('button', {type: 'button', class: 'reveal', 'aria-controls': id, 'aria-pressed': String(state.revealed), text: state.revealed ? 'Hide' : 'Reveal'}) : null
    extra?.addEventListener('click', () => {
      state.revealed = !state.revealed
      void loadConfig()
    })
    form.append(h('div', {class: 'field'}, label, h('div', {class: 'control'}, control, extra), h('p', {class: 'error', id: `${id}-err`, role: 'alert'})))
  }
  const save = h('button', {type: 'submit', id: 'save', disabled: true, text: 'Save'})
  const discard = h('button', {type: 'button', id: 'discard', text: 'Discard changes'})
  discard.addEventListener('click', () => {
    state.dirty.clear()
    void loadConfig()
  })
  form.append(
    h('div', {class: 'cli'}, h('span', {text: 'Equivalent command'}), h('code', {id: 'cli', text: '(change a value)'}), h('p', {id: 'cli-note', class: 'note'})),
    h('p', {id: 'form-error', class: 'error', role: 'alert'}),
    h('div', {class: 'actions'}, save, discard),
  )
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    void saveChanges()
  })
  return form
}

function advancedBlock(): HTMLElement {
  const area = h('textarea', {id: 'raw', rows: '18', spellcheck: 'false', 'aria-label': 'service.json as JSON'})
  area.value = JSON.stringify(state.config!.config, null, 2)
  const apply = h('button', {type: 'button', id: 'apply-raw', text: 'Apply JSON'})
  const err = h('p', {class: 'error', id: 'raw-err', role: 'alert'})
  apply.addEventListener('click', () => {
    let next: unknown
    try {
      next = JSON.parse(area.value)
    } catch (e) {
      err.textContent = `not JSON: ${(e as Error).message}`
      return
    }
    err.textContent = ''
    // Only what changed becomes keys to set; redacted secrets left as they are stay untouched.
    for (const [k, v] of diffLeaves(state.config!.config, next as Obj)) if (v !== REDACTED) state.dirty.set(k, v)
    renderDetail()
    scheduleCheck(0)
  })
  return h('details', {class: 'advanced'}, h('summary', {text: 'Advanced: raw JSON'}), area, h('div', {class: 'actions'}, apply), err)
}

function diffLeaves(before: unknown, after: unknown, path: string[] = [], out: [string, unknown][] = []): [string, unknown][] {
  const isObj = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v)
  const section = path.length === 0 || !!nodeAt(path.join('.'))?.properties
  if (isObj(after) && section) {
    for (const [k, v] of Object.entries(after as Obj)) diffLeaves(isObj(before) ? (before as Obj)[k] : undefined, v, [...path, k], out)
  } else if (JSON.stringify(before) !== JSON.stringify(after)) out.push([path.join('.'), after])
  return out
}

function connectState(p: Peer): NonNullable<typeof state.connect> {
  if (state.connect?.peer !== p.key)
    state.connect = {peer: p.key, leader: '', start: false, command: '(give the leader)', busy: false, progress: h('ol', {id: 'connect-progress', class: 'progress', 'aria-live': 'polite'})}
  return state.connect
}

/** The operation and its arguments for connecting `p` to `leader` (a REST API URL or a /p2p/ multiaddress). */
function connectCall(p: Peer, leader: string, start: boolean): {tool: string; args: Obj} {
  const isApi = /^https?:\/\//.test(leader)
  const target = p.kind === 'follow' ? {cluster_name: p.name, cluster_path: p.base} : {cluster_path: p.folder}
  const hostKey = p.kind === 'follow' ? 'leader_host' : 'remote_host'
  return {tool: p.kind === 'follow' ? 'connect_follow_to_leader' : 'connect_to_networked_cluster', args: {...target, ...(isApi ? {[hostKey]: leader} : {leader}), ...(start ? {start: true} : {})}}
}

function connectBlock(p: Peer): HTMLElement {
  const cs = connectState(p)
  const form = h('form', {id: 'connect-form', class: 'connect'})
  const leader = h('input', {id: 'leader', name: 'leader', type: 'text', placeholder: 'http://10.0.0.1:9094 or /ip4/…/p2p/12D3…', autocomplete: 'off', spellcheck: 'false'})
  leader.value = cs.leader
  const start = h('input', {id: 'connect-start', type: 'checkbox', checked: cs.start})
  const go = h('button', {type: 'submit', id: 'connect-go', text: 'Connect', disabled: cs.busy})
  // The last command shown stays while the pane is drawn again (a status or file change), not a placeholder.
  const cli = h('code', {id: 'connect-cli', text: cs.command})
  let asked = 0
  const preview = () => {
    cs.leader = leader.value.trim()
    cs.start = start.checked
    const n = ++asked
    if (!cs.leader) return void (cli.textContent = cs.command = '(give the leader)')
    const {tool, args} = connectCall(p, cs.leader, cs.start)
    void api<{command: string}>('POST', `/api/cli/${tool}`, args).then((r) => n === asked && (cli.textContent = cs.command = r.data.command))
  }
  leader.addEventListener('input', preview)
  start.addEventListener('change', preview)
  form.append(
    h('label', {for: 'leader', text: 'Leader (REST API URL or swarm multiaddress)'}),
    leader,
    h('label', {class: 'inline'}, start, ' start the daemon and wait for the join'),
    h('div', {class: 'cli'}, h('span', {text: 'Equivalent command'}), cli),
    h('div', {class: 'actions'}, go),
    cs.progress,
  )
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    void connect(p, cs, go)
  })
  return h('section', {class: 'card'}, h('h3', {text: 'Connect to a leader'}), form)
}

function renderDetail(): void {
  const pane = $('detail')
  const p = selectedPeer()
  if (!p) return void pane.replaceChildren(h('p', {class: 'hint', text: 'No peers yet: create one.'}))
  const parts: (HTMLElement | null)[] = [h('h2', {text: title(p)}, h('span', {class: 'badge', text: p.kind === 'follow' ? 'follower' : 'service'})), statusBlock(p)]
  if (p.validation && !p.validation.valid)
    parts.push(h('div', {class: 'banner bad'}, h('strong', {text: 'Invalid config: '}), ...p.validation.errors.map((e) => h('div', {text: `${e.key || e.severity}: ${e.message}`}))))
  if (state.stale) {
    const reload = h('button', {type: 'button', id: 'reload', text: 'Reload'})
    reload.addEventListener('click', () => {
      state.dirty.clear()
      void loadConfig()
    })
    parts.push(h('div', {class: 'banner warn', id: 'stale'}, 'service.json changed on disk while you were editing; saving your edit would be refused. ', reload))
  }
  if (state.config) parts.push(h('section', {class: 'card'}, h('h3', {text: 'Configuration'}), formBlock(p), advancedBlock()))
  else if (!p.initialised) parts.push(h('p', {class: 'hint', text: 'This folder has no service.json yet.'}))
  if (state.config && !p.source) parts.push(connectBlock(p))
  pane.replaceChildren(...parts.filter((x): x is HTMLElement => !!x))
  if (state.dirty.size) scheduleCheck(0)
}

// ---------------------------------------------------------------------------------------------
// checking and saving a change

function setArgs(p: Peer, dryRun: boolean): Obj {
  const updates = Object.fromEntries(state.dirty)
  const base = p.kind === 'follow' ? {cluster_name: p.name, cluster_path: p.base} : {cluster_path: p.folder}
  return {...base, config_updates: updates, if_version: state.config?.version, ...(dryRun ? {dry_run: true} : {})}
}

const setTool = (p: Peer) => (p.kind === 'follow' ? 'cluster_follow_config_set' : 'cluster_service_config_set')

function scheduleCheck(delay = 250): void {
  clearTimeout(state.checkTimer)
  state.checkTimer = window.setTimeout(() => void check(), delay)
}

function showProblems(doc: ErrorDoc | undefined): boolean {
  for (const el of document.querySelectorAll<HTMLElement>('#config-form .error')) el.textContent = ''
  for (const el of document.querySelectorAll('#config-form [aria-invalid]')) el.removeAttribute('aria-invalid')
  if (!doc) return true
  const problems = Array.isArray(doc.error.details) ? (doc.error.details as Problem[]) : []
  let placed = false
  for (const pr of problems.filter((x) => x.severity === 'error')) {
    const field = document.getElementById(fieldId(pr.key))
    const target = field ? document.getElementById(`${fieldId(pr.key)}-err`) : null
    if (field && target) {
      field.setAttribute('aria-invalid', 'true')
      target.textContent = `${pr.key} ${pr.message}`
      placed = true
    }
  }
  if (!placed) $('form-error').textContent = doc.error.message
  return false
}

async function check(): Promise<void> {
  const p = selectedPeer()
  const save = document.getElementById('save') as HTMLButtonElement | null
  if (!p || !save) return
  if (state.dirty.size === 0) {
    save.disabled = true
    return
  }
  const shown = setArgs(p, false)
  delete shown.if_version
  const [dry, cli] = await Promise.all([call(setTool(p), setArgs(p, true)), api<{command: string; note: string | null}>('POST', `/api/cli/${setTool(p)}`, shown)])
  $('cli').textContent = cli.data.command
  $('cli-note').textContent = cli.data.note ?? ''
  const ok = showProblems(dry.ok ? undefined : (dry.data as ErrorDoc))
  save.disabled = !ok
}

async function saveChanges(): Promise<void> {
  const p = selectedPeer()
  if (!p || state.dirty.size === 0) return
  const r = await call(setTool(p), setArgs(p, false))
  if (!r.ok) {
    const doc = r.data as ErrorDoc
    if (r.status === 409) {
      state.stale = true
      renderDetail()
      $('form-error').textContent = doc.error.message
    } else showProblems(doc)
    activity(`save refused: ${doc.error.message}`, 'bad')
    return
  }
  activity(`saved ${[...state.dirty.keys()].join(', ')} (${$('cli').textContent})`, 'good')
  state.dirty.clear()
  await loadPeers()
  await loadConfig()
}

// ---------------------------------------------------------------------------------------------
// connect and create

/**
 * Connects, showing each step as the operation reports it (tool.progress over the WebSocket, matched by the
 * call's id) while it runs, then the outcome and the equivalent command.
 */
async function connect(p: Peer, cs: NonNullable<typeof state.connect>, go: HTMLButtonElement): Promise<void> {
  const progress = cs.progress
  const outcome = (cls: string, ...content: (Node | string)[]) => progress.append(h('li', {class: `outcome ${cls}`}, ...content))
  if (!cs.leader) {
    progress.replaceChildren()
    return void outcome('bad', 'give the leader: its REST API URL (http://host:9094) or its swarm multiaddress ending in /p2p/<peer id>')
  }
  const {tool, args} = connectCall(p, cs.leader, cs.start)
  progress.replaceChildren(h('li', {text: `connecting to ${cs.leader}…`}))
  const callId = crypto.randomUUID()
  pendingCalls.clear() // one connect at a time; a late step of an earlier one is not shown here
  pendingCalls.set(callId, progress)
  cs.busy = true
  go.disabled = true
  try {
    const r = await call(tool, args, {'X-Call-Id': callId})
    const doc = r.data as Partial<ErrorDoc> & {joined?: boolean | null; written?: boolean; changes?: {key: string}[]; peers?: string[]; diagnosis?: string[]}
    if (doc.error) outcome('bad', `failed: ${doc.error.message}`)
    else if (doc.joined === false) for (const d of doc.diagnosis ?? []) outcome('bad', d)
    else if (doc.joined === true) outcome('good', `done: joined; ${doc.peers?.length ?? 0} peer(s) visible`)
    else outcome('good', doc.changes?.length ? `done: ${doc.changes.map((c) => c.key).join(', ')} written; the daemon uses it at its next start` : 'done: already connected, nothing to change')
    const cli = await api<{command: string}>('POST', `/api/cli/${tool}`, args)
    outcome('', 'command: ', h('code', {text: cli.data.command}))
  } finally {
    cs.busy = false
    // The pane may have been drawn again meanwhile (the connect changed service.json): enable the button shown now.
    for (const b of document.querySelectorAll<HTMLButtonElement>('#connect-go')) b.disabled = false
  }
}

/** A step of a running call: before its outcome (a late event cannot land after it); a new wait replaces the last. */
function showStep(list: HTMLElement, message: string): void {
  const outcome = list.querySelector('.outcome')
  const last = (outcome ? outcome.previousElementSibling : list.lastElementChild) as HTMLElement | null
  if (last?.dataset.wait && message.startsWith('waiting: ')) return void (last.textContent = message)
  const li = h('li', {class: /^joined: /.test(message) ? 'good' : /^not joined: /.test(message) ? 'bad' : undefined, 'data-wait': message.startsWith('waiting: ') ? 'true' : undefined, text: message})
  list.insertBefore(li, outcome)
}

const pendingCalls = new Map<string, HTMLElement>()

function openCreate(kind: 'service' | 'follow'): void {
  const dialog = $<HTMLDialogElement>('create-dialog')
  const form = $<HTMLFormElement>('create-form')
  const followBase = state.peers.find((p) => p.kind === 'follow')?.base ?? ''
  const input = (name: string, label: string, attrs: Record<string, string | boolean> = {}) =>
    h('div', {class: 'field'}, h('label', {for: `c-${name}`, text: label}), h('input', {id: `c-${name}`, name, type: 'text', autocomplete: 'off', ...attrs}))
  const fields =
    kind === 'service'
      ? [input('cluster_path', 'Folder (created)', {required: true}), input('peername', 'Peer name'), h('div', {class: 'field'}, h('label', {for: 'c-consensus', text: 'Consensus'}), h('select', {id: 'c-consensus', name: 'consensus'}, h('option', {value: 'crdt', text: 'crdt'}), h('option', {value: 'raft', text: 'raft'}))), h('label', {class: 'inline'}, h('input', {type: 'checkbox', name: 'random_ports', checked: true}), ' pick free ports')]
      : [input('cluster_path', "Followers' base folder", {required: true, value: followBase}), input('cluster_name', 'Follower name', {required: true}), input('bootstrap_peer', "Leader's swarm multiaddress (/…/p2p/12D3…)", {required: true}), input('secret', 'Cluster secret', {type: 'password', required: true})]
  const err = h('p', {class: 'error', id: 'create-err', role: 'alert'})
  const cli = h('code', {id: 'create-cli'})
  const note = h('p', {id: 'create-note', class: 'note'})
  const ok = h('button', {type: 'submit', value: 'create', text: 'Create'})
  const cancel = h('button', {type: 'button', text: 'Cancel'})
  cancel.addEventListener('click', () => dialog.close())
  form.replaceChildren(h('h2', {id: 'create-title', text: kind === 'service' ? 'New service peer' : 'New follower'}), ...fields, h('div', {class: 'cli'}, h('span', {text: 'Equivalent command'}), cli, note), err, h('div', {class: 'actions'}, ok, cancel))
  const tool = kind === 'service' ? 'cluster_service_config_create' : 'cluster_follow_config_create'
  const argsOf = () => {
    const a: Obj = {}
    for (const el of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')) {
      if (el instanceof HTMLInputElement && el.type === 'checkbox') {
        if (el.checked) a[el.name] = true
      } else if (el.value.trim() !== '') a[el.name] = el.value.trim()
    }
    return a
  }
  let asked = 0
  form.oninput = () => {
    const n = ++asked
    void api<{command: string; note: string | null}>('POST', `/api/cli/${tool}`, argsOf()).then((r) => {
      if (n !== asked) return // an answer to an earlier keystroke
      cli.textContent = r.data.command
      note.textContent = r.data.note ?? ''
    })
  }
  form.onsubmit = async (e) => {
    e.preventDefault()
    const r = await call(tool, argsOf())
    if (!r.ok) {
      err.textContent = (r.data as ErrorDoc).error.message
      return
    }
    dialog.close()
    activity(`created ${kind === 'service' ? 'service peer' : 'follower'} in ${(r.data as {folder?: string; path?: string}).folder ?? (r.data as {path?: string}).path}`, 'good')
    await loadPeers()
  }
  dialog.showModal()
  ;(form.querySelector('input') as HTMLInputElement).focus()
}

// ---------------------------------------------------------------------------------------------
// live updates

function connectLive(): void {
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`)
  const live = $('live')
  ws.onopen = () => {
    live.textContent = 'live'
    live.className = 'live on'
  }
  ws.onclose = () => {
    live.textContent = 'disconnected: retrying…'
    live.className = 'live off'
    setTimeout(connectLive, 2000)
  }
  ws.onmessage = (m) => void onEvent(JSON.parse(String(m.data)) as Obj)
}

async function onEvent(e: Obj): Promise<void> {
  if (e.type === 'status.changed' || e.type === 'hello') {
    const statuses = e.type === 'hello' ? (e.statuses as Record<string, Status>) : {[e.peer as string]: e.status as Status}
    for (const [key, s] of Object.entries(statuses)) {
      const p = state.peers.find((x) => x.key === key)
      if (!p) continue
      const was = p.status?.healthy
      p.status = s
      if (e.type === 'status.changed' && was !== undefined && was !== s.healthy) activity(`${title(p)} is ${s.healthy ? 'up' : 'down'}`, s.healthy ? 'good' : 'bad')
    }
    renderPeers()
    const p = selectedPeer()
    if (p) document.getElementById('status')?.replaceWith(statusBlock(p))
  } else if (e.type === 'config.changed') {
    const changes = (e.changes as {key: string}[]).map((c) => c.key)
    activity(`${e.name}: service.json changed on disk (${changes.join(', ')})`)
    await loadPeers()
    if (e.peer === state.selected && e.version !== state.config?.version) {
      if (state.dirty.size === 0) await loadConfig()
      else {
        state.stale = true
        renderDetail()
      }
    } else if (e.peer === state.selected) renderDetail()
  } else if (e.type === 'peers.changed') await loadPeers()
  else if (e.type === 'tool.progress') {
    const list = pendingCalls.get(e.callId as string)
    if (list) showStep(list, String(e.message))
  }
  // Reads that worked are not news; a set that worked arrives as config.changed (or this page's own "saved").
  else if (e.type === 'tool.called' && (e.isError || !(e.readOnly || /_set$/.test(String(e.tool)))))
    activity(`${e.tool} via ${e.via}: ${e.isError ? `failed (exit ${e.exit})` : 'ok'}`, e.isError ? 'bad' : '')
}

async function main(): Promise<void> {
  $('new-service').addEventListener('click', () => openCreate('service'))
  $('new-follower').addEventListener('click', () => openCreate('follow'))
  state.schema = (await api<SchemaNode>('GET', '/api/schema')).data
  await loadPeers()
  if (state.selected) await select(state.selected)
  connectLive()
}

void main()
