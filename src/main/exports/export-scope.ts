// What an export request covers, decided once for the count shown before writing and for the file
// itself, so the two can never differ. Issue #14, item 5: "Export these payments" from a ledger
// filtered over all dates wrote this month only. Now a payments export that carries the ledger's
// filter and no days takes the ledger's own period exactly: the filter's creation dates when it
// has them, else the days from the first to the last payment the filter matches.
import { DateTime } from 'luxon'
import type { AppSettings, ExportRunInput } from '../../shared/contract'
import { UserFacingError } from '../../shared/errors'
import type { NetworkId } from '../../shared/network'
import type { MerchantDb } from '../db'
import { paymentFilterFromContract, wholeSetOf, type PaymentFilter } from '../ledger'
import { checkTimeZone, exportPeriod } from './export-period'
import { withReadSnapshot } from './read-snapshot'
import type { ReportDefinition } from './report-definition'
import { REPORTS } from './reports'

export interface ExportScope {
  readonly definition: ReportDefinition
  readonly networkId: NetworkId
  /** Days in `timeZone`, both included. */
  readonly from: string
  readonly to: string
  readonly timeZone: string
  /** The ledger's filters, when handed over (payments only). */
  readonly filter: PaymentFilter | undefined
}

/** Throws a UserFacingError with a sentence for anything the export would refuse. */
export async function exportScope(store: MerchantDb, settings: AppSettings, input: ExportRunInput): Promise<ExportScope> {
  const timeZone = checkTimeZone(input.timeZone ?? settings.businessTimeZone)
  const definition = REPORTS[input.report]
  const filter = input.filter === undefined ? undefined : paymentFilterFromContract(input.filter)
  if (filter !== undefined && Object.keys(filter).length > 0 && !definition.acceptsLedgerFilter) {
    throw new UserFacingError('invalid_export_filter', `The ${definition.title.toLowerCase()} export takes a period only, not the ledger's filters.`)
  }
  const days =
    input.from !== undefined && input.to !== undefined
      ? { from: input.from, to: input.to }
      : filter !== undefined && definition.acceptsLedgerFilter
        ? await ledgerDays(store, settings.network, filter, timeZone)
        : null
  if (days === null) {
    throw new UserFacingError('invalid_period', 'Choose the first and the last day of the export.')
  }
  exportPeriod(days.from, days.to, timeZone)
  return { definition, networkId: settings.network, ...days, timeZone, filter }
}

/** How many rows the export of this scope would write now (the metadata pass included, as the file's). */
export async function countExportRows(store: MerchantDb, scope: ExportScope, appWallet: string | null): Promise<number> {
  const period = exportPeriod(scope.from, scope.to, scope.timeZone)
  const filter = scope.filter && Object.keys(scope.filter).length > 0 ? scope.filter : null
  return withReadSnapshot(store, async (snapshot) => {
    const prepared = await scope.definition.open({ db: snapshot.db, networkId: scope.networkId, period, explorerTxUrl: null, appWallet, filter })
    return prepared.rowCount
  })
}

/**
 * The days that cover the ledger's set: the filter's own creation dates where it has them, else
 * the first and the last matching payment's day (today when nothing matches). The filter is still
 * applied on top (payments-report.ts), so the file holds exactly the ledger's payments.
 */
async function ledgerDays(store: MerchantDb, networkId: NetworkId, filter: PaymentFilter, timeZone: string): Promise<{ from: string; to: string }> {
  const own = filter.period
  if (own !== undefined && own.field !== 'created_at') {
    throw new UserFacingError(
      'invalid_export_filter',
      'An export covers payments by the day they were created. Clear the "first seen" dates from the filter and try again.'
    )
  }
  let first = own?.from?.getTime() ?? null
  let last = own?.to === undefined ? null : own.to.getTime() - 1
  if (first === null || last === null) {
    const set = wholeSetOf(store.db, networkId, filter, (from) => from.select(['p.identifier', 'p.created_at']))
    const range = await store.db
      .selectFrom(set.rows.as('s'))
      .select((eb) => [eb.fn.min('s.created_at').as('first'), eb.fn.max('s.created_at').as('last')])
      .executeTakeFirstOrThrow()
    first ??= range.first === null ? null : Number(range.first)
    last ??= range.last === null ? null : Number(range.last)
  }
  const today = store.now().getTime()
  const day = (ms: number) => DateTime.fromMillis(ms, { zone: timeZone }).toISODate() as string
  const from = day(first ?? last ?? today)
  const to = day(last ?? first ?? today)
  // A filter that ends before it starts matches nothing: one day, and the file is empty.
  return to < from ? { from, to: from } : { from, to }
}
