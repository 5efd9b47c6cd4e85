// The ledger table: only the rows in view are in the DOM (a million payments scroll like a
// hundred), the next page is asked for before the merchant reaches the bottom, and the header
// stays put. ARIA table roles keep it a table for screen readers even though rows are divs.
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef, type KeyboardEvent } from 'react'
import type { LedgerSortColumn, PaymentRowView } from '../../../shared/contract'
import { Button, decimalsFor, formatCount } from '../ui'
import { LEDGER_COLUMNS, type LedgerColumn } from './ledger-columns'
import type { LedgerPages, LedgerSort } from './use-ledger-pages'

const ROW_HEIGHT = 44
/** Ask for the next page while this many loaded rows are still below the view. */
const PREFETCH_ROWS = 30

export interface LedgerTableProps {
  readonly pages: LedgerPages
  readonly sort: LedgerSort
  readonly onSort: (sort: LedgerSort) => void
  readonly zone: string
  readonly selected: string | null
  readonly onOpen: (identifier: string) => void
}

export function LedgerTable({ pages, sort, onSort, zone, selected, onOpen }: LedgerTableProps) {
  // The rows loaded so far share one number of decimals, so the amount column lines up.
  const decimals = decimalsFor(pages.rows.map((row) => row.amount))
  const scroller = useRef<HTMLDivElement>(null)
  const { rows, hasMore, loadingMore, loadingFirst, error, loadMore } = pages
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12
  })
  const items = virtualizer.getVirtualItems()
  const lastIndex = items.length > 0 ? (items[items.length - 1]?.index ?? 0) : -1

  useEffect(() => {
    // An error stops the automatic paging; the "Try again" button below resumes it.
    if (!hasMore || loadingMore || loadingFirst || error) return
    if (lastIndex >= rows.length - PREFETCH_ROWS) loadMore()
  }, [lastIndex, rows.length, hasMore, loadingMore, loadingFirst, error, loadMore])

  // A new filter or sort starts at the top.
  const firstRow = rows[0]?.identifier
  useEffect(() => {
    if (loadingFirst) scroller.current?.scrollTo({ top: 0 })
  }, [loadingFirst, firstRow])

  return (
    <div className="ledger-table">
      <div
        className="ledger-table__scroll"
        ref={scroller}
        role="table"
        aria-label="Payments"
        aria-rowcount={hasMore ? -1 : rows.length + 1}
        aria-busy={loadingFirst || loadingMore}
        data-ledger-table=""
      >
        <div role="rowgroup" className="ledger-table__head">
          <div role="row" aria-rowindex={1} className="ledger-row ledger-row--head">
            {LEDGER_COLUMNS.map((column) => (
              <HeaderCell key={column.key} column={column} sort={sort} onSort={onSort} />
            ))}
          </div>
        </div>
        {/* React style props go through the CSSOM, which the strict style-src allows. */}
        <div role="rowgroup" className="ledger-table__body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows[item.index]
            if (!row) return null
            return (
              <LedgerRow
                key={row.identifier}
                row={row}
                index={item.index}
                top={item.start}
                zone={zone}
                decimals={decimals}
                selected={row.identifier === selected}
                onOpen={onOpen}
              />
            )
          })}
        </div>
      </div>
      <div className="ledger-table__footer">
        <p role="status" data-ledger-count="">
          {loadingFirst
            ? 'Loading payments…'
            : hasMore
              ? `${formatCount(rows.length)} payments loaded${loadingMore ? ', loading more…' : '; scroll for more'}`
              : `${formatCount(rows.length)} ${rows.length === 1 ? 'payment' : 'payments'}, all shown`}
        </p>
        {error && !loadingFirst && rows.length > 0 ? (
          <Button size="small" onClick={loadMore}>
            Try again
          </Button>
        ) : null}
      </div>
    </div>
  )
}

function HeaderCell({
  column,
  sort,
  onSort
}: {
  readonly column: LedgerColumn
  readonly sort: LedgerSort
  readonly onSort: (sort: LedgerSort) => void
}) {
  const className = column.align === 'end' ? 'ledger-cell ledger-cell--end' : 'ledger-cell'
  const label = (
    <>
      {column.header}
      {column.unit ? <span className="unit-symbol"> ({column.unit})</span> : null}
    </>
  )
  if (!column.sort) {
    return (
      <div role="columnheader" className={className}>
        {label}
      </div>
    )
  }
  const sortColumn: LedgerSortColumn = column.sort
  const active = sort.column === sortColumn
  const next: LedgerSort = active
    ? { column: sortColumn, direction: sort.direction === 'asc' ? 'desc' : 'asc' }
    : { column: sortColumn, direction: firstDirection(sortColumn) }
  // Beside the label on the side away from the cell edge, so right-aligned headers stay aligned.
  const arrow = (
    <span className={active ? 'sort-button__arrow sort-button__arrow--active' : 'sort-button__arrow'} aria-hidden="true">
      {active && sort.direction === 'asc' ? '▲' : '▼'}
    </span>
  )
  return (
    <div
      role="columnheader"
      className={className}
      aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <button type="button" className="sort-button" onClick={() => onSort(next)} data-sort={sortColumn}>
        {column.align === 'end' ? arrow : null}
        {label}
        {column.align === 'end' ? null : arrow}
      </button>
    </div>
  )
}

/** Newest and largest first are what a merchant looks for; names and codes read A to Z. */
function firstDirection(column: LedgerSortColumn): 'asc' | 'desc' {
  return column === 'created_at' || column === 'amount' ? 'desc' : 'asc'
}

interface LedgerRowProps {
  readonly row: PaymentRowView
  readonly index: number
  readonly top: number
  readonly zone: string
  readonly decimals: number
  readonly selected: boolean
  readonly onOpen: (identifier: string) => void
}

function LedgerRow({ row, index, top, zone, decimals, selected, onOpen }: LedgerRowProps) {
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault()
      onOpen(row.identifier)
    }
  }
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-current={selected ? true : undefined}
      tabIndex={0}
      className={selected ? 'ledger-row ledger-row--selected' : 'ledger-row'}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onOpen(row.identifier)}
      onKeyDown={onKeyDown}
      data-payment={row.identifier}
    >
      {LEDGER_COLUMNS.map((column) => (
        <div key={column.key} role="cell" className={column.align === 'end' ? 'ledger-cell ledger-cell--end' : 'ledger-cell'}>
          {column.cell(row, zone, decimals)}
        </div>
      ))}
    </div>
  )
}
