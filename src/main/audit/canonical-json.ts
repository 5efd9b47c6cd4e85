// The one spelling of a JSON value that the audit log hashes: object keys sorted (by UTF-16 code
// units, as JavaScript compares strings), no whitespace, numbers as JSON writes them. Two entries
// that mean the same thing hash the same, however their objects were built.
//
// Invariant: only plain JSON goes in. A bigint, a Date, NaN, a function or a class instance is
// refused rather than silently turned into something else, so what is hashed is exactly what is
// stored and read back.
import type { JsonValue } from '../../shared/contract/queue'

export function canonicalJson(value: unknown): string {
  return write(value, '$')
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false'
    case 'string':
      return JSON.stringify(value)
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path} is not a finite number, so it cannot be audited`)
      return JSON.stringify(value)
    case 'object':
      break
    default:
      throw new TypeError(`${path} is a ${typeof value}, which JSON cannot hold (write money as 7-decimal text)`)
  }
  if (Array.isArray(value)) {
    return `[${value.map((item, index) => write(item, `${path}[${index}]`)).join(',')}]`
  }
  const prototype = Object.getPrototypeOf(value) as unknown
  if (prototype !== Object.prototype && prototype !== null) {
    throw new TypeError(`${path} is not a plain object (write dates as ISO text)`)
  }
  const record = value as Record<string, unknown>
  const fields = Object.keys(record)
    // An absent field and an undefined one mean the same; JSON.stringify drops both too.
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${write(record[key], `${path}.${key}`)}`)
  return `{${fields.join(',')}}`
}

/** Parses text the audit log wrote; null column values stand for JSON null. */
export function parseStoredJson(text: string | null): JsonValue {
  return text === null ? null : (JSON.parse(text) as JsonValue)
}
