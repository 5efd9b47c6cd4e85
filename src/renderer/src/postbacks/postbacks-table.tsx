// Postbacks owed to the shop's backend, newest first: what each tells (the invoice or payment and
// its event), where it goes, where it stands, every attempt with the shop's answer, and the next
// try. A delivered or given-up one can be sent again.
import type { PostbackView } from '../../../shared/contract'
import { useBusinessZone } from '../app/app-info'
import { invoiceHref } from '../app/route-links'
import { Badge, Button, Table, formatInstant, type Column } from '../ui'
import { POSTBACK_STATE_LABELS, POSTBACK_STATE_TONES, attemptOutcome, canRedeliver } from './postback-words'

export interface PostbacksTableProps {
  readonly items: readonly PostbackView[]
  /** The postback being sent again, if any: its button waits. */
  readonly busyId: number | null
  readonly onRedeliver: (postback: PostbackView) => void
  /** Leave out the subject column (an invoice's own postbacks). */
  readonly withSubject?: boolean
}

export function PostbacksTable({ items, busyId, onRedeliver, withSubject = true }: PostbacksTableProps) {
  const zone = useBusinessZone() ?? 'UTC'
  const columns: Column<PostbackView>[] = [
    {
      key: 'made',
      header: 'Queued',
      cell: (postback) => (
        <span className="postback-cell">
          <span className="numeric">{formatInstant(postback.createdAt, zone, { seconds: true })}</span>
          <span className="muted">No. {postback.id}</span>
        </span>
      )
    },
    {
      key: 'what',
      header: 'What it tells',
      cell: (postback) => (
        <span className="postback-cell">
          <strong data-postback-event="">{postback.event}</strong>
          {withSubject ? (
            postback.topic === 'invoice' ? (
              <a className="mono" href={invoiceHref(postback.subject)}>
                {postback.subject}
              </a>
            ) : (
              <span className="mono break-all">Pi payment {postback.subject}</span>
            )
          ) : null}
          <span className="muted break-all" data-postback-url="">
            to {postback.url}
          </span>
        </span>
      )
    },
    {
      key: 'state',
      header: 'State',
      cell: (postback) => (
        <span className="postback-cell" data-postback-state={postback.state}>
          <Badge tone={POSTBACK_STATE_TONES[postback.state]} dot>
            {POSTBACK_STATE_LABELS[postback.state]}
          </Badge>
          {postback.state === 'pending' && postback.nextAttemptAt !== null ? (
            <span className="muted" data-next-try="">
              Next try {formatInstant(postback.nextAttemptAt, zone, { seconds: true })}
            </span>
          ) : null}
          {postback.deliveredAt !== null ? <span className="muted">{formatInstant(postback.deliveredAt, zone, { seconds: true })}</span> : null}
        </span>
      )
    },
    {
      key: 'attempts',
      header: 'Attempts',
      cell: (postback) =>
        postback.history.length === 0 ? (
          <span className="muted" data-postback-attempts="0">
            Not tried yet
          </span>
        ) : (
          <ol className="postback-attempts" data-postback-attempts={postback.history.length}>
            {postback.history.map((attempt) => (
              <li key={attempt.attempt} data-attempt-status={attempt.httpStatus ?? 'none'}>
                <span className="numeric">{formatInstant(attempt.startedAt, zone, { seconds: true })}</span>{' '}
                <span className={attempt.httpStatus !== null && attempt.httpStatus < 300 ? 'postback-attempts__ok' : 'postback-attempts__failed'}>
                  {attemptOutcome(attempt)}
                </span>
              </li>
            ))}
          </ol>
        )
    },
    {
      key: 'actions',
      header: 'Actions',
      cell: (postback) =>
        canRedeliver(postback.state) ? (
          <Button
            size="small"
            disabled={busyId !== null}
            onClick={() => onRedeliver(postback)}
            data-redeliver={postback.id}
            aria-label={`Redeliver postback ${postback.id}`}
          >
            {busyId === postback.id ? 'Sending…' : 'Redeliver'}
          </Button>
        ) : (
          <span className="muted">Being tried</span>
        )
    }
  ]
  return (
    <Table
      caption="Postbacks to the shop's backend, newest first"
      columns={columns}
      rows={items}
      rowKey={(postback) => String(postback.id)}
      tableProps={{ 'data-postbacks-table': '' }}
      rowProps={(postback) => ({ 'data-postback-row': String(postback.id), 'data-state': postback.state })}
    />
  )
}
