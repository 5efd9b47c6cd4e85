// A payment's own link in Merchant Desk: the ledger with its details open. The renderer routes it;
// the CLI prints it so a line in a terminal or a ticket leads straight to the payment.
export function paymentLink(identifier: string): string {
  return `#/payments/${encodeURIComponent(identifier)}`
}
