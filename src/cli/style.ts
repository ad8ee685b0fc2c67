// Colour for people at a terminal (chalk): errors red, warnings yellow, success green, keys and
// paths bold. The printers (ops/summary.ts) stay plain, since MCP and the HTTP API reuse their
// text; the CLI paints each line as it writes it. No colour when the stream is not a TTY, with
// NO_COLOR, or under --json (nothing but JSON is written then); FORCE_COLOR wins, as in Node.
// chalk is imported when colour may be on (loadChalk), not with this module: the fast path's bundles
// inline this module, and a static import there would load chalk at every start.
import type {ChalkInstance} from 'chalk'

export type Stream = 'stdout' | 'stderr'

const painters: Partial<Record<Stream, ChalkInstance>> = {}

let chalk: typeof import('chalk') | undefined

/** Loads chalk; call (and await) before the first paint(). */
export async function loadChalk(): Promise<void> {
  chalk ??= await import('chalk')
}

function painter(stream: Stream): ChalkInstance {
  const cached = painters[stream]
  if (cached) return cached
  const env = process.env
  const {Chalk, supportsColor, supportsColorStderr} = chalk!
  const support = stream === 'stdout' ? supportsColor : supportsColorStderr
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '' && env.FORCE_COLOR === undefined
  return (painters[stream] = new Chalk({level: noColor || !support ? 0 : support.level}))
}

// A multiaddress is data, not a path: /ip4/..., /dns4/..., /p2p/...
const PATH = /(^|[\s(="'])(\/(?!(?:ip4|ip6|dns|dns4|dns6|dnsaddr|p2p|ipfs|ipns|unix|tcp|udp)\/)[^\s:,()"']+)/g
const KEY_LINE = /^([~+-] )?([a-z_][\w-]*(?:\.[\w-]+)+)(:)/

/** One output line, painted for the stream it goes to. */
export function paint(line: string, stream: Stream): string {
  const c = painter(stream)
  if (c.level === 0) return line
  let m: RegExpMatchArray | null
  if ((m = /^(Error:|error:|invalid\b[^:]*:)(.*)$/s.exec(line))) return c.red(m[1]) + paintRest(m[2], c)
  if ((m = /^(warning:)(.*)$/s.exec(line))) return c.yellow(m[1]) + paintRest(m[2], c)
  if ((m = /^(valid:|configuration written to|new identity written to|follower "[^"]*" written to|joined:)(.*)$/s.exec(line))) return c.green(m[1]) + paintRest(m[2], c)
  if ((m = KEY_LINE.exec(line))) return (m[1] ?? '') + c.bold(m[2]) + m[3] + paintRest(line.slice(m[0].length), c)
  return paintRest(line, c)
}

function paintRest(text: string, c: ChalkInstance): string {
  return text.replace(PATH, (_all, lead: string, path: string) => lead + c.bold(path))
}
