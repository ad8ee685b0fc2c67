// Flags that configure the core for the whole run, applied alike by the oclif commands and the fast
// path. No oclif here: the fast path imports this.
import {parseLockTimeout, setLockTimeout} from '../core/lock.js'

/** --lock-timeout (or its env twin, which oclif and the fast path apply) → the core's folder lock. */
export function applyLockTimeout(flags: Record<string, unknown>): void {
  if (typeof flags['lock-timeout'] === 'string') setLockTimeout(parseLockTimeout(flags['lock-timeout'], '--lock-timeout'))
}
