// Separate "hosts" on one machine: Linux network namespaces, each with one veth into a bridge that lives in a
// namespace of its own, addresses that exist only there (no route out, nothing in the root namespace), and DNS
// names in /etc/netns/<ns>/hosts (bind-mounted over /etc/hosts by `ip netns exec`). Every namespace carries
// the fabric's prefix and is deleted after the run, also when a test fails (and left-overs of an earlier,
// killed run with the same prefix are deleted first).
import {execFile, execFileSync} from 'node:child_process'
import {mkdirSync, rmSync, writeFileSync} from 'node:fs'
import {promisify} from 'node:util'

import {type ManagedProcess, spawnManaged} from './process.js'

const execFileP = promisify(execFile)

export interface NetHost {
  ns: string
  ip: string
  /** DNS names that resolve to this host inside every namespace of the fabric. */
  names: string[]
}

/** Whether this process may create network namespaces (root with iproute2). */
export function canMakeNamespaces(): boolean {
  if (process.getuid?.() !== 0) return false
  try {
    execFileSync('ip', ['netns', 'list'], {stdio: 'ignore'})
    return true
  } catch {
    return false
  }
}

export class NetFabric {
  readonly hosts: NetHost[] = []
  private readonly bridgeNs: string
  private made = false

  /** `prefix` names every namespace (<prefix>-br, <prefix>-h<i>); `subnet` is the first three octets (10.209.7). */
  constructor(
    readonly prefix: string,
    readonly subnet: string,
  ) {
    this.bridgeNs = `${prefix}-br`
  }

  /** Creates the bridge and one host per entry (names: its DNS names). */
  async create(hostNames: string[][]): Promise<NetHost[]> {
    this.removeLeftovers()
    this.made = true
    process.once('exit', () => this.destroySync())
    await ip('netns', 'add', this.bridgeNs)
    await ip('-n', this.bridgeNs, 'link', 'add', 'br0', 'type', 'bridge')
    await ip('-n', this.bridgeNs, 'link', 'set', 'br0', 'up')
    for (const [i, names] of hostNames.entries()) {
      const ns = `${this.prefix}-h${i}`
      const host: NetHost = {ns, ip: `${this.subnet}.${i + 1}`, names}
      await ip('netns', 'add', ns)
      await ip('link', 'add', 'eth0', 'netns', ns, 'type', 'veth', 'peer', 'name', `v${i}`, 'netns', this.bridgeNs)
      await ip('-n', this.bridgeNs, 'link', 'set', `v${i}`, 'master', 'br0')
      await ip('-n', this.bridgeNs, 'link', 'set', `v${i}`, 'up')
      await ip('-n', ns, 'addr', 'add', `${host.ip}/24`, 'dev', 'eth0')
      await ip('-n', ns, 'link', 'set', 'eth0', 'up')
      await ip('-n', ns, 'link', 'set', 'lo', 'up')
      this.hosts.push(host)
    }
    const hostsFile = ['127.0.0.1 localhost', ...this.hosts.filter((h) => h.names.length > 0).map((h) => `${h.ip} ${h.names.join(' ')}`)].join('\n') + '\n'
    for (const h of this.hosts) {
      mkdirSync(`/etc/netns/${h.ns}`, {recursive: true})
      writeFileSync(`/etc/netns/${h.ns}/hosts`, hostsFile)
    }
    return this.hosts
  }

  /** Starts a long-running program inside a host (registered for cleanup like every test process). */
  spawn(host: NetHost, binary: string, args: string[], env: NodeJS.ProcessEnv): ManagedProcess {
    return spawnManaged('ip', ['netns', 'exec', host.ns, binary, ...args], {env, keepAcrossTests: true})
  }

  /** Runs a program inside a host to completion. */
  async run(host: NetHost, binary: string, args: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 30_000): Promise<{stdout: string; stderr: string}> {
    return execFileP('ip', ['netns', 'exec', host.ns, binary, ...args], {env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024})
  }

  /** GET a URL from inside a host (the namespaces are unreachable from here): the body, or undefined on failure. */
  async fetchText(host: NetHost, url: string): Promise<string | undefined> {
    const script = 'fetch(process.argv[1],{signal:AbortSignal.timeout(5000)}).then(async r=>{if(r.status!==200)process.exit(3);process.stdout.write(await r.text())}).catch(()=>process.exit(2))'
    try {
      return (await this.run(host, process.execPath, ['-e', script, url], process.env, 15_000)).stdout
    } catch {
      return undefined
    }
  }

  /** Deletes every namespace and hosts file this fabric made. */
  async destroy(): Promise<void> {
    this.destroySync()
  }

  private destroySync(): void {
    if (!this.made) return
    this.removeLeftovers()
    this.made = false
  }

  private removeLeftovers(): void {
    let list = ''
    try {
      list = execFileSync('ip', ['netns', 'list'], {encoding: 'utf8'})
    } catch {
      return
    }
    for (const line of list.split('\n')) {
      const ns = line.split(' ')[0]
      if (!ns || !(ns === this.bridgeNs || ns.startsWith(`${this.prefix}-h`))) continue
      try {
        execFileSync('ip', ['netns', 'del', ns], {stdio: 'ignore'})
      } catch {
        // already gone
      }
      rmSync(`/etc/netns/${ns}`, {recursive: true, force: true})
    }
  }
}

async function ip(...args: string[]): Promise<void> {
  await execFileP('ip', args, {timeout: 10_000})
}
