// fees/1: every network fee the app wallet paid in the period, one row per transaction it sent
// (successful or not: a failed transaction is charged too), as the synced chain history holds
// them. The fee column is positive: it is what the wallet paid.
import { UserFacingError } from '../../../shared/errors'
import { indexedBy } from '../../db'
import { COMMON_COLUMNS, explorerLink, type CellValue, type ColumnSpec, type ReportDefinition } from '../report-definition'

const COLUMNS: readonly ColumnSpec[] = [
  COMMON_COLUMNS.createdLocal('the transaction'),
  COMMON_COLUMNS.createdUtc('the transaction'),
  COMMON_COLUMNS.txid,
  COMMON_COLUMNS.ledger,
  { name: 'successful', kind: 'text', description: 'true, or false for a transaction the chain refused (its fee is still charged).' },
  { name: 'operation_count', kind: 'integer', description: 'Operations in the transaction.' },
  { name: 'memo', kind: 'text', description: "The transaction's memo (a Pi payment id for refunds and payouts)." },
  { name: 'payment_identifier', kind: 'text', description: 'The ledger payment the transaction paid, empty when none.' },
  { name: 'kind', kind: 'text', description: 'refund, payout, or other (not a payment of the ledger).' },
  COMMON_COLUMNS.fee('The fee charged, in Pi.'),
  COMMON_COLUMNS.explorer
]

export const feesReport: ReportDefinition = {
  name: 'fees',
  version: 1,
  title: 'Network fees',
  totals: ['fee'],
  acceptsLedgerFilter: false,
  async open(source) {
    if (source.appWallet === null) {
      throw new UserFacingError(
        'app_wallet_missing',
        "The fees export needs the app wallet's address: add it in Settings (or pass --wallet G... on the command line)."
      )
    }
    const { db } = source
    const sent = db
      .selectFrom(indexedBy(db, 'chain_transactions', 't', 'chain_transactions_by_source'))
      .where('t.network_id', '=', source.networkId)
      .where('t.source_account', '=', source.appWallet)
      .where('t.created_at', '>=', BigInt(source.period.startMs))
      .where('t.created_at', '<', BigInt(source.period.endMs))
    const { count } = await sent.select((eb) => eb.fn.countAll<bigint>().as('count')).executeTakeFirstOrThrow()
    const transactions = sent
      .leftJoin('payments as p', (join) =>
        join.on('t.memo_type', '=', 'text').onRef('p.identifier', '=', 't.memo').onRef('p.network_id', '=', 't.network_id')
      )
      .select((eb) => [
        't.created_at',
        't.hash',
        't.ledger',
        't.successful',
        't.operation_count',
        't.memo',
        'p.identifier as payment_identifier',
        eb
          .case()
          .when(eb.or([eb('p.identifier', 'is', null), eb('p.direction', '<>', 'app_to_user')]))
          .then('other')
          .when('p.refund_of', 'is', null)
          .then('payout')
          .else('refund')
          .end()
          .as('kind'),
        't.fee_charged_stroops'
      ])
      .orderBy('t.created_at')
      .orderBy('t.hash')
    return {
      columns: COLUMNS,
      rowCount: Number(count),
      async *rows() {
        for await (const record of transactions.stream()) {
          const cells: CellValue[] = [
            record.created_at,
            record.created_at,
            record.hash,
            record.ledger,
            record.successful === 1n ? 'true' : 'false',
            record.operation_count,
            record.memo,
            record.payment_identifier,
            record.kind,
            record.fee_charged_stroops,
            explorerLink(source.explorerTxUrl, record.hash)
          ]
          yield [cells]
        }
      }
    }
  }
}
