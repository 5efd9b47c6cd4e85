import { EmptyState, Icon, PageHeader } from '../ui'

export function ExportsPage() {
  return (
    <>
      <PageHeader title="Exports" description="CSV files of your payments and refunds, ready for your accountant." />
      <EmptyState
        icon={<Icon name="exports" />}
        title="No exports yet"
        hint="Choose a period and Merchant Desk writes the file; times follow your business time zone from Settings."
      >
        The files you export will be listed here, with the period they cover and when they were made. Amounts are exact
        to the last stroop.
      </EmptyState>
    </>
  )
}
