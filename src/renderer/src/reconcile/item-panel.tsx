// One discrepancy in full: what it is about, the evidence (what was expected, what was found), what
// to do, a way to the payment in the ledger, and resolving it with a note (kept in the audit log).
import { useId, useState } from 'react'
import { DISCREPANCY_LABELS, type ReconcileItemView } from '../../../shared/contract'
import { useChannelAction } from '../api'
import { Badge, Button, Drawer, ErrorBanner, formatAmount, formatInstant } from '../ui'
import { SUBJECT_LABELS, TYPE_TONES } from './reconcile-words'

export interface ItemPanelProps {
  readonly item: ReconcileItemView
  readonly zone: string
  readonly onOpenPayment: (identifier: string) => void
  readonly onResolved: (item: ReconcileItemView) => void
  readonly onClose: () => void
}

export function ItemPanel({ item, zone, onOpenPayment, onResolved, onClose }: ItemPanelProps) {
  const id = useId()
  const resolve = useChannelAction('reconcile:resolve')
  const [note, setNote] = useState('')

  async function submit() {
    const envelope = await resolve.run({ itemId: item.id, note })
    if (envelope.ok) {
      setNote('')
      onResolved(envelope.value)
    }
  }

  return (
    <Drawer
      title={DISCREPANCY_LABELS[item.type]}
      subtitle={
        <span className="mono break-all" data-panel-subject="">
          {SUBJECT_LABELS[item.subjectKind]} {item.subject}
        </span>
      }
      onClose={onClose}
    >
      <div className="stack" data-item-panel={item.id}>
        <div className="form-row">
          <Badge tone={TYPE_TONES[item.type]}>{DISCREPANCY_LABELS[item.type]}</Badge>
          {item.amount !== null ? <span className="numeric">{formatAmount(item.amount)} π</span> : null}
        </div>
        <p data-panel-sentence="">
          <strong>What to do: </strong>
          {item.sentence}
        </p>
        <div className="table-wrap">
          <table className="table" data-evidence="">
            <caption className="visually-hidden">Evidence</caption>
            <thead>
              <tr>
                <th scope="col">Compared</th>
                <th scope="col">Expected</th>
                <th scope="col">Found</th>
              </tr>
            </thead>
            <tbody>
              {item.evidence.map((row, index) => (
                <tr key={`${row.what}-${index}`}>
                  <td>{row.what}</td>
                  <td className="break-all">{row.expected ?? '—'}</td>
                  <td className="break-all">{row.found ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <dl className="facts">
          {item.txid ? (
            <>
              <dt>Transaction</dt>
              <dd className="mono break-all">{item.txid}</dd>
            </>
          ) : null}
          {item.paymentId ? (
            <>
              <dt>Payment</dt>
              <dd>
                <button type="button" className="link-button mono break-all" onClick={() => onOpenPayment(item.paymentId!)} data-open-payment="">
                  {item.paymentId}
                </button>
              </dd>
            </>
          ) : null}
        </dl>
        {item.resolved ? (
          <p data-panel-resolution="">
            <Badge tone="success">Resolved</Badge> by {item.resolved.by} on {formatInstant(item.resolved.at, zone)}: {item.resolved.note}
          </p>
        ) : (
          <form
            className="stack"
            onSubmit={(event) => {
              event.preventDefault()
              if (note.trim() !== '' && !resolve.pending) void submit()
            }}
          >
            <div className="field">
              <label className="field__label" htmlFor={`${id}-note`}>
                How was it settled?
              </label>
              <textarea
                id={`${id}-note`}
                className="input"
                rows={3}
                maxLength={1000}
                value={note}
                onChange={(event) => setNote(event.target.value)}
                data-resolve-note=""
              />
              <p className="field__hint">Say what was done, or why nothing needs doing. The note is kept with the report and in the audit log.</p>
            </div>
            {resolve.error ? <ErrorBanner error={resolve.error} title="Not resolved" /> : null}
            <div className="form-row">
              <Button type="submit" variant="primary" disabled={note.trim() === '' || resolve.pending} data-resolve="">
                {resolve.pending ? 'Resolving…' : 'Mark resolved'}
              </Button>
            </div>
          </form>
        )}
      </div>
    </Drawer>
  )
}
