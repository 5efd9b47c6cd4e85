// refunds/1: the money the app wallet sent to users in the period, refunds and other payouts, one
// row per app-to-user payment of the ledger, with what the payout journal knows about the ones
// Merchant Desk paid itself (reason, who asked, journal state). Journal entries that never became
// a payment in the ledger (not yet created at Pi, blocked, failed) are listed too, without a
// ledger status: an accountant sees every refund that was asked for, and which of them moved money.
//
// Amounts follow the app wallet, as in payments/1: gross is negative (money out), fee is the
// network fee the wallet paid, net = gross - fee.
import { COMMON_COLUMNS, explorerLink, type CellValue, type ColumnSpec, type ReportDefinition } from '../report-definition'
import { sql, type Kysely } from 'kysely'
import { indexedBy, type Database } from '../../db'
import { appWalletFee, paymentTxid, paymentTxLedger } from '../../ledger'
import { findMetadataLayout, type MetadataLayout } from '../metadata-columns'

const COLUMNS: readonly ColumnSpec[] = [
  COMMON_COLUMNS.createdLocal('the refund or payout'),
  COMMON_COLUMNS.createdUtc('the refund or payout'),
  { name: 'kind', kind: 'text', description: 'refund (gives money back for a payment) or payout (any other payment to a user).' },
  { name: 'identifier', kind: 'text', description: "Pi's payment id; empty when Pi never created the payment." },
  { name: 'refund_of', kind: 'text', description: 'For a refund: the payment it gives money back for.' },
  { name: 'user_uid', kind: 'text', description: "The receiving user's app-local Pi user id." },
  { name: 'to_address', kind: 'text', description: 'The receiving wallet, empty when not known yet.' },
  { name: 'memo', kind: 'text', description: 'The memo shown to the user.' },
  { name: 'reason', kind: 'text', description: 'Why it was paid (Merchant Desk payouts only).' },
  { name: 'reason_text', kind: 'text', description: 'The words staff gave with the reason.' },
  { name: 'requested_by', kind: 'text', description: 'Who asked for it in Merchant Desk; empty when paid by another tool.' },
  { name: 'status', kind: 'text', description: "The payment's status in the ledger; empty when it is not in the ledger." },
  { name: 'journal_state', kind: 'text', description: "The payout journal's state (completed, failed, ...); empty when paid by another tool." },
  COMMON_COLUMNS.gross('The amount sent, negative: money out of the app wallet.'),
  COMMON_COLUMNS.fee('The network fee the app wallet paid for the transaction.'),
  COMMON_COLUMNS.net,
  COMMON_COLUMNS.txid,
  COMMON_COLUMNS.ledger,
  COMMON_COLUMNS.explorer,
  { name: 'finished_at_local', kind: 'local_time', description: 'When the payout journal finished it, in the export zone.' },
  { name: 'finished_at_utc', kind: 'utc_time', description: 'When the payout journal finished it, in UTC.' }
]

interface Period {
  readonly network: Database['payments']['network_id']
  readonly start: bigint
  readonly end: bigint
}

/** The app-to-user payments of the ledger created in the period. */
const paidOut = (db: Kysely<Database>, period: Period) =>
  db
    .selectFrom(indexedBy(db, 'payments', 'p', 'payments_by_direction'))
    .where('p.network_id', '=', period.network)
    .where('p.direction', '=', 'app_to_user')
    .where('p.created_at', '>=', period.start)
    .where('p.created_at', '<', period.end)

// Arm 0: every app-to-user payment of the ledger, with its journal entry when there is one.
// Arm 1: journal entries whose Pi payment is not (or not yet) in the ledger.
function refundRows(db: Kysely<Database>, period: Period, metadata: MetadataLayout) {
  const ledgerArm = paidOut(db, period)
    .leftJoin('payouts as j', 'j.pi_payment_id', 'p.identifier')
    .select((eb) => [
      'p.created_at as created_at',
      sql.lit(0).as('arm'),
      'p.identifier as identifier',
      eb.case().when('p.refund_of', 'is', null).then(sql.lit('payout')).else(sql.lit('refund')).end().$castTo<string>().as('kind'),
      'p.refund_of as refund_of',
      'p.user_uid as user_uid',
      eb.ref('p.to_address').$castTo<string | null>().as('to_address'),
      'p.memo as memo',
      'j.reason as reason',
      eb.ref('j.reason_text').$castTo<string | null>().as('reason_text'),
      eb.ref('j.requested_by').$castTo<string | null>().as('requested_by'),
      eb.ref('p.status').$castTo<string | null>().as('status'),
      eb.ref('j.state').$castTo<string | null>().as('journal_state'),
      'p.amount_stroops as amount_stroops',
      appWalletFee(eb).as('fee_stroops'),
      paymentTxid(eb).as('txid'),
      paymentTxLedger(eb).as('tx_ledger'),
      eb.ref('j.finished_at').$castTo<bigint | null>().as('finished_at'),
      ...metadata.select(eb.ref('p.metadata_json'))
    ])
  const journalArm = db
    .selectFrom('payouts as j')
    .where('j.network_id', '=', period.network)
    .where('j.created_at', '>=', period.start)
    .where('j.created_at', '<', period.end)
    .where((eb) =>
      eb.or([
        eb('j.pi_payment_id', 'is', null),
        eb.not(eb.exists(eb.selectFrom('payments as q').select(sql.lit(1).as('one')).whereRef('q.identifier', '=', 'j.pi_payment_id')))
      ])
    )
    .select((eb) => [
      'j.created_at',
      sql.lit(1).as('arm'),
      'j.pi_payment_id',
      'j.kind',
      'j.refund_of',
      'j.user_uid',
      'j.to_address',
      'j.memo',
      'j.reason',
      'j.reason_text',
      'j.requested_by',
      sql<string | null>`NULL`.as('status'),
      'j.state',
      'j.amount_stroops',
      eb.fn.coalesce('j.fee_charged_stroops', sql.lit(0n)).as('fee_stroops'),
      'j.txid',
      'j.ledger',
      'j.finished_at',
      ...metadata.nulls()
    ])
  type RefundRow = typeof ledgerArm extends { execute(): Promise<(infer O)[]> } ? O : never
  return ledgerArm
    .unionAll(journalArm.$castTo<RefundRow>())
    .orderBy(sql.ref('created_at'))
    .orderBy(sql.ref('arm'))
    .orderBy(sql.ref('identifier'))
}

export const refundsReport: ReportDefinition = {
  name: 'refunds',
  version: 1,
  title: 'Refunds and payouts',
  totals: ['gross', 'fee', 'net'],
  acceptsLedgerFilter: false,
  async open(source) {
    const { db } = source
    const period: Period = { network: source.networkId, start: BigInt(source.period.startMs), end: BigInt(source.period.endMs) }
    const metadata = await findMetadataLayout(db, paidOut(db, period).select('p.metadata_json'))
    const rows = refundRows(db, period, metadata)
    const { count } = await db
      .selectFrom(rows.as('r'))
      .select((eb) => eb.fn.countAll<bigint>().as('count'))
      .executeTakeFirstOrThrow()
    return {
      columns: [...COLUMNS, ...metadata.columns],
      rowCount: Number(count),
      async *rows() {
        for await (const record of rows.stream()) {
          const gross = -record.amount_stroops
          const cells: CellValue[] = [
            record.created_at,
            record.created_at,
            record.kind,
            record.identifier,
            record.refund_of,
            record.user_uid,
            record.to_address,
            record.memo,
            record.reason,
            record.reason_text,
            record.requested_by,
            record.status,
            record.journal_state,
            gross,
            record.fee_stroops,
            gross - record.fee_stroops,
            record.txid,
            record.tx_ledger,
            explorerLink(source.explorerTxUrl, record.txid),
            record.finished_at,
            record.finished_at,
            ...metadata.cells(record)
          ]
          yield [cells]
        }
      }
    }
  }
}
