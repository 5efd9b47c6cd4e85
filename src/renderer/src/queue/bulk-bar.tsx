// One action over the selected rows. Each row still gets its own checks and its own result: a
// bulk completion completes only the payments the chain shows paid.
import { useState } from 'react'
import { QUEUE_ACTIONS, type QueueAction } from '../../../shared/contract/queue-words'
import { Button } from '../ui'

const LABELS: Readonly<Record<QueueAction, string>> = { approve: 'Approve', complete: 'Complete', cancel: 'Cancel' }

export function BulkBar({
  count,
  busy,
  onApply,
  onClear
}: {
  readonly count: number
  readonly busy: boolean
  readonly onApply: (action: QueueAction) => void
  readonly onClear: () => void
}) {
  const [action, setAction] = useState<QueueAction>('complete')
  return (
    <div className="queue-bulk" role="group" aria-label="Bulk action" data-bulk-bar="">
      <span className="queue-bulk__count" data-selected-count="">
        {count === 0 ? 'Select payments to act on several at once.' : `${count} selected`}
      </span>
      <label className="visually-hidden" htmlFor="queue-bulk-action">
        Action for the selected payments
      </label>
      <select
        id="queue-bulk-action"
        className="select"
        value={action}
        onChange={(event) => setAction(event.target.value as QueueAction)}
        disabled={count === 0}
      >
        {QUEUE_ACTIONS.map((name) => (
          <option key={name} value={name}>
            {LABELS[name]}
          </option>
        ))}
      </select>
      <Button variant="primary" size="small" disabled={count === 0 || busy} onClick={() => onApply(action)} data-bulk-apply="">
        {busy ? 'Working…' : `${LABELS[action]} ${count} ${count === 1 ? 'payment' : 'payments'}`}
      </Button>
      {count > 0 ? (
        <Button variant="ghost" size="small" onClick={onClear}>
          Clear selection
        </Button>
      ) : null}
    </div>
  )
}
