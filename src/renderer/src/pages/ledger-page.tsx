import { EmptyState, Icon, PageHeader } from '../ui'

export function LedgerPage() {
  return (
    <>
      <PageHeader
        title="Ledger"
        description="Every Pi payment of your app, checked against the Pi blockchain. Filter by period to find one."
      />
      <EmptyState
        icon={<Icon name="ledger" />}
        title="No payments in your ledger yet"
        hint="A sync reads your app wallet's history on the Pi blockchain and asks Pi for the record of each payment it finds."
      >
        Every payment of your Pi app will appear here after the first sync: who paid, how much, when, and whether it is
        confirmed on the chain.
      </EmptyState>
    </>
  )
}
