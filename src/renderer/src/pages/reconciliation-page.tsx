import { EmptyState, Icon, PageHeader } from '../ui'

export function ReconciliationPage() {
  return (
    <>
      <PageHeader
        title="Reconciliation"
        description="Your ledger compared with Pi's records and with the blockchain, period by period."
      />
      <EmptyState
        icon={<Icon name="reconciliation" />}
        title="No reconciliation run yet"
        hint="Run one for a month or any period once your ledger has been synced."
      >
        Every difference will be listed here: a payment Pi knows about but the chain does not show, an amount that does
        not match, or a transfer to your wallet without a Pi payment.
      </EmptyState>
    </>
  )
}
