// reconciliation/1: the saved reconciliations of the period, as the Reconciliation page shows them.
// Which runs: those whose reconciled period lies within the export's period, and of several runs
// of the same period only the latest (a re-run supersedes the earlier one). Each run gives one
// `wallet_check` row (the check's figures in the wallet columns, its difference as the amount)
// followed by one row per discrepancy it found, with the evidence, what to do, and its resolution.
import { DISCREPANCY_LABELS, type DiscrepancyType } from '../../../shared/contract/reconcile'
import { sql, type Kysely } from 'kysely'
import { indexedBy, type Database } from '../../db'
import { explorerLink, type CellValue, type ColumnSpec, type ReportDefinition } from '../report-definition'

const COLUMNS: readonly ColumnSpec[] = [
  { name: 'run_id', kind: 'integer', description: 'The reconciliation (run) number, as the Reconciliation page and the CLI show it.' },
  { name: 'run_at_local', kind: 'local_time', description: "When the run started, in the export's time zone, with its UTC offset." },
  { name: 'run_at_utc', kind: 'utc_time', description: 'When the run started, in UTC.' },
  { name: 'period_from', kind: 'text', description: 'First day the run reconciled (YYYY-MM-DD, in period_time_zone).' },
  { name: 'period_to', kind: 'text', description: 'Last day the run reconciled, included.' },
  { name: 'period_time_zone', kind: 'text', description: 'The time zone of the run\u2019s days.' },
  { name: 'app_wallet', kind: 'text', description: 'The app wallet reconciled.' },
  { name: 'type', kind: 'text', description: 'wallet_check, or the discrepancy type (direct_transfer, amount_mismatch, ...; see "Reconciliation").' },
  { name: 'label', kind: 'text', description: 'The type in words.' },
  { name: 'subject_kind', kind: 'text', description: 'payment, transaction or wallet: what the row is about.' },
  { name: 'subject', kind: 'text', description: 'The payment id, transaction id or wallet address it is about.' },
  { name: 'payment_identifier', kind: 'text', description: 'The ledger payment concerned, empty when none.' },
  { name: 'txid', kind: 'text', description: 'The transaction concerned (64 hex characters), empty when none.' },
  { name: 'amount', kind: 'amount', description: 'The amount concerned; for wallet_check, how far the check is off (0 when it balances).' },
  { name: 'evidence', kind: 'text', description: 'What was compared: "what: expected ...; found ..." entries, separated by a vertical bar.' },
  { name: 'what_to_do', kind: 'text', description: 'What to do about it, in a sentence or two.' },
  { name: 'resolved_at_local', kind: 'local_time', description: 'When it was resolved, in the export zone; empty while open.' },
  { name: 'resolved_at_utc', kind: 'utc_time', description: 'When it was resolved, in UTC; empty while open.' },
  { name: 'resolved_by', kind: 'text', description: 'Who resolved it.' },
  { name: 'resolution_note', kind: 'text', description: 'Their note: what was done, or why nothing needed doing.' },
  { name: 'opening_balance', kind: 'amount', description: 'wallet_check rows: the balance at the start of the period, from the synced history.' },
  { name: 'received', kind: 'amount', description: 'wallet_check rows: Pi received in the period.' },
  { name: 'paid', kind: 'amount', description: 'wallet_check rows: Pi paid out in the period.' },
  { name: 'fees', kind: 'amount', description: 'wallet_check rows: network fees the wallet paid in the period.' },
  { name: 'closing_balance', kind: 'amount', description: 'wallet_check rows: opening + received - paid - fees.' },
  { name: 'closing_on_chain', kind: 'amount', description: "wallet_check rows: Horizon's balance less what moved after the period." },
  { name: 'difference', kind: 'amount', description: 'wallet_check rows: closing_on_chain - closing_balance (signed).' },
  { name: 'explorer_url', kind: 'text', description: 'The transaction in the Pi block explorer; empty on the sandbox.' }
]

interface Period {
  readonly network: Database['reconciliation_runs']['network_id']
  readonly start: bigint
  readonly end: bigint
}

/** The runs of the period: of several runs of the same period, the latest. */
const latestRuns = (db: Kysely<Database>, period: Period) =>
  db
    .selectFrom(indexedBy(db, 'reconciliation_runs', 'rr', 'reconciliation_runs_by_network'))
    .select((eb) => eb.fn.max('rr.id').as('id'))
    .where('rr.network_id', '=', period.network)
    .where('rr.period_start', '>=', period.start)
    .where('rr.period_end', '<=', period.end)
    .groupBy(['rr.period_start', 'rr.period_end'])

// The wallet_check row of each run (item_id 0) before its items, runs in order.
function reconciliationRows(db: Kysely<Database>, period: Period) {
  const nothing = <T>() => sql<T | null>`NULL`
  const walletChecks = db
    .selectFrom('reconciliation_runs as r')
    .innerJoin(latestRuns(db, period).as('runs'), 'runs.id', 'r.id')
    .select((eb) => [
      'r.id as run_id',
      sql<bigint>`0`.as('item_id'),
      'r.started_at',
      'r.period_from',
      'r.period_to',
      'r.time_zone',
      'r.app_wallet',
      sql<DiscrepancyType | 'wallet_check'>`'wallet_check'`.as('type'),
      sql<string>`'wallet'`.as('subject_kind'),
      'r.app_wallet as subject',
      nothing<string>().as('payment_identifier'),
      nothing<string>().as('txid'),
      eb.fn<bigint | null>('abs', ['r.difference_stroops']).as('amount_stroops'),
      nothing<string>().as('evidence_json'),
      nothing<string>().as('sentence'),
      nothing<bigint>().as('resolved_at'),
      nothing<string>().as('resolved_by'),
      nothing<string>().as('resolution_note'),
      eb.ref('r.opening_stroops').$castTo<bigint | null>().as('opening_stroops'),
      eb.ref('r.received_stroops').$castTo<bigint | null>().as('received_stroops'),
      eb.ref('r.paid_stroops').$castTo<bigint | null>().as('paid_stroops'),
      eb.ref('r.fees_stroops').$castTo<bigint | null>().as('fees_stroops'),
      eb.ref('r.horizon_balance_stroops').$castTo<bigint | null>().as('horizon_balance_stroops'),
      eb.ref('r.after_period_stroops').$castTo<bigint | null>().as('after_period_stroops'),
      eb.ref('r.difference_stroops').$castTo<bigint | null>().as('difference_stroops'),
      eb.ref('r.opening_source').$castTo<string | null>().as('opening_source'),
      eb.ref('r.history_behind').$castTo<bigint | null>().as('history_behind')
    ])
  type ReconciliationRow = typeof walletChecks extends { execute(): Promise<(infer O)[]> } ? O : never
  const items = db
    .selectFrom('reconciliation_runs as r')
    .innerJoin(latestRuns(db, period).as('runs'), 'runs.id', 'r.id')
    .innerJoin(indexedBy(db, 'reconciliation_items', 'i', 'reconciliation_items_by_run'), 'i.run_id', 'r.id')
    .select([
      'r.id',
      'i.id',
      'r.started_at',
      'r.period_from',
      'r.period_to',
      'r.time_zone',
      'r.app_wallet',
      'i.type',
      'i.subject_kind',
      'i.subject',
      'i.payment_identifier',
      'i.txid',
      'i.amount_stroops',
      'i.evidence_json',
      'i.sentence',
      'i.resolved_at',
      'i.resolved_by',
      'i.resolution_note',
      ...Array.from({ length: 9 }, (_, index) => nothing<null>().as(`none_${index}`))
    ])
  return walletChecks
    .unionAll(items.$castTo<ReconciliationRow>())
    .orderBy(sql.ref('run_id'))
    .orderBy(sql.ref('item_id'))
}

export const reconciliationReport: ReportDefinition = {
  name: 'reconciliation',
  version: 1,
  title: 'Reconciliation',
  totals: ['amount'],
  acceptsLedgerFilter: false,
  async open(source) {
    const { db } = source
    const rows = reconciliationRows(db, { network: source.networkId, start: BigInt(source.period.startMs), end: BigInt(source.period.endMs) })
    const { count } = await db
      .selectFrom(rows.as('x'))
      .select((eb) => eb.fn.countAll<bigint>().as('count'))
      .executeTakeFirstOrThrow()
    return {
      columns: COLUMNS,
      rowCount: Number(count),
      async *rows() {
        for await (const record of rows.stream()) {
          const wallet = record.type === 'wallet_check' ? walletFigures(record) : null
          const cells: CellValue[] = [
            record.run_id,
            record.started_at,
            record.started_at,
            record.period_from,
            record.period_to,
            record.time_zone,
            record.app_wallet,
            record.type,
            record.type === 'wallet_check' ? 'Wallet check' : DISCREPANCY_LABELS[record.type],
            record.subject_kind,
            record.subject,
            record.payment_identifier,
            record.txid,
            // Every item the app saves has an amount; the column is a control total, so never empty.
            record.amount_stroops ?? 0n,
            record.evidence_json === null ? null : evidenceText(record.evidence_json),
            wallet?.verdict ?? record.sentence,
            record.resolved_at,
            record.resolved_at,
            record.resolved_by,
            record.resolution_note,
            wallet?.opening ?? null,
            record.received_stroops,
            record.paid_stroops,
            record.fees_stroops,
            wallet?.closing ?? null,
            wallet?.onChain ?? null,
            record.difference_stroops,
            explorerLink(source.explorerTxUrl, record.txid)
          ]
          yield [cells]
        }
      }
    }
  }
}

function walletFigures(record: {
  readonly opening_stroops: bigint | null
  readonly received_stroops: bigint | null
  readonly paid_stroops: bigint | null
  readonly fees_stroops: bigint | null
  readonly horizon_balance_stroops: bigint | null
  readonly after_period_stroops: bigint | null
  readonly difference_stroops: bigint | null
  readonly opening_source: string | null
  readonly history_behind: bigint | null
}): { opening: bigint; closing: bigint; onChain: bigint; verdict: string } {
  const opening = record.opening_stroops ?? 0n
  const closing = opening + (record.received_stroops ?? 0n) - (record.paid_stroops ?? 0n) - (record.fees_stroops ?? 0n)
  const onChain = (record.horizon_balance_stroops ?? 0n) - (record.after_period_stroops ?? 0n)
  const verdict =
    record.opening_source !== 'history'
      ? "Not checkable: the synced history does not reach back to the wallet's creation."
      : record.difference_stroops === 0n
        ? 'Balanced.'
        : record.history_behind === 1n
          ? 'Off: the chain had movements not synced yet. Sync, then reconcile again.'
          : "Off: a movement is missing from the ledger's history. Sync again; if it stays, compare the wallet's history in the block explorer."
  return { opening, closing, onChain, verdict }
}

function evidenceText(json: string): string {
  const rows = JSON.parse(json) as { what: string; expected: string | null; found: string | null }[]
  return rows
    .map((row) => {
      const parts = [row.expected === null ? null : `expected ${row.expected}`, row.found === null ? null : `found ${row.found}`]
      return `${row.what}: ${parts.filter((part) => part !== null).join('; ')}`
    })
    .join(' | ')
}
