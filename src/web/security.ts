// Who may talk to `serve`: the rules every route (the API, /mcp, the WebSocket upgrade, the page)
// passes first. A DNS-rebinding page reaches a loopback server under a foreign Host name, so the
// Host must be an exact loopback name or a strictly parsed loopback IP literal (Node --inspect's
// lesson: no `localhost6`, no octal `0177.0.0.1`); a cross-site page sends a foreign Origin; and
// anything else must carry the token (a cookie the token URL sets, or `Authorization: Bearer`).
import {timingSafeEqual} from 'node:crypto'
import type {IncomingMessage} from 'node:http'
import {isIPv6} from 'node:net'

export const COOKIE = 'ipfs_cluster_config_token'
/** The least token length accepted from --token-file (as many bytes as Jupyter's random one). */
export const MIN_TOKEN_LENGTH = 24

/** 127.0.0.0/8 as a plain dotted quad: four decimal parts, 0-255, no leading zeros. */
export function isLoopbackIPv4(text: string): boolean {
  const parts = text.split('.')
  if (parts.length !== 4) return false
  if (!parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255)) return false
  return parts[0] === '127'
}

/** ::1 however it is written (0:0:0:0:0:0:0:1, or IPv4 loopback mapped as ::ffff:127.x.y.z). */
export function isLoopbackIPv6(text: string): boolean {
  if (!isIPv6(text)) return false
  // The URL parser's IPv6 grammar is strict (unlike its IPv4 one) and gives the canonical form.
  const canonical = new URL(`http://[${text}]`).hostname
  return canonical === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(canonical)
}

/** Is a listen host (the --listen address) a loopback one? */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || isLoopbackIPv4(host) || isLoopbackIPv6(host)
}

/**
 * Splits a Host header into name and port: `name`, `name:port`, `[v6]` or `[v6]:port`. Anything
 * else (userinfo, a path, an empty name, a port that is not 1-65535) is undefined.
 */
export function parseHostHeader(header: string): {name: string; port?: number} | undefined {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]@/\\\s]+))(?::([0-9]{1,5}))?$/.exec(header)
  if (!m) return undefined
  const port = m[3] === undefined ? undefined : Number(m[3])
  if (port !== undefined && (port < 1 || port > 65535)) return undefined
  if (m[1] !== undefined) return isIPv6(m[1]) ? {name: `[${m[1].toLowerCase()}]`, port} : undefined
  return {name: m[2].toLowerCase(), port}
}

export interface AccessRules {
  token: string
  /** Extra Host names allowed (--allowed-host), lower case. */
  allowedHosts: string[]
  /** http or https: the scheme of the server's own Origin. */
  scheme: 'http' | 'https'
}

export type Verdict = {ok: true; origin: string} | {ok: false; status: 401 | 403; message: string}

function hostAllowed(name: string, rules: AccessRules): boolean {
  if (rules.allowedHosts.includes(name)) return true
  if (name === 'localhost') return true
  if (name.startsWith('[')) return isLoopbackIPv6(name.slice(1, -1))
  return isLoopbackIPv4(name)
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

export function cookieToken(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=')
    if (i !== -1 && part.slice(0, i).trim() === COOKIE) return decodeURIComponent(part.slice(i + 1).trim())
  }
  return undefined
}

/** Host, then Origin (both 403), then the token (401); `urlToken` is the page's ?token= exchange. */
export function checkAccess(req: IncomingMessage, rules: AccessRules, urlToken?: string): Verdict {
  const hostHeader = req.headers.host
  const host = hostHeader === undefined ? undefined : parseHostHeader(hostHeader)
  if (!host || !hostAllowed(host.name, rules)) return {ok: false, status: 403, message: `Host ${JSON.stringify(hostHeader ?? '')} is not allowed: use the URL serve printed`}
  const origin = `${rules.scheme}://${hostHeader!.toLowerCase()}`
  const given = req.headers.origin
  if (given !== undefined && given.toLowerCase() !== origin) return {ok: false, status: 403, message: `Origin ${JSON.stringify(given)} is not this server's (${origin})`}
  const auth = req.headers.authorization
  const bearer = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined
  const candidate = bearer ?? cookieToken(req.headers.cookie) ?? urlToken
  if (candidate === undefined) return {ok: false, status: 401, message: 'a token is required: open the URL serve printed, or send Authorization: Bearer <token>'}
  if (!sameToken(candidate, rules.token)) return {ok: false, status: 401, message: 'wrong token'}
  return {ok: true, origin}
}

/** The cookie the token URL is exchanged for: the page's scripts never see it. */
export function sessionCookie(token: string, secure: boolean): string {
  return `${COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/${secure ? '; Secure' : ''}`
}
