// Waiting for a condition in e2e tests: poll until the probe gives a value, never a fixed sleep.
import {setTimeout as sleep} from 'node:timers/promises'

/** Polls `probe` every 200 ms until it returns something other than undefined/false; throws naming `what` after `timeoutMs`. */
export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await probe()
    if (v !== undefined && v !== false) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(200)
  }
}
