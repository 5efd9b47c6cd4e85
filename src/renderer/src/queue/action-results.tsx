// The answer of an action, one line per payment: done, refused (and why), or failed, with the
// chain evidence of a refused completion.
import type { QueueActionResultView } from '../../../shared/contract'
import { useAppInfo } from '../app/app-info'
import { Badge, Button, type BadgeTone } from '../ui'
import { EvidenceDetails } from './evidence-details'

const OUTCOME_LABELS: Readonly<Record<QueueActionResultView['outcome'], string>> = {
  done: 'Done',
  refused: 'Not done',
  failed: 'Failed'
}
const OUTCOME_TONES: Readonly<Record<QueueActionResultView['outcome'], BadgeTone>> = {
  done: 'success',
  refused: 'warning',
  failed: 'danger'
}

export function ActionResults({ results, onDismiss }: { readonly results: readonly QueueActionResultView[]; readonly onDismiss: () => void }) {
  const done = results.filter((result) => result.outcome === 'done').length
  const networkLabel = useAppInfo().data?.networkLabel
  return (
    <section className="queue-results" aria-label="Results of the last action" data-queue-results="">
      <header className="queue-results__header">
        <p className="queue-results__summary" role="status">
          {done} of {results.length} {results.length === 1 ? 'payment' : 'payments'} done.
        </p>
        <Button size="small" variant="ghost" onClick={onDismiss}>
          Dismiss
        </Button>
      </header>
      <ul className="queue-results__list">
        {results.map((result) => (
          <li key={result.identifier} className="queue-results__item" data-result={result.identifier} data-outcome={result.outcome}>
            <span className="mono break-all">{result.identifier}</span>
            <Badge tone={OUTCOME_TONES[result.outcome]}>{OUTCOME_LABELS[result.outcome]}</Badge>
            <span className="queue-results__message">{result.message}</span>
            {result.evidence && !result.evidence.verified ? (
              <div className="queue-results__evidence">
                <EvidenceDetails evidence={result.evidence} open networkLabel={networkLabel} />
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  )
}
