// The postbacks this invoice caused (seen, paid, expired...), with each attempt and Redeliver: the
// shop's side of the invoice's timeline. Invoices without a postback URL say so instead.
import type { InvoiceView } from '../../../shared/contract'
import { PostbacksTable } from '../postbacks/postbacks-table'
import { usePostbacks } from '../postbacks/use-postbacks'
import { Banner, ErrorBanner } from '../ui'

export function InvoicePostbacks({ invoice }: { readonly invoice: InvoiceView }) {
  const postbacks = usePostbacks(invoice.id)
  const items = postbacks.data?.items ?? []
  return (
    <div className="stack stack--tight" data-invoice-postbacks={items.length}>
      {postbacks.error ? <ErrorBanner error={postbacks.error} title="Its postbacks could not be read" onRetry={postbacks.reload} /> : null}
      {postbacks.data?.paused && items.some((postback) => postback.state === 'pending') ? (
        <Banner tone="error" title="Postbacks are on hold">
          {postbacks.data.paused}
        </Banner>
      ) : null}
      {postbacks.redeliverError ? <ErrorBanner error={postbacks.redeliverError} title="Not sent again" /> : null}
      {postbacks.data !== null && items.length === 0 ? (
        <p className="muted">
          {invoice.postbackUrl === null
            ? 'None: this invoice has no postback URL, so no shop backend is told about it.'
            : `None yet: ${invoice.postbackUrl} is told when the invoice is seen, paid, expires, is paid late, cancelled or refunded.`}
        </p>
      ) : null}
      {items.length > 0 ? <PostbacksTable items={items} busyId={postbacks.busyId} onRedeliver={(postback) => void postbacks.redeliver(postback)} withSubject={false} /> : null}
    </div>
  )
}
