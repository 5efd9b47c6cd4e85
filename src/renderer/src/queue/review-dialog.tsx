// Marking a payment reviewed (or reopening it): a note is required, because the next person to
// look at the queue needs to know what was done. The note goes to the audit log with the action.
import { useState } from 'react'
import type { QueueItemView } from '../../../shared/contract'
import { useChannelAction } from '../api'
import { Button, ErrorBanner, Modal } from '../ui'

export function ReviewDialog({ item, onClose, onDone }: { readonly item: QueueItemView; readonly onClose: () => void; readonly onDone: () => void }) {
  const review = useChannelAction('queue:review')
  const reopening = item.review !== null
  const [note, setNote] = useState('')

  async function submit() {
    const envelope = await review.run({ id: item.identifier, reviewed: !reopening, note })
    if (envelope.ok) onDone()
  }

  return (
    <Modal
      title={reopening ? 'Reopen this payment?' : 'Mark this payment reviewed?'}
      description={
        reopening
          ? 'It counts as needing action again.'
          : 'It leaves the "needs action" count and stays in the queue, with your note. Pi still holds it open: nothing is sent to Pi.'
      }
      onClose={onClose}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Keep it as it is
          </Button>
          <Button variant="primary" disabled={review.pending || note.trim() === ''} onClick={() => void submit()} data-confirm-review="">
            {review.pending ? 'Saving…' : reopening ? 'Reopen' : 'Mark reviewed'}
          </Button>
        </>
      }
    >
      <label className="field">
        <span className="field__label">{reopening ? 'Why reopen it' : 'What you did or found'}</span>
        <textarea
          className="input"
          rows={3}
          value={note}
          data-review-note=""
          placeholder={reopening ? 'The buyer answered…' : "Buyer contacted; Pi support asked with the evidence pack…"}
          onChange={(event) => setNote(event.target.value)}
        />
      </label>
      {review.error ? <ErrorBanner error={review.error} title="Nothing was changed" /> : null}
    </Modal>
  )
}
