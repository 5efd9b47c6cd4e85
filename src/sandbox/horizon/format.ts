// Horizon's wire formats: RFC 3339 times to the second, amounts as 7-decimal strings, HAL links.
export { formatStroops as amount } from '../chain/amounts'

export interface HalLink {
  readonly href: string
  readonly templated?: true
}

export function link(href: string): HalLink {
  return { href }
}

export function template(href: string): HalLink {
  return { href, templated: true }
}

/** "2024-05-01T12:00:00Z": Horizon never prints milliseconds. */
export function horizonTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}
