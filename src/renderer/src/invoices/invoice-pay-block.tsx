// What the customer needs to pay: the QR code and, beside it in large type, the bare address,
// the exact amount and the memo, for a wallet that scans only addresses (the memo is what ties
// the payment to this invoice, so it is as big as the amount).
import type { InvoiceView } from '../../../shared/contract'
import { InvoiceQr } from './invoice-qr'
import { exactPi } from './invoice-words'

export function InvoicePayBlock({ invoice, size }: { readonly invoice: InvoiceView; readonly size: 'medium' | 'large' }) {
  const amount = exactPi(invoice.amount)
  return (
    <div className={`invoice-pay invoice-pay--${size}`} data-invoice-pay="">
      <InvoiceQr uri={invoice.uri} size={size} label={`QR code: pay ${amount} Pi to ${invoice.address} with memo ${invoice.memo}`} />
      <dl className="invoice-pay__facts">
        <div>
          <dt>Amount</dt>
          <dd className="invoice-pay__big numeric" data-pay-amount={amount}>
            {amount} <span className="unit-symbol">π</span>
          </dd>
          {invoice.fiat ? (
            <dd className="invoice-pay__fiat muted" data-pay-fiat="">
              for {invoice.fiat.amount} {invoice.fiat.currency}, at 1 π = {invoice.fiat.rate} {invoice.fiat.currency}
            </dd>
          ) : null}
        </div>
        <div>
          <dt>Memo (type it exactly)</dt>
          <dd className="invoice-pay__big mono" data-pay-memo={invoice.memo}>
            {invoice.memo}
          </dd>
        </div>
        <div>
          <dt>To address</dt>
          <dd className="invoice-pay__address mono break-all" data-pay-address={invoice.address}>
            {invoice.address}
          </dd>
        </div>
      </dl>
    </div>
  )
}
