// What the chain shows for a refused or failed payment, beside what the payment claims: the
// reason "do not deliver" rests on, in words and in facts.
import type { ChainEvidenceView } from '../../../shared/contract'
import { formatAmount } from '../ui'

export function EvidenceDetails({
  evidence,
  open = false,
  networkLabel
}: {
  readonly evidence: ChainEvidenceView
  readonly open?: boolean
  /** The network as the app names it (Sandbox), rather than Pi's passphrase (Pi Testnet). */
  readonly networkLabel?: string | undefined
}) {
  return (
    <details className="evidence" data-evidence="" open={open}>
      <summary>{evidence.verified ? 'What the chain shows' : 'Why it does not count as paid'}</summary>
      {evidence.explanations.length > 0 ? (
        <ul className="evidence__reasons">
          {evidence.explanations.map((sentence) => (
            <li key={sentence}>{sentence}</li>
          ))}
        </ul>
      ) : null}
      <dl className="evidence__facts">
        <dt>Transaction</dt>
        <dd className="mono break-all">{evidence.txid ?? 'none found'}</dd>
        <dt>Expected</dt>
        <dd>
          {formatAmount(evidence.expected.amount)} π to <span className="mono break-all">{evidence.expected.to}</span>, memo{' '}
          <span className="mono">{evidence.expected.memo}</span>, on {networkLabel ?? evidence.expected.network}
        </dd>
        <dt>Found</dt>
        <dd>
          {evidence.found === null ? (
            evidence.chainFacts === 'not_on_chain' ? (
              'Not on this network’s chain'
            ) : (
              'Not in the app wallet’s stored history: read from the chain when you act on it'
            )
          ) : (
            <>
              {evidence.found.successful ? 'Successful' : 'Failed'}, memo{' '}
              <span className="mono">{evidence.found.memo ?? '(none)'}</span>
              {evidence.found.payments.length === 0 ? ', no payment' : null}
              {evidence.found.payments.map((payment, index) => (
                <span key={index} className="evidence__payment">
                  {formatAmount(payment.amount)} π to <span className="mono break-all">{payment.to}</span>
                </span>
              ))}
            </>
          )}
        </dd>
      </dl>
    </details>
  )
}
