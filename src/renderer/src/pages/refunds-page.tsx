import { EmptyState, Icon, PageHeader } from '../ui'

export function RefundsPage() {
  return (
    <>
      <PageHeader
        title="Refunds"
        description="Pi you sent back to buyers from your app wallet, and where each refund stands."
      />
      <EmptyState
        icon={<Icon name="refunds" />}
        title="No refunds sent yet"
        hint="Start a refund from a payment in the Ledger. Merchant Desk never pays the same refund twice."
      >
        Refunds you send to buyers will be listed here with their amount, the payment they belong to, and their progress
        from prepared to confirmed on the chain.
      </EmptyState>
    </>
  )
}
