// `serve`'s flags → what the server needs, with its refusals: a non-loopback address only with
// --allow-remote and a token file, a token file's token long enough, TLS files readable.
import {randomBytes} from 'node:crypto'
import {readFile} from 'node:fs/promises'

import {parseDuration} from '../core/duration.js'
import {ExitCode, UserError} from '../core/errors.js'
import {servicePath} from '../core/paths.js'
import {MIN_TOKEN_LENGTH, isLoopbackHost} from './security.js'
import type {ServeOptions} from './server.js'

export interface ServeFlags {
  listen: string
  path?: string[]
  'follow-path'?: string[]
  out?: string[]
  'token-file'?: string
  'allowed-host'?: string[]
  'allow-remote'?: boolean
  'tls-cert'?: string
  'tls-key'?: string
  poll: string
}

/** host:port, [v6]:port or :port (all interfaces). */
export function parseListen(text: string): {host: string; port: number} {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):([0-9]{1,5})$/.exec(text)
  const port = m ? Number(m[3]) : NaN
  if (!m || port > 65535) throw new UserError(`--listen "${text}": expected HOST:PORT (127.0.0.1:8765, [::1]:8765; port 0 picks a free one)`, ExitCode.usage)
  return {host: m[1] ?? (m[2] === '' ? '0.0.0.0' : m[2]), port}
}

async function readFlagFile(path: string, flag: string): Promise<Buffer> {
  try {
    return await readFile(path)
  } catch (error) {
    throw new UserError(`${flag}: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, ExitCode.usage)
  }
}

export async function serveOptions(flags: ServeFlags, env: NodeJS.ProcessEnv, info: {name: string; version: string}): Promise<ServeOptions> {
  const {host, port} = parseListen(flags.listen)
  const remote = !isLoopbackHost(host)
  if (remote && !(flags['allow-remote'] && flags['token-file']))
    throw new UserError(`--listen ${flags.listen} is not a loopback address: serving other hosts needs --allow-remote and a fixed --token-file (and, off a trusted network, --tls-cert/--tls-key)`, ExitCode.usage)
  let token: string
  if (flags['token-file'] === undefined) token = randomBytes(32).toString('base64url')
  else {
    token = (await readFlagFile(flags['token-file'], '--token-file')).toString('utf8').trim()
    if (Buffer.byteLength(token) < MIN_TOKEN_LENGTH || /\s/.test(token))
      throw new UserError(`--token-file ${flags['token-file']}: the token must be at least ${MIN_TOKEN_LENGTH} bytes without spaces (try: openssl rand -hex 32)`, ExitCode.usage)
  }
  if ((flags['tls-cert'] === undefined) !== (flags['tls-key'] === undefined)) throw new UserError('--tls-cert and --tls-key go together', ExitCode.usage)
  const tls = flags['tls-cert'] ? {cert: await readFlagFile(flags['tls-cert'], '--tls-cert'), key: await readFlagFile(flags['tls-key']!, '--tls-key')} : undefined
  const poll = parseDuration(flags.poll)
  if (poll === undefined || poll < 100_000_000n) throw new UserError(`--poll "${flags.poll}": expected a duration of at least 100ms (5s, 1m)`, ExitCode.usage)
  const sources = {servicePaths: flags.path ?? [], followBases: flags['follow-path'] ?? [], bundles: flags.out ?? []}
  if (sources.servicePaths.length + sources.followBases.length + sources.bundles.length === 0) sources.servicePaths.push(servicePath(undefined, env))
  return {host, port, token, allowedHosts: flags['allowed-host'] ?? [], tls, sources, pollMs: Number(poll / 1_000_000n), env, info}
}
