// Printing values for people and scripts: a scalar prints raw (so `$(... get KEY)` works), a
// structure as 2-space JSON.
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value, null, 2)
}
