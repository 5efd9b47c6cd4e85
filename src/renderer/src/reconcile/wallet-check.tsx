// The wallet check of a run, as an accountant reads it: opening balance + received - paid - fees =
// closing balance, against the chain's, every figure to the stroop.
import type { ReconcileRunView } from '../../../shared/contract'
import { Badge, Card, formatAmount } from '../ui'

export function WalletCheck({ run }: { readonly run: ReconcileRunView }) {
  const check = run.walletCheck
  const verdict =
    check.balanced === null ? (
      <Badge tone="neutral">Not checkable</Badge>
    ) : check.balanced ? (
      <Badge tone="success">Balanced</Badge>
    ) : (
      <Badge tone="danger">Off by {formatAmount(check.difference)} π</Badge>
    )
  const lines: readonly (readonly [string, string, string])[] = [
    ['Opening balance', check.openingBalance, 'opening'],
    ['+ Received', check.received, 'received'],
    ['− Paid', check.paid, 'paid'],
    ['− Network fees', check.fees, 'fees'],
    ['= Closing balance, from the ledger', check.expectedClosing, 'expected'],
    // Only worth a line when something moved after the period: then the chain's closing balance
    // is Horizon's balance now less that.
    ...(check.afterPeriod === '0.0000000'
      ? []
      : ([
          ["Horizon's balance now", check.horizonBalance, 'horizon'],
          ['Moved after the period', check.afterPeriod, 'after']
        ] as const)),
    ['Closing balance on the chain', check.closingOnChain, 'chain'],
    ['Difference', check.difference, 'difference']
  ]
  return (
    <Card
      title="Wallet check"
      description={
        check.openingSource === 'history'
          ? "The opening balance is everything the wallet's synced history moved before the period; the chain's closing balance is Horizon's balance now, less what moved after it."
          : "The synced history does not reach back to the wallet's creation, so the opening balance was worked back from Horizon's balance and the check cannot fail."
      }
      actions={verdict}
    >
      <div className="table-wrap">
        <table className="table" data-wallet-check="">
          <caption className="visually-hidden">Wallet check of {check.wallet}</caption>
          <tbody>
            {lines.map(([label, value, key]) => (
              <tr key={key} data-figure={key}>
                <td>{label}</td>
                <td className="table__cell--end numeric mono">{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {check.historyBehind ? (
        <p className="muted" data-history-behind="">
          The chain shows movements the ledger had not synced yet when this ran: sync, then reconcile again.
        </p>
      ) : null}
    </Card>
  )
}
