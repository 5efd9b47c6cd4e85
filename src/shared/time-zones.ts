// Time-zone names: whether one exists, and the nearest real one to a mistyped name, so a refusal
// can say "Europe/Berln is not a time zone; did you mean Europe/Berlin?". Pure: Intl only.

export function isTimeZone(zone: string): boolean {
  if (zone.trim() === '') return false
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** Every zone this runtime knows, UTC included. */
export function knownTimeZones(): readonly string[] {
  const zones = Intl.supportedValuesOf('timeZone')
  return zones.includes('UTC') ? zones : ['UTC', ...zones]
}

/** The known zone closest to `typed` (case-insensitive edit distance), or null when none is close. */
export function nearestTimeZone(typed: string, zones: readonly string[] = knownTimeZones()): string | null {
  const wanted = typed.trim().toLowerCase().replace(/\s+/g, '_')
  if (wanted === '') return null
  let best: string | null = null
  let bestDistance = Number.POSITIVE_INFINITY
  for (const zone of zones) {
    const candidate = zone.toLowerCase()
    const distance = candidate === wanted ? 0 : editDistance(wanted, candidate, bestDistance)
    if (distance < bestDistance) {
      best = zone
      bestDistance = distance
    }
  }
  // More than a third of the name wrong is another name, not a typo.
  return best !== null && bestDistance <= Math.max(2, Math.floor(wanted.length / 3)) ? best : null
}

/** The sentence for a refused zone name. */
export function notATimeZone(typed: string): string {
  const suggestion = nearestTimeZone(typed)
  const shown = typed.trim() === '' ? 'An empty name' : typed.trim()
  return suggestion
    ? `${shown} is not a time zone; did you mean ${suggestion}?`
    : `${shown} is not a time zone. Use a name such as Europe/Berlin, America/New_York or UTC.`
}

/** Levenshtein distance, giving up (returning limit) once it cannot beat `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i]
    let rowBest = i
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost)
      current.push(value)
      rowBest = Math.min(rowBest, value)
    }
    if (rowBest >= limit) return limit
    previous = current
  }
  return previous[b.length]!
}
