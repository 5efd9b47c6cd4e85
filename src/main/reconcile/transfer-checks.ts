// The chain against Pi: every payment INTO the app wallet in the period (successful, from another
// account) must be the transaction of a Pi payment or a payment counted for an invoice. One whose
// memo names neither is a direct transfer; so is a second payment carrying the memo of a payment Pi settled with another
// transaction (the buyer paid twice). An operation the sync has not classified yet is asked about
// at Pi here, so an interrupted sync cannot hide a transfer.
import { indexedBy, type MerchantDb } from '../db'
import { isPaymentIdentifier } from '../../shared/payments'
import type { NetworkId } from '../../shared/network'
import type { Findings } from './findings'
import { rereadPayments } from './pi-records'
import type { Discrepancy, ReconcilePi } from './types'
import { pi, row } from './words'

// chain_operations_by_time walks the period; the app wallet's own payments to itself move nothing.
function incomingPayments(context: TransferCheckContext) {
  const wallet = context.appWallet
  return context.store.db
    .selectFrom(indexedBy(context.store.db, 'chain_operations', 'o', 'chain_operations_by_time'))
    .innerJoin('chain_transactions as t', (join) => join.onRef('t.network_id', '=', 'o.network_id').onRef('t.hash', '=', 'o.transaction_hash'))
    .leftJoin('payments as p', 'p.identifier', 'o.payment_identifier')
    // A transfer that paid an invoice is the shop's income, settled and kept with the invoice.
    .leftJoin('invoice_payments as ip', (join) => join.onRef('ip.network_id', '=', 'o.network_id').onRef('ip.operation_id', '=', 'o.id'))
    .select([
      'ip.invoice_id',
      'o.transaction_hash',
      'o.from_address',
      'o.amount_stroops',
      'o.created_at',
      'o.classification',
      'o.payment_identifier',
      't.memo_type',
      't.memo',
      // The txid Pi linked to the named payment, when the ledger holds it.
      'p.txid as settled_by'
    ])
    .where('o.network_id', '=', context.networkId)
    .where('o.created_at', '>=', BigInt(context.startMs))
    .where('o.created_at', '<', BigInt(context.endMs))
    .where('o.to_address', '=', wallet)
    .where('o.from_address', '<>', wallet)
    .where('o.type', '=', 'payment')
    .where('o.successful', '=', 1n)
    // Operation ids are decimal int64 text: the shorter one is the smaller.
    .orderBy('o.created_at')
    .orderBy((eb) => eb.fn('length', ['o.id']))
    .orderBy('o.id')
    .execute()
}

type IncomingRow = Awaited<ReturnType<typeof incomingPayments>>[number]

export interface TransferCheckContext {
  readonly store: Pick<MerchantDb, 'db'>
  readonly networkId: NetworkId
  readonly appWallet: string
  readonly startMs: number
  readonly endMs: number
  readonly pi: ReconcilePi
  readonly concurrency: number
  readonly signal: AbortSignal | undefined
  readonly findings: Findings
  readonly transactionsSeen: Set<string>
}

export async function checkIncomingTransfers(context: TransferCheckContext): Promise<void> {
  const incoming = await incomingPayments(context)
  const unresolvedIds = [
    ...new Set(
      incoming.flatMap((op) => (op.classification === 'unresolved' && op.memo_type === 'text' && isPaymentIdentifier(op.memo) ? [op.memo] : []))
    )
  ]
  const answers = await rereadPayments(context.pi, unresolvedIds, context.concurrency, context.signal)

  for (const op of incoming) {
    context.transactionsSeen.add(op.transaction_hash)
    const memo = op.memo_type === 'text' ? (op.memo ?? '') : null
    const base = { subjectKind: 'transaction' as const, subject: op.transaction_hash, txid: op.transaction_hash, amount: op.amount_stroops }
    if (op.classification === 'unresolved') {
      const answer = memo !== null && isPaymentIdentifier(memo) ? answers.get(memo) : undefined
      if (answer?.kind === 'found') {
        context.findings.add(notInLedger(memo as string, op))
        continue
      }
      context.findings.add(directTransfer(base, op, memo))
    } else if (op.classification === 'direct_transfer') {
      if (op.invoice_id === null) context.findings.add(directTransfer(base, op, memo))
    } else if (op.settled_by !== null && op.settled_by !== op.transaction_hash && op.payment_identifier !== null) {
      context.findings.add({
        ...base,
        type: 'direct_transfer',
        paymentId: op.payment_identifier,
        evidence: [
          row('Transaction of the payment', op.settled_by, op.transaction_hash),
          row('Pi payment for this transfer', 'one per transfer', `none: ${op.payment_identifier} was settled by ${op.settled_by}`)
        ],
        sentence:
          `${pi(op.amount_stroops)} arrived from ${op.from_address} with the memo of payment ${op.payment_identifier}, which Pi settled with another ` +
          'transaction: the buyer paid twice. Refund this transfer to the buyer, or record it as paid in advance.'
      })
    }
  }
}

function directTransfer(base: Omit<Discrepancy, 'type' | 'paymentId' | 'evidence' | 'sentence'>, op: IncomingRow, memo: string | null): Discrepancy {
  const memoText = memo === null ? 'no memo' : `memo "${memo}"`
  return {
    ...base,
    type: 'direct_transfer',
    paymentId: null,
    evidence: [
      row('Pi payment', 'a Pi payment whose id is the memo', isPaymentIdentifier(memo) ? 'payment_not_found at Pi' : 'none'),
      row('Memo', 'a Pi payment id', memo === null ? '(none)' : memo),
      row('From', null, op.from_address)
    ],
    sentence:
      `${pi(op.amount_stroops)} arrived from ${op.from_address} (${memoText}) with no Pi payment behind it. ` +
      'Find out who sent it and why: return it to the sender, or record it as other income.'
  }
}

function notInLedger(identifier: string, op: IncomingRow): Discrepancy {
  return {
    type: 'stale_ledger_row',
    subjectKind: 'payment',
    subject: identifier,
    paymentId: identifier,
    txid: op.transaction_hash,
    amount: op.amount_stroops,
    evidence: [row('Ledger row', 'the payment Pi knows, with this transaction', 'no row yet (the sync has not looked it up)')],
    sentence: 'Pi knows this payment and its transaction is on the chain, but the ledger has no row for it yet. Sync to bring it in.'
  }
}
