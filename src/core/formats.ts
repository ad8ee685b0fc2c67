// The string formats of the schemas (Go durations, multiaddresses, peer ids, the cluster secret),
// shared by the runtime Ajv and the validators precompiled at build time.
import {parseDuration} from './duration.js'
import {isPeerId} from './identity.js'
import {parseMultiaddr} from './multiaddr.js'

/** Why a cluster secret is refused (the daemon's reason, in a user's words); undefined when it is valid. */
export function secretProblem(s: string): string | undefined {
  if (s === '') return undefined
  const rule = 'must be 64 hex characters (32 bytes)'
  if (!/^[0-9a-fA-F]*$/.test(s)) return `${rule}; it holds characters that are not hex (0-9, a-f)`
  if (s.length !== 64) return `${rule}, got ${s.length} characters`
  return undefined
}

export const formats: Record<string, (s: string) => boolean> = {
  'go-duration': (s) => parseDuration(s) !== undefined,
  multiaddr: (s) => parseMultiaddr(s).ok,
  'multiaddr-or-empty': (s) => s === '' || parseMultiaddr(s).ok,
  'peer-id': (s) => isPeerId(s),
  'peer-id-or-star': (s) => s === '*' || isPeerId(s),
  'cluster-secret': (s) => secretProblem(s) === undefined,
  uri: (s) => /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(s),
  // Checked together with its id, in Go's words, by identityProblems.
  'libp2p-private-key': () => true,
}

/** The x-* annotation keywords: no validation, Ajv must only accept them. */
export const KEYWORDS = ['x-omit', 'x-strings', 'x-sorted', 'x-secret', 'x-env', 'x-lenient', 'x-zero']

export const AJV_OPTIONS = {allErrors: true, strict: false} as const
