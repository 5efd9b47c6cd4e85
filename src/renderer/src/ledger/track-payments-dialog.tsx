// "Track payment ids": payments that never reached the chain (the buyer gave up, the approval
// failed) are invisible to a chain sync. The shop's backend knows their ids; the merchant pastes
// them here and Merchant Desk asks Pi for each record. Every id gets its own answer.
import { useMemo, useState } from 'react'
import type { TrackResultView } from '../../../shared/contract'
import { useChannelAction } from '../api'
import { Badge, Button, ErrorBanner, Modal, formatCount } from '../ui'
import { TRACK_OUTCOME_LABELS, TRACK_OUTCOME_TONES } from './payment-labels'
import { parsePastedIds } from './parse-payment-ids'

/** The contract's limit for one call. */
const MAX_IDS = 10_000

export function TrackPaymentsDialog({ onClose }: { readonly onClose: () => void }) {
  const track = useChannelAction('payments:track')
  const [text, setText] = useState('')
  const [result, setResult] = useState<TrackResultView | null>(null)
  const pasted = useMemo(() => parsePastedIds(text), [text])
  const tooMany = pasted.ids.length > MAX_IDS

  async function submit() {
    setResult(null)
    const envelope = await track.run({ ids: [...pasted.ids] })
    if (envelope.ok) setResult(envelope.value)
  }

  const counts = result ? countOutcomes(result) : null
  return (
    <Modal
      title="Track payment ids"
      description="Paste ids from your shop's backend, one per line or as CSV rows. Merchant Desk asks Pi for each record and adds it to the ledger."
      onClose={onClose}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            {result ? 'Done' : 'Cancel'}
          </Button>
          <Button
            variant="primary"
            disabled={track.pending || pasted.ids.length === 0 || tooMany}
            onClick={() => void submit()}
          >
            {track.pending ? 'Asking Pi…' : `Track ${formatCount(pasted.ids.length)} ${pasted.ids.length === 1 ? 'id' : 'ids'}`}
          </Button>
        </>
      }
    >
      <div className="field field--wide">
        <label className="field__label" htmlFor="track-ids">
          Payment ids
        </label>
        <textarea
          id="track-ids"
          className="input textarea mono"
          rows={8}
          spellCheck={false}
          placeholder={'e.g.\nQ2ZsY2x0aW9uMDAwMDAwMDAwMDEy\npayment_id,amount\nU2FsZXMwMDAwMDAwMDAwMDAwMDAx,3.14'}
          value={text}
          aria-describedby="track-ids-summary"
          onChange={(event) => {
            setText(event.target.value)
            setResult(null)
          }}
        />
        <p className="field__hint" id="track-ids-summary" data-track-summary="">
          {describePaste(pasted.ids.length, pasted.ignored, pasted.repeats)}
        </p>
        {tooMany ? (
          <p className="field__error">At most {formatCount(MAX_IDS)} ids at a time: split the list.</p>
        ) : null}
      </div>
      {track.error ? <ErrorBanner error={track.error} title="The ids could not be tracked" /> : null}
      {result && counts ? (
        <section className="track-results" aria-label="Results">
          <p className="track-results__summary" role="status">
            {Object.entries(counts)
              .map(([outcome, count]) => `${TRACK_OUTCOME_LABELS[outcome as keyof typeof TRACK_OUTCOME_LABELS]}: ${count}`)
              .join(' · ')}
          </p>
          <ul className="track-results__list" data-track-results="">
            {result.results.map((entry, index) => (
              <li key={`${index}-${entry.id}`} className="track-results__item" data-track-outcome={entry.outcome}>
                <span className="mono break-all">{entry.id}</span>
                <Badge tone={TRACK_OUTCOME_TONES[entry.outcome]}>{TRACK_OUTCOME_LABELS[entry.outcome]}</Badge>
                {entry.message ? <span className="track-results__message">{entry.message}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Modal>
  )
}

function describePaste(ids: number, ignored: number, repeats: number): string {
  if (ids === 0) return 'No ids yet.'
  const parts = [`${formatCount(ids)} ${ids === 1 ? 'id' : 'ids'} found`]
  if (repeats > 0) parts.push(`${formatCount(repeats)} repeated`)
  if (ignored > 0) parts.push(`${formatCount(ignored)} other ${ignored === 1 ? 'value' : 'values'} left out`)
  return `${parts.join(', ')}.`
}

function countOutcomes(result: TrackResultView): Partial<Record<TrackResultView['results'][number]['outcome'], number>> {
  const counts: Partial<Record<TrackResultView['results'][number]['outcome'], number>> = {}
  for (const entry of result.results) counts[entry.outcome] = (counts[entry.outcome] ?? 0) + 1
  return counts
}
