// Go time.Duration parsing and printing, so durations read and write exactly as the daemon does.

const UNIT_NS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
}
const MAX_NS = (1n << 63n) - 1n

/** Parses like Go's time.ParseDuration; returns nanoseconds, or undefined when Go would fail. */
export function parseDuration(text: string): bigint | undefined {
  let s = text
  let negative = false
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s[0] === '-'
    s = s.slice(1)
  }
  if (s === '0') return 0n
  if (s === '') return undefined
  let total = 0n
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)
    if (!m || (m[1] === '' && (m[2] === undefined || m[2] === ''))) return undefined
    s = s.slice(m[0].length)
    const unit = /^[^\d.]+/.exec(s)?.[0]
    if (unit === undefined) return undefined // Go: "missing unit in duration"
    const ns = UNIT_NS[unit]
    if (ns === undefined) return undefined // Go: "unknown unit"
    s = s.slice(unit.length)
    const whole = BigInt(m[1] === '' ? '0' : m[1])
    let value = whole * ns
    const frac = m[2] ?? ''
    if (frac !== '') {
      // Go truncates the fractional part at nanosecond precision.
      value += (BigInt(frac) * ns) / 10n ** BigInt(frac.length)
    }
    total += value
    if (total > MAX_NS) return undefined
  }
  return negative ? -total : total
}

/** Prints like Go's time.Duration.String(). */
export function formatDuration(ns: bigint): string {
  if (ns === 0n) return '0s'
  const negative = ns < 0n
  let u = negative ? -ns : ns
  let out: string
  if (u < 1_000_000_000n) {
    // Below one second: the largest sub-second unit, with a fraction.
    let unit: string
    let div: bigint
    if (u < 1_000n) {
      unit = 'ns'
      div = 1n
    } else if (u < 1_000_000n) {
      unit = 'µs'
      div = 1_000n
    } else {
      unit = 'ms'
      div = 1_000_000n
    }
    out = fraction(u, div) + unit
  } else {
    const h = u / 3_600_000_000_000n
    u -= h * 3_600_000_000_000n
    const m = u / 60_000_000_000n
    u -= m * 60_000_000_000n
    out = fraction(u, 1_000_000_000n) + 's'
    if (h > 0n || m > 0n) out = `${m}m` + out
    if (h > 0n) out = `${h}h` + out
  }
  return negative ? '-' + out : out
}

function fraction(value: bigint, div: bigint): string {
  const whole = value / div
  const rest = value % div
  if (rest === 0n) return whole.toString()
  const digits = div.toString().length - 1
  const frac = rest.toString().padStart(digits, '0').replace(/0+$/, '')
  return `${whole}.${frac}`
}

/** Normalises a duration string the way the daemon would print it (`90s` → `1m30s`). */
export function normalizeDuration(text: string): string | undefined {
  const ns = parseDuration(text)
  return ns === undefined ? undefined : formatDuration(ns)
}
