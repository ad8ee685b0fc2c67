// The dashboard in a real browser (Debian's Chromium driven by playwright-core) against a real daemon, and
// status.changed over the WebSocket as the real daemon starts and stops. Screenshots go to
// test-output/serve/ (not committed): look at them.
import {expect} from 'chai'
import {mkdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {type BrowserContext, type Page, chromium} from 'playwright-core'

import {requireRealBinaries} from '../../support/binaries.js'
import {repoRoot} from '../../support/cli.js'
import {type DaemonHandle, startServiceDaemon} from '../../support/daemon.js'
import {type KuboHandle, startKubo} from '../../support/kubo.js'
import {type Served, startServe} from '../../support/serve.js'
import {tempDir} from '../../support/tmp.js'
import {until} from '../../support/wait.js'
import {type Peer, cli, createPeer, setBinDir, show} from '../cluster/cluster-helpers.js'

const CHROMIUM = '/usr/bin/chromium'
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
const SHOTS = join(repoRoot, 'test-output', 'serve')

const serviceJson = (dir: string) => JSON.parse(readFileSync(join(dir, 'service.json'), 'utf8'))


describe('e2e: serve against a real daemon', function () {
  this.timeout(240_000)
  let binDir: string
  let kubo: KuboHandle
  let peer: Peer
  let daemon: DaemonHandle | undefined
  let srv: Served
  let root: string

  before(async function () {
    binDir = requireRealBinaries(this)
    setBinDir(binDir)
    root = tempDir('icc-serve-e2e-')
    kubo = await startKubo({keepAcrossTests: true} as any)
    peer = await createPeer({dir: join(root, 'peer0'), secret: 'cd'.repeat(32), peername: 'peer0', kubo, set: ['cluster.replication_factor_min=1', 'cluster.replication_factor_max=2']})
    srv = await startServe(join(root, 'home'), ['--path', peer.dir, '--poll', '1s'], {IPFS_CLUSTER_CONFIG_BIN_DIR: binDir})
  })

  after(async () => {
    await daemon?.stop()
    await srv?.proc.stop()
    await kubo?.stop()
  })

  const startDaemon = async () => {
    daemon = await startServiceDaemon({configDir: peer.dir, waitFor: 'api', keepAcrossTests: true})
  }
  const stopDaemon = async () => {
    await daemon?.stop()
    daemon = undefined
  }

  it('WebSocket: a real daemon started and stopped arrives as status.changed', async () => {
    const ws = await srv.ws()
    try {
      const key = (await srv.req('GET', '/api/peers')).json.peers[0].key
      const down = await ws.next((e) => e.type === 'status.changed' && e.peer === key, 10_000)
      expect(down.status).to.include({healthy: false, reachable: false})
      await startDaemon()
      const up = await ws.next((e) => e.type === 'status.changed' && e.peer === key && e.status.healthy, 20_000)
      expect(up.status).to.include({healthy: true, reachable: true, id: peer.id, peername: 'peer0'})
      expect(up.status.peers.map((p: any) => p.id)).to.deep.equal([peer.id])
      expect(up.status.version).to.match(/^1\.1\.6/)
      const seen = ws.events.length
      await stopDaemon()
      const again = await until('status.changed to down', () => ws.events.slice(seen).find((e) => e.type === 'status.changed' && !e.status.healthy))
      expect(again.status).to.include({healthy: false, reachable: false})
    } finally {
      ws.close()
    }
  })

  describe('the dashboard in Chromium', () => {
    let context: BrowserContext
    let page: Page
    const problems: string[] = []
    const shot = (name: string) => page.screenshot({path: join(SHOTS, `${name}.png`), fullPage: true})
    const field = (key: string) => page.locator(`#f-${key.replaceAll('.', '-')}`)
    const fieldError = (key: string) => page.locator(`#f-${key.replaceAll('.', '-')}-err`)

    before(async () => {
      mkdirSync(SHOTS, {recursive: true})
      await startDaemon()
      context = await chromium.launchPersistentContext(tempDir('icc-chromium-'), {executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, viewport: {width: 1280, height: 800}})
      page = context.pages()[0] ?? (await context.newPage())
      page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`))
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
    })

    after(async () => {
      await context?.close()
    })

    it('opens the token URL and shows the peer healthy, with its id, peername, consensus, peers seen and version', async () => {
      await page.goto(srv.url)
      expect(page.url()).to.equal(`${srv.base}/`) // the token left the address bar
      await page.locator('.peer-health[data-health="up"]').waitFor({timeout: 20_000})
      await page.locator('#live.on').waitFor()
      const facts = async (k: string) => page.locator(`[data-fact="${k}"]`).textContent()
      expect(await facts('Health')).to.equal('healthy')
      expect(await facts('Peer id')).to.equal(peer.id)
      expect(await facts('Peer name')).to.equal('peer0')
      expect(await facts('Consensus')).to.equal('crdt')
      expect(await facts('Peers seen')).to.equal('1')
      expect(await facts('Version')).to.match(/^1\.1\.6/)
      expect(await field('cluster.secret').inputValue()).to.equal('•••')
      await shot('1-healthy-1280x800')
    })

    it('changes replication_factor_max with the keyboard alone: the equivalent command is shown and the file changes on disk', async () => {
      await page.locator('.peer[aria-current="true"]').focus()
      let focused = ''
      for (let i = 0; i < 40 && focused !== 'f-cluster-replication_factor_max'; i++) {
        await page.keyboard.press('Tab')
        focused = await page.evaluate(() => document.activeElement?.id ?? '')
      }
      expect(focused).to.equal('f-cluster-replication_factor_max')
      await page.keyboard.press('Control+A')
      await page.keyboard.type('3')
      await until('the equivalent command', async () => (await page.locator('#cli').textContent())?.includes('replication_factor_max 3'))
      expect(await page.locator('#cli').textContent()).to.equal(`ipfs-cluster-config service config set cluster.replication_factor_max 3 --path ${peer.dir}`)
      await page.locator('#save:not([disabled])').waitFor()
      await shot('2-edit-with-command')
      await page.keyboard.press('Enter') // submits the form from the field
      await until('the file on disk', () => serviceJson(peer.dir).cluster.replication_factor_max === 3)
      await until('the form to show the saved value', async () => (await field('cluster.replication_factor_max').inputValue()) === '3')
    })

    it('an invalid value shows the inline error from the validator, and the file is unchanged', async () => {
      const before = readFileSync(join(peer.dir, 'service.json'), 'utf8')
      await field('cluster.replication_factor_max').fill('many')
      await until('the inline error', async () => (await fieldError('cluster.replication_factor_max').textContent()) || undefined)
      expect(await fieldError('cluster.replication_factor_max').textContent()).to.contain('takes an integer')
      expect(await field('cluster.replication_factor_max').getAttribute('aria-invalid')).to.equal('true')
      expect(await page.locator('#save').isDisabled()).to.equal(true)
      await field('cluster.replication_factor_max').fill('0')
      // 0 means the default (-1), which the daemon refuses beside a min of 1: the rule's key gets the message.
      await until('the semantic error', async () => ((await fieldError('cluster.replication_factor_min').textContent()) ?? '').includes('must both be -1') || undefined)
      await shot('3-inline-error')
      await page.locator('#save').evaluate((b: HTMLButtonElement) => b.click()) // even a forced click writes nothing
      await sleep(500)
      expect(readFileSync(join(peer.dir, 'service.json'), 'utf8')).to.equal(before)
      await page.locator('#discard').click()
    })

    it('an edit made on disk by someone else appears without a reload', async () => {
      const r = await cli(['service', 'config', 'set', 'cluster.peername', 'renamed-outside', '--path', peer.dir])
      expect(r.code, show(r)).to.equal(0)
      await until('the new peername in the form', async () => (await field('cluster.peername').inputValue()) === 'renamed-outside')
      await until('the new peername in the list', async () => (await page.locator('.peer-name').first().textContent()) === 'renamed-outside')
      await shot('4-outside-edit')
    })

    it('an edit based on a stale version is refused, never silently overwriting', async () => {
      await field('cluster.peername').fill('from-the-page')
      await page.locator('#save:not([disabled])').waitFor()
      const r = await cli(['service', 'config', 'set', 'cluster.replication_factor_max', '4', '--path', peer.dir])
      expect(r.code, show(r)).to.equal(0)
      // The page learns of the change at once; the server refuses the old version (the dry run the page makes
      // before saving says so, and Save stays off).
      await page.locator('#stale').waitFor()
      await until('the refusal', async () => ((await page.locator('#form-error').textContent()) ?? '').includes('changed since') || undefined)
      expect(await page.locator('#save').isDisabled()).to.equal(true)
      const now = serviceJson(peer.dir)
      expect(now.cluster).to.include({peername: 'renamed-outside', replication_factor_max: 4})
      await shot('5-stale-refused')
      await page.locator('#reload').click()
      await until('the reloaded form', async () => (await field('cluster.replication_factor_max').inputValue()) === '4')
    })

    it('the secret is ••• until an explicit reveal', async () => {
      await page.locator('button.reveal').first().click()
      await until('the revealed secret', async () => (await field('cluster.secret').inputValue()) === 'cd'.repeat(32))
      await page.locator('button.reveal').first().click()
      await until('the secret hidden again', async () => (await field('cluster.secret').inputValue()) === '•••')
    })

    it('creates a new service peer from the dialog, and it is listed', async () => {
      await page.locator('#new-service').click()
      await page.locator('#c-cluster_path').fill(join(root, 'peer-new'))
      await page.locator('#c-peername').fill('made-in-browser')
      await until('the create command', async () => ((await page.locator('#create-cli').textContent()) ?? '').includes('--peername made-in-browser') || undefined)
      await shot('6-create-dialog')
      await page.locator('#create-form button[type="submit"]').click()
      await until('the new peer in the list', async () => (await page.locator('.peer-name').allTextContents()).includes('made-in-browser'))
      expect(serviceJson(join(root, 'peer-new')).cluster.peername).to.equal('made-in-browser')
      await page.locator('.peer', {hasText: 'renamed-outside'}).click()
    })

    it('stopping the daemon shows the peer down', async () => {
      await stopDaemon()
      await until('the peer shown down', async () => /^down/.test((await page.locator('[data-fact="Health"]').textContent()) ?? ''))
      expect(await page.locator('.peer[aria-current="true"] .peer-health').textContent()).to.equal('down')
      await shot('7-daemon-stopped')
    })

    it('is readable at phone width (no sideways scrolling), and the page logged no console errors', async () => {
      await page.setViewportSize({width: 390, height: 844})
      await sleep(300)
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      expect(overflow).to.be.at.most(0)
      await shot('8-phone-390')
      expect(problems).to.deep.equal([])
    })
  })
})
