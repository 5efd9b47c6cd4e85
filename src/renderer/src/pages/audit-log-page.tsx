import { EmptyState, Icon, PageHeader } from '../ui'

export function AuditLogPage() {
  return (
    <>
      <PageHeader title="Audit log" description="Who did what, and when: a record that cannot be edited or deleted." />
      <EmptyState
        icon={<Icon name="audit" />}
        title="No actions recorded yet"
        hint="Entries are added as your team completes or cancels payments and sends refunds; none can be changed afterwards."
      >
        Every action taken in Merchant Desk will be recorded here with who did it, when, and what it changed.
      </EmptyState>
    </>
  )
}
