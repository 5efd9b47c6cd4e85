// Every refund and payout the app wallet made or is making, newest first as main lists them: what
// it is for, how much, where it stands in the journal (with main's sentence when it stopped), its
// Pi payment and transaction, and only the actions main allows in that state.
import type { PayoutAction, PayoutView } from '../../../shared/contract'
import { Badge, Button, ProgressBar, Table, decimalsFor, formatAmount, formatInstant, shortenMiddle, type Column } from '../ui'
import { ChainLink } from './chain-link'
import { PAYOUT_KIND_LABELS, PAYOUT_STATE_TONES, payoutSubject } from './payout-words'
import { useBusinessZone } from '../app/app-info'

export interface PayoutsTableProps {
  readonly items: readonly PayoutView[]
  /** The payout an action is running on, if any: its buttons wait. */
  readonly busyId: number | null
  readonly onAct: (action: PayoutAction, payout: PayoutView) => void
}

const ACTION_LABELS: Readonly<Record<PayoutAction, string>> = {
  resume: 'Resume',
  cancel: 'Cancel…'
}

export function PayoutsTable({ items, busyId, onAct }: PayoutsTableProps) {
  const zone = useBusinessZone() ?? 'UTC'
  const decimals = decimalsFor(items.map((payout) => payout.amount))
  const columns: readonly Column<PayoutView>[] = [
    {
      key: 'when',
      header: 'Requested',
      // Who asked, in plain sight: with people at the desk (issue 18) it is a person's name.
      cell: (payout) => (
        <span className="payout-what">
          <span className="numeric">{formatInstant(payout.createdAt, zone)}</span>
          <span className="muted payout-what__memo" data-requested-by="">
            by {payout.requestedBy}
          </span>
        </span>
      )
    },
    {
      key: 'what',
      header: 'What',
      cell: (payout) => (
        <span className="payout-what" data-payout-row={payout.id} data-kind={payout.kind}>
          <Badge tone={payout.kind === 'refund' ? 'neutral' : 'info'}>{PAYOUT_KIND_LABELS[payout.kind]}</Badge>
          <span className="break-all" data-subject="">
            {payoutSubject(payout)}
          </span>
          {payout.memo ? <span className="muted payout-what__memo">“{payout.memo}”</span> : null}
        </span>
      )
    },
    {
      key: 'amount',
      header: 'Amount',
      align: 'end',
      cell: (payout) => (
        <span className="numeric" data-amount="" title={`${payout.amount} Pi`}>
          {formatAmount(payout.amount, decimals)} π
        </span>
      )
    },
    {
      key: 'state',
      header: 'State',
      cell: (payout) => (
        <span className="payout-state" data-state={payout.state}>
          <Badge tone={PAYOUT_STATE_TONES[payout.state]} dot>
            {payout.stateLabel}
          </Badge>
          <span className="payout-state__steps">
            <span className="payout-state__bar">
              <ProgressBar label={`${PAYOUT_KIND_LABELS[payout.kind]} ${payout.id} progress`} done={payout.step} total={payout.steps} />
            </span>
            <span className="muted numeric" data-steps="">
              step {payout.step} of {payout.steps}
            </span>
          </span>
          {payout.problem ? (
            <span className="payout-state__problem" data-problem={payout.problem.code}>
              {payout.problem.message}
            </span>
          ) : null}
        </span>
      )
    },
    {
      key: 'pi',
      header: 'Pi payment and transaction',
      cell: (payout) => (
        <span className="payout-ids">
          {payout.piPaymentId ? (
            <span className="mono" title={payout.piPaymentId} data-pi-payment={payout.piPaymentId}>
              Pi {shortenMiddle(payout.piPaymentId, 8, 6)}
            </span>
          ) : (
            <span className="muted">Not created with Pi yet</span>
          )}
          {payout.piPaymentId || payout.txid ? <ChainLink txid={payout.txid} url={payout.txUrl} /> : null}
        </span>
      )
    },
    {
      key: 'actions',
      header: 'Actions',
      cell: (payout) =>
        payout.actions.length === 0 ? (
          <span className="muted">None</span>
        ) : (
          <span className="payout-actions">
            {payout.actions.map((action) => (
              <Button
                key={action}
                size="small"
                variant={action === 'resume' ? 'primary' : 'secondary'}
                disabled={busyId !== null}
                onClick={() => onAct(action, payout)}
                data-action={action}
                aria-label={`${ACTION_LABELS[action].replace('…', '')} ${PAYOUT_KIND_LABELS[payout.kind].toLowerCase()} ${payout.id}`}
              >
                {busyId === payout.id && action === 'resume' ? 'Resuming…' : ACTION_LABELS[action]}
              </Button>
            ))}
          </span>
        )
    }
  ]
  return (
    <div data-payouts-table="">
      <Table caption="Refunds and payouts" columns={columns} rows={items} rowKey={(payout) => String(payout.id)} />
    </div>
  )
}
