// The dashboard's create-follower dialog and its connect block in a real browser (Debian's Chromium driven by
// playwright-core) against a real leader daemon: a follower made from the dialog is listed and valid; a service
// peer connected from the page shows each step while the connect runs (the operation's progress relayed over the
// WebSocket), joins, and has the leader in service.json; a leader where nothing listens is a readable error and
// changes nothing. Screenshots go to test-output/serve/ (not committed): look at them.
import {expect} from 'chai'
import {randomBytes} from 'node:crypto'
import {existsSync, mkdirSync, readFileSync, readdirSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {type BrowserContext, type Page, chromium} from 'playwright-core'

import {requireRealBinaries} from '../../support/binaries.js'
import {jsonOut, repoRoot} from '../../support/cli.js'
import {type DaemonHandle, startServiceDaemon} from '../../support/daemon.js'
import {type KuboHandle, startKubo} from '../../support/kubo.js'
import {freePort} from '../../support/ports.js'
import {RAW_ERROR_WORDS} from '../../support/raw-errors.js'
import {type Served, startServe} from '../../support/serve.js'
import {tempDir} from '../../support/tmp.js'
import {until} from '../../support/wait.js'
import {Daemons, type Peer, cli, createPeer, daemonLog, peerIds, pidInFolder, setBinDir, show} from '../cluster/cluster-helpers.js'

const CHROMIUM = '/usr/bin/chromium'
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
const SHOTS = join(repoRoot, 'test-output', 'serve')
const DESKTOP = {width: 1280, height: 800}
const PHONE = {width: 390, height: 844}

const serviceJson = (dir: string) => JSON.parse(readFileSync(join(dir, 'service.json'), 'utf8'))
const mode = (path: string) => statSync(path).mode & 0o777

interface Step {
  text: string
  outcome: boolean
  /** Whether the call had already answered (an outcome line was shown) when this line appeared. */
  afterAnswer: boolean
  at: number
}

describe('e2e: the dashboard creates a follower and connects a peer to a real leader', function () {
  this.timeout(300_000)
  const daemons = new Daemons()
  const secret = randomBytes(32).toString('hex')
  const problems: string[] = []
  let root: string
  let kubo: KuboHandle | undefined
  let leader: Peer
  let joiner: Peer
  let loner: Peer
  let leaderDaemon: DaemonHandle | undefined
  let srv: Served | undefined
  let context: BrowserContext | undefined
  let page: Page

  // A modal dialog is shot as the viewport shows it (its backdrop covers the viewport, not the full page).
  const shot = (name: string, fullPage = true) => page.screenshot({path: join(SHOTS, `${name}.png`), fullPage})
  /** Horizontal overflow of the page in pixels (0: nothing to scroll sideways). */
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  /** One element alone; the pane is drawn again when a status or a file changes, so a detached element is shot again. */
  const closeShot = (selector: string, name: string) =>
    until(`a screenshot of ${selector}`, () => page.locator(selector).screenshot({path: join(SHOTS, `${name}.png`), timeout: 5000}).then(() => true, () => undefined))
  /** Shoots at phone width too, checking nothing sticks out sideways there; `close` also shoots that element alone (readable up close). */
  const shotBoth = async (name: string, o: {fullPage?: boolean; close?: string} = {}) => {
    await shot(`${name}-1280`, o.fullPage ?? true)
    if (o.close) await closeShot(o.close, `${name}-1280-close`)
    await page.setViewportSize(PHONE)
    await until('the phone layout', async () => (await page.evaluate(() => window.innerWidth)) === PHONE.width)
    expect(await overflow(), `${name}: sideways overflow at ${PHONE.width} px`).to.be.at.most(0)
    await shot(`${name}-phone-390`, o.fullPage ?? true)
    if (o.close) await closeShot(o.close, `${name}-phone-390-close`)
    await page.setViewportSize(DESKTOP)
  }
  const selectPeer = async (name: string) => {
    await page.locator('.peer', {hasText: name}).click()
    await until(`${name} selected`, async () => (await page.locator('#detail h2').textContent())?.startsWith(name))
    await page.locator('#leader').waitFor()
  }
  /** Records every line the connect progress list gets from now on (the list is kept across re-renders). */
  const recordSteps = () =>
    page.evaluate(() => {
      const w = window as unknown as {steps: Step[]; stepObserver?: MutationObserver}
      w.stepObserver?.disconnect()
      w.steps = []
      w.stepObserver = new MutationObserver((records) => {
        for (const r of records)
          for (const n of r.addedNodes) {
            if (!(n instanceof HTMLLIElement) || n.parentElement?.id !== 'connect-progress') continue
            const outcome = n.classList.contains('outcome')
            const answered = [...n.parentElement.querySelectorAll('.outcome')].some((o) => o !== n)
            w.steps.push({text: n.textContent ?? '', outcome, afterAnswer: answered, at: performance.now()})
          }
      })
      w.stepObserver.observe(document.body, {childList: true, subtree: true})
    })
  const steps = () => page.evaluate(() => (window as unknown as {steps: Step[]}).steps)

  before(async function () {
    const binDir = requireRealBinaries(this)
    setBinDir(binDir)
    mkdirSync(SHOTS, {recursive: true})
    root = tempDir('icc-serve-join-')
    kubo = await startKubo({keepAcrossTests: true})
    const peer = (name: string) => createPeer({dir: join(root, name), secret, peername: name, kubo: kubo!})
    leader = await peer('leader')
    joiner = await peer('joiner')
    loner = await peer('loner')
    daemons.service(joiner.dir)
    daemons.service(loner.dir)
    leaderDaemon = await startServiceDaemon({configDir: leader.dir, waitFor: 'api', keepAcrossTests: true})
    srv = await startServe(join(root, 'home'), ['--path', joiner.dir, '--path', loner.dir, '--follow-path', join(root, 'followers'), '--poll', '1s'], {IPFS_CLUSTER_CONFIG_BIN_DIR: binDir})
    context = await chromium.launchPersistentContext(tempDir('icc-chromium-'), {executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, viewport: DESKTOP})
    page = context.pages()[0] ?? (await context.newPage())
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`))
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
    await page.goto(srv.url)
    await page.locator('#live.on').waitFor({timeout: 20_000})
  })

  // A test that failed with the dialog open must not block the next ones' clicks.
  afterEach(async () => {
    await page?.evaluate(() => (document.querySelector('dialog[open]') as HTMLDialogElement | null)?.close()).catch(() => {})
  })

  after(async () => {
    await context?.close()
    await daemons.cleanup()
    await leaderDaemon?.stop()
    await srv?.proc.stop()
    await kubo?.stop()
  })

  it('"New follower": the command is shown before submitting; the follower of the running leader is listed, its files are on disk and valid', async () => {
    const base = join(root, 'followers')
    const folder = join(base, 'mycluster')
    await page.locator('#new-follower').click()
    await page.locator('#c-cluster_path').fill(base)
    await page.locator('#c-cluster_name').fill('mycluster')
    await page.locator('#c-bootstrap_peer').fill(leader.addr)
    await page.locator('#c-secret').fill(secret)
    const want = `ipfs-cluster-config follow config create mycluster --path ${base} --leader ${leader.addr} --secret -`
    await until('the follow create command', async () => (await page.locator('#create-cli').textContent()) === want || undefined)
    expect(existsSync(folder), 'nothing is written before submitting').to.equal(false)
    expect(await page.locator('#c-secret').getAttribute('type')).to.equal('password')
    expect(await page.locator('#create-note').textContent()).to.equal('the secret is read from stdin ("-"), so it never sits in your shell history')
    await shotBoth('join-1-follower-dialog', {fullPage: false})

    await page.locator('#create-form button[type="submit"]').click()
    await page.locator('#create-dialog').waitFor({state: 'hidden'})
    // On disk: what `follow config create` writes for a leader, 0600 files in a 0700 folder.
    const svc = serviceJson(folder)
    const identity = JSON.parse(readFileSync(join(folder, 'identity.json'), 'utf8'))
    expect(svc.cluster.secret).to.equal(secret)
    expect([svc.cluster.peer_addresses].flat()).to.deep.equal([leader.addr])
    expect(svc.consensus.crdt.trusted_peers).to.deep.equal([leader.id])
    expect(identity.id).to.match(/^12D3KooW/)
    expect(mode(folder)).to.equal(0o700)
    for (const f of ['service.json', 'identity.json']) expect(mode(join(folder, f)), f).to.equal(0o600)
    const valid = await cli(['follow', 'config', 'validate', 'mycluster', '--path', base, '--strict', '--no-env', '--json'])
    expect(valid.code, show(valid)).to.equal(0)
    expect(jsonOut(valid)).to.include({valid: true})

    // Listed as a follower; selected, the page shows the identity that is on disk.
    const row = page.locator('.peer', {has: page.locator('.badge', {hasText: 'follower'})})
    await until('the follower in the list', async () => (await row.count()) === 1 || undefined)
    expect(await row.locator('.peer-name').textContent(), 'a follower is listed by its cluster name').to.equal('mycluster')
    await row.click()
    await until('the follower selected', async () => (await page.locator('[data-fact="Peer id"]').textContent()) === identity.id || undefined)
    expect(await page.locator('[data-fact="Folder"]').textContent()).to.equal(folder)
    expect(await page.locator('[data-fact="Peer name"]').textContent()).to.equal(svc.cluster.peername)
    // ipfs-cluster-follow discards the api section (its REST API is the follower's unix socket): no REST fields.
    await until('the follower form', async () => (await page.locator('#f-cluster-peername').count()) === 1 || undefined)
    expect(await page.locator('#f-api-restapi-http_listen_multiaddress, #f-api-restapi-basic_auth_credentials').count()).to.equal(0)
    await shotBoth('join-2-follower-listed')
  })

  it('connect with "start": each step shows while the connect runs, then the join; service.json then has the leader', async () => {
    await selectPeer('joiner')
    const before = serviceJson(joiner.dir)
    await recordSteps()
    await page.locator('#leader').fill(leader.api)
    await page.locator('#connect-start').check()
    const command = `ipfs-cluster-config connect --api ${leader.api} --path ${joiner.dir} --start`
    await until('the connect command before connecting', async () => (await page.locator('#connect-cli').textContent()) === command || undefined)
    await page.locator('#connect-go').click()
    await page.locator('#connect-progress li', {hasText: /^started ipfs-cluster-service/}).waitFor({timeout: 60_000})
    daemons.notePids()
    expect(await page.locator('#connect-go').isDisabled(), 'Connect is off while one runs').to.equal(true)
    // The write redrew the pane (config.changed): the form keeps its leader and its command.
    expect(await page.locator('#leader').inputValue()).to.equal(leader.api)
    expect(await page.locator('#connect-cli').textContent()).to.equal(command)
    await closeShot('#connect-form', 'join-3-connect-running-1280-close')
    await page.locator('#connect-progress li.outcome').first().waitFor({timeout: 120_000})
    const lines = await steps()
    const text = lines.map((l) => l.text)
    const file = join(joiner.dir, 'service.json')
    expect(text.at(-2), `${text.join('\n')}\n--- daemon log ---\n${daemonLog(joiner.dir)}`).to.equal('done: joined; 2 peer(s) visible')
    expect(text.at(-1)).to.equal(`command: ${command}`)

    // The steps, in order, each shown before the call answered.
    const pid = pidInFolder(joiner.dir)
    const expected: (string | RegExp)[] = [
      `connecting to ${leader.api}…`,
      new RegExp(`^leader ${leader.id} found through its REST API ${leader.api}, at .*${leader.addr.replaceAll('/', '\\/')}`),
      `wrote cluster.peer_addresses to ${file}`,
      `started ipfs-cluster-service (pid ${pid}, log ${join(joiner.dir, 'ipfs-cluster-config.log')}); waiting for it to join`,
      `the daemon answers on its REST API as ${joiner.id}`,
      `joined: the new peer ${joiner.id} lists the leader ${leader.id}, and the leader lists the new peer`,
    ]
    const progress = lines.filter((l) => !l.outcome)
    const shown = progress.filter((l) => !l.text.startsWith('waiting: ')) // a wait in between is fine, and replaced in place
    expect(shown.length, text.join('\n')).to.equal(expected.length)
    shown.forEach((l, i) => (typeof expected[i] === 'string' ? expect(l.text).to.equal(expected[i]) : expect(l.text).to.match(expected[i] as RegExp)))
    expect(progress.filter((l) => l.afterAnswer).map((l) => l.text), 'steps that arrived only after the answer').to.deep.equal([])
    const at = (re: RegExp) => shown.find((l) => re.test(l.text))!.at
    expect(at(/^joined: /) - at(/^started /), 'the join is seen a while after the daemon started, not all at once').to.be.greaterThan(200)
    expect(text.join('\n')).not.to.match(RAW_ERROR_WORDS)

    // What connect wrote: the leader's loopback swarm addresses in peer_addresses, nothing else changed
    // (a crdt peer that trusts "*" needs no trusted_peers entry).
    const after = serviceJson(joiner.dir)
    const added = [after.cluster.peer_addresses].flat() as string[]
    expect(added).to.include(leader.addr)
    for (const a of added) expect(a).to.match(new RegExp(`^/ip4/127\\.0\\.0\\.1/.*/p2p/${leader.id}$`))
    expect(before.cluster.peer_addresses).to.deep.equal([])
    expect(after.consensus.crdt.trusted_peers).to.deep.equal(['*'])
    expect({...after, cluster: {...after.cluster, peer_addresses: []}}).to.deep.equal(before)
    // Both sides see each other for real, and the page shows the joined peer healthy with two peers seen.
    expect(await until('the leader to list the new peer', async () => (await peerIds(leader.api)).includes(joiner.id) || undefined)).to.equal(true)
    await until('the peer healthy with 2 peers seen', async () => (await page.locator('[data-fact="Peers seen"]').textContent()) === '2' || undefined)
    expect(await page.locator('[data-fact="Health"]').textContent()).to.equal('healthy')
    await shotBoth('join-4-connect-joined', {close: '#connect-form'})
  })

  it('a leader where nothing listens: a readable error in the progress list (no errno text), the files unchanged, nothing started', async () => {
    await selectPeer('loner')
    const port = await freePort() // bound and closed again: nothing listens there
    const files = () => Object.fromEntries(readdirSync(loner.dir).sort().map((f) => [f, readFileSync(join(loner.dir, f), 'utf8')]))
    const before = files()
    await recordSteps()
    await page.locator('#leader').fill(`http://127.0.0.1:${port}`)
    await page.locator('#connect-start').check()
    await page.locator('#connect-go').click()
    const failed = page.locator('#connect-progress li.outcome.bad')
    await failed.waitFor({timeout: 60_000})
    expect(await failed.textContent()).to.equal(`failed: the leader's API http://127.0.0.1:${port} is unreachable: nothing is listening at 127.0.0.1:${port} (connection refused)`)
    await page.locator('#connect-progress li.outcome code').waitFor()
    const text = (await steps()).map((l) => l.text)
    expect(text).to.deep.equal([
      `connecting to http://127.0.0.1:${port}…`,
      `failed: the leader's API http://127.0.0.1:${port} is unreachable: nothing is listening at 127.0.0.1:${port} (connection refused)`,
      `command: ipfs-cluster-config connect --api http://127.0.0.1:${port} --path ${loner.dir} --start`,
    ])
    expect(await page.locator('#connect-progress').textContent()).not.to.match(RAW_ERROR_WORDS)
    expect(files(), 'the peer folder is byte for byte as it was (no pid file, no log)').to.deep.equal(before)
    expect(await page.locator('#connect-go').isDisabled()).to.equal(false)
    await shotBoth('join-5-connect-refused', {close: '#connect-form'})
    expect(problems).to.deep.equal([])
  })
})
