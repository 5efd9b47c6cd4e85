import { EmptyState, Icon, PageHeader } from '../ui'

export function QueuePage() {
  return (
    <>
      <PageHeader
        title="Queue"
        description="Payments that were started but never finished, waiting for you to complete or cancel them."
      />
      <EmptyState
        icon={<Icon name="queue" />}
        title="Nothing is waiting for you"
        hint="The queue fills during a sync. A payment is only completed after its transaction is found on the chain."
      >
        When a buyer approves a payment that is never completed, it lands here. For each one you check the transaction
        on the Pi blockchain, then complete it or cancel it.
      </EmptyState>
    </>
  )
}
