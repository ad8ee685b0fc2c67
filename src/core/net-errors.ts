// Network failures in words a person can act on, as fs-errors.ts does for files: "nothing is
// listening at 127.0.0.1:9094 (connection refused)", never Node's "connect ECONNREFUSED 127.0.0.1:9094".
// Every place that reports a failed request or dial (status, connect, check, a follower's source, the
// secret probe) words it here, so the CLI, MCP, the HTTP API and the dashboard say the same.
import {formatDuration} from './duration.js'

interface NetError {
  name?: string
  code?: string
  syscall?: string
  address?: string
  port?: number
  hostname?: string
  message?: string
  cause?: unknown
  errors?: unknown[]
}

/** The error that carries the code: fetch wraps it in `cause`; a dial to several addresses gives an AggregateError. */
function innermost(error: unknown): NetError {
  let e = (error ?? {}) as NetError
  for (let i = 0; i < 5; i++) {
    if (e.code === undefined && e.cause && typeof e.cause === 'object') e = e.cause as NetError
    else if (e.address === undefined && Array.isArray(e.errors) && e.errors[0] && typeof e.errors[0] === 'object') e = {...(e.errors[0] as NetError), code: e.code ?? (e.errors[0] as NetError).code}
    else break
  }
  return e
}

/**
 * A failed connection or request as one readable phrase. `target` names what was dialled (host:port, a socket
 * path) when the error does not; `timeoutMs` is the limit a timeout hit.
 */
export function networkProblem(error: unknown, o: {target?: string; timeoutMs?: number} = {}): string {
  const e = innermost(error)
  const host = e.address ?? e.hostname
  const at = host === undefined ? (o.target ?? 'the peer') : e.port === undefined ? host : `${host.includes(':') ? `[${host}]` : host}:${e.port}`
  const name = e.hostname ?? o.target?.replace(/:\d+$/, '') ?? at
  // fetch's AbortSignal.timeout() ends the request with a TimeoutError, without a code.
  const timedOut = e.name === 'TimeoutError' || (error as NetError)?.name === 'TimeoutError'
  switch (timedOut ? 'ETIMEDOUT' : e.code) {
    case 'ECONNREFUSED':
      return `nothing is listening at ${at} (connection refused)`
    case 'ENOENT':
      return `nothing is listening at ${at} (no such socket)`
    case 'ENOTFOUND':
      return `host not found: ${name} (the name does not resolve)`
    case 'EAI_AGAIN':
      return `host name ${name} could not be resolved right now (DNS lookup failed; try again)`
    case 'ETIMEDOUT':
      // Go's duration form, as the --timeout flags take it (3s, 1.5s, 250ms).
      return o.timeoutMs === undefined ? `timed out connecting to ${at}` : `timed out after ${formatDuration(BigInt(Math.round(o.timeoutMs)) * 1_000_000n)}: no answer from ${at}`
    case 'EHOSTUNREACH':
    case 'EHOSTDOWN':
      return `no route to ${at} (host unreachable)`
    case 'ENETUNREACH':
      return `no route to ${at} (network unreachable)`
    case 'ECONNRESET':
    case 'EPIPE':
      return `${at} closed the connection before answering (connection reset)`
    case 'ECONNABORTED':
      return `the connection to ${at} was aborted`
    case 'EACCES':
    case 'EPERM':
      return `permission denied connecting to ${at}`
    case 'EADDRNOTAVAIL':
      return `cannot connect to ${at}: the address is not available on this host`
    case 'ERR_INVALID_URL':
      return `${o.target ?? 'the address'} is not a valid URL`
    default: {
      // Unknown: Node's words without the "syscall ECODE" prefix.
      const text = (e.message ?? '').replace(/^\w+ E[A-Z_]+\b ?/, '').trim()
      return text && text !== host && text !== at ? `network error at ${at}: ${text}` : `network error at ${at}`
    }
  }
}
