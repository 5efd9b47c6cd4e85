// Where a refund or payout stands after the merchant pressed Pay: a progress bar over the journal's
// seven steps while the call runs, then the result. Completed shows what was paid and where;
// anything else shows main's sentence, which says what happened and what to do.
import type { PayoutView, TaskProgress } from '../../../shared/contract'
import { Badge, Banner, Button, ProgressBar, formatAmount } from '../ui'
import { ChainLink } from './chain-link'
import { PAYOUT_KIND_LABELS, PAYOUT_STATE_TONES } from './payout-words'

const STEPS = 7

export function PayoutProgress({ progress }: { readonly progress: TaskProgress | null }) {
  const done = progress?.done ?? 0
  const total = progress?.total ?? STEPS
  return (
    <section className="payout-progress" aria-live="polite" data-payout-progress="" data-step={done}>
      <ProgressBar label="Payment progress" done={done} total={total} />
      <p className="payout-progress__label">
        {progress ? `Step ${done} of ${total}: ${progress.phase}` : 'Recording the request…'}
      </p>
    </section>
  )
}

export interface PayoutOutcomeProps {
  readonly payout: PayoutView
  readonly resuming: boolean
  readonly onResume: () => void
}

export function PayoutOutcome({ payout, resuming, onResume }: PayoutOutcomeProps) {
  const what = PAYOUT_KIND_LABELS[payout.kind]
  return (
    <section className="payout-outcome" data-payout-outcome={payout.state} data-payout-id={payout.id}>
      {payout.state === 'completed' ? (
        <Banner tone="success" title="Completed">
          {payout.route === 'direct'
            ? `${what} of ${formatAmount(payout.amount)} π paid on chain to the address that paid, ${payout.toAddress ?? ''}.`
            : `${what} of ${formatAmount(payout.amount)} π paid to the buyer and completed with Pi.`}
        </Banner>
      ) : payout.state === 'failed' ? (
        <Banner tone="error" title={payout.stateLabel}>
          {payout.problem?.message ?? 'Nothing was paid.'}
        </Banner>
      ) : (
        <Banner
          tone={payout.state === 'blocked' ? 'error' : 'info'}
          title={`${payout.stateLabel}: not finished yet`}
          action={
            payout.actions.includes('resume') ? (
              <Button size="small" onClick={onResume} disabled={resuming} data-outcome-resume="">
                {resuming ? 'Resuming…' : 'Resume'}
              </Button>
            ) : undefined
          }
        >
          {payout.problem?.message ??
            'Nothing is lost: it continues from where it stopped when you resume it here or on the Refunds page, or at the next start.'}
        </Banner>
      )}
      <dl className="facts facts--compact">
        <dt>State</dt>
        <dd>
          <Badge tone={PAYOUT_STATE_TONES[payout.state]}>{payout.stateLabel}</Badge>{' '}
          <span className="muted numeric">
            step {payout.step} of {payout.steps}
          </span>
        </dd>
        <dt>Amount</dt>
        <dd className="numeric" data-outcome-amount="" title={`${payout.amount} Pi`}>
          {formatAmount(payout.amount)} π
        </dd>
        {payout.route === 'direct' ? (
          <>
            <dt>Memo on chain</dt>
            <dd className="mono break-all" data-outcome-chain-memo="">
              {payout.chainMemo}
            </dd>
          </>
        ) : (
          <>
            <dt>Pi payment id</dt>
            <dd className="mono break-all" data-outcome-pi-payment="">
              {payout.piPaymentId ?? <span className="muted">Not created yet</span>}
            </dd>
          </>
        )}
        <dt>Transaction</dt>
        <dd data-outcome-transaction="">
          <ChainLink txid={payout.txid} url={payout.txUrl} full />
        </dd>
        {payout.feeCharged !== null ? (
          <>
            <dt>Network fee paid</dt>
            <dd className="numeric">{formatAmount(payout.feeCharged)} π</dd>
          </>
        ) : null}
      </dl>
      {payout.state !== 'completed' ? (
        <p className="muted">
          Every refund and payout, with what can still be done about it, is on the <a href="#/refunds">Refunds page</a>.
        </p>
      ) : null}
    </section>
  )
}
