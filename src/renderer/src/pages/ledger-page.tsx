import { useState } from 'react'
import type { ContractError, LedgerFilter } from '../../../shared/contract'

import { useAppSettings } from '../app/app-info'
import { usePaymentLink } from '../app/use-payment-link'
import { exportLedgerPayments } from '../exports/ledger-handoff'
import { EMPTY_DRAFT, draftToFilter, filterToDraft, isEmptyFilter, type FilterDraft } from '../ledger/filter-draft'
import { FilterBar } from '../ledger/filter-bar'
import { LedgerTable } from '../ledger/ledger-table'
import { LedgerTotals } from '../ledger/ledger-totals'
import { PaymentDrawer } from '../ledger/payment-drawer'
import { SavedFilters } from '../ledger/saved-filters'
import { SyncPanel } from '../ledger/sync-panel'
import { TrackPaymentsDialog } from '../ledger/track-payments-dialog'
import { useDebouncedValue } from '../ledger/use-debounced-value'
import { useLedgerPages, type LedgerSort } from '../ledger/use-ledger-pages'
import { useReloadOnLedgerChange } from '../ledger/use-reload-on-ledger-change'
import { Button, EmptyState, ErrorBanner, Icon, PageHeader } from '../ui'

const FILTER_DELAY_MS = 250
const NO_FILTER: LedgerFilter = {}

export function LedgerPage() {
  const settings = useAppSettings()
  const zone = settings.data?.businessTimeZone ?? null

  const [draft, setDraft] = useState<FilterDraft>(EMPTY_DRAFT)
  const settled = useDebouncedValue(draft, FILTER_DELAY_MS)
  const result = zone ? draftToFilter(settled, zone) : null
  const applied = result?.filter ?? NO_FILTER
  const complete = result !== null && Object.keys(result.errors).length === 0

  const [sort, setSort] = useState<LedgerSort>({ column: 'created_at', direction: 'desc' })
  const pages = useLedgerPages(zone ? applied : null, sort)
  useReloadOnLedgerChange(pages.reload)

  // The open payment lives in the address (`#/payments/<id>`): a link of its own, from anywhere.
  const payment = usePaymentLink()
  const selected = payment.identifier
  const [tracking, setTracking] = useState(false)
  const [savedError, setSavedError] = useState<ContractError | null>(null)

  const ledgerEmpty =
    zone !== null && isEmptyFilter(applied) && !pages.loadingFirst && !pages.error && pages.rows.length === 0
  const trackButton = <Button onClick={() => setTracking(true)}>Track payment ids</Button>
  // The whole filtered set, not the rows on screen: the Exports page sends these filters to main.
  const exportButton = (
    <Button onClick={() => exportLedgerPayments(applied)} disabled={!complete} data-export-ledger="">
      Export these payments
    </Button>
  )

  return (
    <>
      <PageHeader
        title="Ledger"
        description="Every Pi payment of your app, checked against the Pi blockchain. Filter by period to find one."
        actions={
          <div className="form-row">
            {exportButton}
            {trackButton}
          </div>
        }
      />
      <SyncPanel />
      {settings.error ? (
        <ErrorBanner error={settings.error} title="The business time zone could not be read" onRetry={settings.reload} />
      ) : null}
      {pages.error && pages.rows.length === 0 ? (
        <ErrorBanner error={pages.error} title="The ledger could not be read" onRetry={pages.reload} />
      ) : null}
      {savedError ? <ErrorBanner error={savedError} title="Saved filters" /> : null}
      {ledgerEmpty ? (
        <EmptyState
          icon={<Icon name="ledger" />}
          title="No payments in your ledger yet"
          hint="A sync reads your app wallet's history on the Pi blockchain and asks Pi for the record of each payment it finds."
        >
          Every payment of your Pi app will appear here after the first sync: who paid, how much, when, and whether it is
          confirmed on the chain.
        </EmptyState>
      ) : zone ? (
        <>
          <FilterBar
            draft={draft}
            errors={result?.errors ?? {}}
            zone={zone}
            onChange={setDraft}
            saved={
              <SavedFilters
                current={complete ? applied : null}
                onPick={(saved) => setDraft(filterToDraft(saved.filter, zone))}
                onError={setSavedError}
              />
            }
          />
          <LedgerTable pages={pages} sort={sort} onSort={setSort} zone={zone} selected={selected} onOpen={payment.open} />
          {complete ? <LedgerTotals filter={applied} /> : null}
          {!pages.loadingFirst && !pages.error && pages.rows.length === 0 ? (
            <p className="ledger-no-match" role="status">
              No payment matches these filters.{' '}
              <button type="button" className="link-button" onClick={() => setDraft(EMPTY_DRAFT)}>
                Clear filters
              </button>
            </p>
          ) : null}
        </>
      ) : null}
      {selected && zone ? <PaymentDrawer identifier={selected} onClose={payment.close} /> : null}
      {tracking ? <TrackPaymentsDialog onClose={() => setTracking(false)} /> : null}
    </>
  )
}
