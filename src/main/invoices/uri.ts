// The SEP-0007 payment request a wallet scans: web+stellar:pay?destination=G...&amount=12.5&memo=...
// &memo_type=MEMO_TEXT (stellar-protocol ecosystem/sep-0007.md, operation "pay"). Every value is
// URL-encoded; the amount is the plain decimal, never rounded.
import { formatPi, type Stroops } from '../../shared/money'

export function invoicePayUri(invoice: { readonly address: string; readonly amount: Stroops; readonly memo: string }): string {
  const amount = formatPi(invoice.amount).replace(/\.?0+$/, '')
  const parameters: ReadonlyArray<readonly [string, string]> = [
    ['destination', invoice.address],
    ['amount', amount],
    ['memo', invoice.memo],
    ['memo_type', 'MEMO_TEXT']
  ]
  return `web+stellar:pay?${parameters.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&')}`
}
