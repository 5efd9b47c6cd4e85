// Pi's record of a payment, every field as Pi sent it: nested objects (status, transaction) read
// as "status.cancelled"-style rows, metadata (the shop's own JSON) pretty-printed.
import type { ReactNode } from 'react'

export function PaymentRecord({ dto }: { readonly dto: Readonly<Record<string, unknown>> }) {
  const rows = flatten(dto)
  return (
    <dl className="facts facts--compact" data-payment-record="">
      {rows.map(([key, value]) => (
        <Fact key={key} name={key} value={value} />
      ))}
    </dl>
  )
}

function Fact({ name, value }: { readonly name: string; readonly value: unknown }) {
  return (
    <>
      <dt className="mono">{name}</dt>
      <dd>{render(name, value)}</dd>
    </>
  )
}

function render(name: string, value: unknown): ReactNode {
  if (name === 'metadata') {
    return <pre className="json-block">{value === null ? 'null' : JSON.stringify(value, null, 2)}</pre>
  }
  if (value === null) return <span className="muted">null</span>
  if (typeof value === 'boolean') return <span className={value ? 'bool bool--true' : 'bool'}>{String(value)}</span>
  if (typeof value === 'string') return <span className="mono break-all">{value}</span>
  if (typeof value === 'number') return <span className="numeric">{String(value)}</span>
  return <pre className="json-block">{JSON.stringify(value, null, 2)}</pre>
}

/** One level of nesting is spelled out; metadata stays whole (it is the shop's, any shape). */
function flatten(dto: Readonly<Record<string, unknown>>): [string, unknown][] {
  const rows: [string, unknown][] = []
  for (const [key, value] of Object.entries(dto)) {
    if (key !== 'metadata' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value)) rows.push([`${key}.${inner}`, innerValue])
    } else {
      rows.push([key, value])
    }
  }
  return rows
}
