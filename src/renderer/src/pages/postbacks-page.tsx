// Postback deliveries: every signed POST the desk owes the shop's backend (an invoice seen, paid,
// expired...; a Pi payment completed, cancelled or refunded at the desk), with its state, every
// attempt and the shop's answer, the next try, and Redeliver for one that was delivered or given up.
import { useState } from 'react'
import { Banner, Button, EmptyState, ErrorBanner, Icon, PageHeader, formatCount } from '../ui'
import { PostbacksTable } from '../postbacks/postbacks-table'
import { usePostbacks } from '../postbacks/use-postbacks'

export function PostbacksPage() {
  const postbacks = usePostbacks()
  const [sent, setSent] = useState<number | null>(null)
  const items = postbacks.data?.items ?? []
  const pending = items.filter((postback) => postback.state === 'pending').length
  return (
    <>
      <PageHeader
        title="Postback deliveries"
        description="What Merchant Desk tells your shop's backend, signed with your postback secret: invoices seen, paid or expired, and what staff did to Pi payments. Each is retried for three days until the shop answers 2xx."
      />
      {postbacks.error ? <ErrorBanner error={postbacks.error} title="The postbacks could not be read" onRetry={postbacks.reload} /> : null}
      {postbacks.data?.paused ? (
        <Banner tone="error" title="Postbacks are on hold">
          {postbacks.data.paused}
        </Banner>
      ) : null}
      {postbacks.redeliverError ? <ErrorBanner error={postbacks.redeliverError} title="Not sent again" /> : null}
      {sent !== null && postbacks.redeliverError === null ? (
        <Banner
          tone="info"
          title={`Postback ${sent} is being sent again`}
          action={
            <Button size="small" variant="ghost" onClick={() => setSent(null)}>
              Dismiss
            </Button>
          }
        >
          Same body, a new signature; it is retried for three more days until the shop answers.
        </Banner>
      ) : null}
      {postbacks.data === null ? (
        postbacks.loading ? (
          <p className="muted" role="status">
            Reading postbacks…
          </p>
        ) : null
      ) : items.length === 0 ? (
        <EmptyState
          icon={<Icon name="postbacks" />}
          title="No postbacks yet"
          hint="Give an invoice a postback URL (the gateway's start_payment does), or set the shop's postback URL for Pi payments."
        >
          Every message to your shop's backend is listed here with each attempt and the shop's answer, so nothing it was told is a guess.
        </EmptyState>
      ) : (
        <div className="stack stack--tight">
          <p className="muted" data-postback-count={items.length}>
            {formatCount(items.length)} {items.length === 1 ? 'postback' : 'postbacks'}, newest first
            {pending > 0 ? `; ${formatCount(pending)} still being tried` : '; none waiting'}.
          </p>
          <PostbacksTable
            items={items}
            busyId={postbacks.busyId}
            onRedeliver={(postback) => {
              setSent(postback.id)
              void postbacks.redeliver(postback)
            }}
          />
        </div>
      )}
    </>
  )
}
