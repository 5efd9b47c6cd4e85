// The ledger against Pi: re-read Pi's record of each payment chosen (every one not final at Pi, and
// a random sample of the final ones) and compare it with the ledger's row: the five status flags,
// the linked transaction and Pi's verification of it. Reads only; the ledger is not changed (a
// sync does that), so the report shows what was out of date when it ran.
import { isPiApiError } from '../pi'
import { runPool } from '../http'
import { onceMoreIfUnreadable } from '../sync'
import { recordOf, type LedgerPayment, type PiRecord } from './ledger-rows'
import type { Discrepancy, EvidenceRow, ReconcilePi } from './types'
import { flagWords, row, statusWords } from './words'

export type PiAnswer = { readonly kind: 'found'; readonly record: PiRecord } | { readonly kind: 'not_found' }

/** Pi's answers by identifier. A payment Pi does not know is an answer; any other failure stops the run. */
export async function rereadPayments(
  pi: ReconcilePi,
  identifiers: readonly string[],
  concurrency: number,
  signal?: AbortSignal
): Promise<Map<string, PiAnswer>> {
  const settled = await runPool(
    identifiers,
    concurrency,
    async (identifier): Promise<PiAnswer> => {
      try {
        return { kind: 'found', record: recordOf(await onceMoreIfUnreadable(() => pi.getPayment(identifier))) }
      } catch (error) {
        if (isPiApiError(error) && error.code === 'payment_not_found') return { kind: 'not_found' }
        throw error
      }
    },
    signal
  )
  const answers = new Map<string, PiAnswer>()
  settled.forEach((outcome, index) => {
    if (outcome.status === 'rejected') throw outcome.reason
    if (outcome.status === 'fulfilled') answers.set(identifiers[index] as string, outcome.value)
  })
  return answers
}

/** The ledger's row against Pi's fresh answer; null when they agree on everything compared. */
export function staleRow(ledger: LedgerPayment, answer: PiAnswer): Discrepancy | null {
  const base = {
    type: 'stale_ledger_row' as const,
    subjectKind: 'payment' as const,
    subject: ledger.identifier,
    paymentId: ledger.identifier,
    amount: ledger.amount
  }
  if (answer.kind === 'not_found') {
    return {
      ...base,
      txid: ledger.transaction?.txid ?? null,
      evidence: [row('Pi record', 'the payment, as the ledger holds it', 'payment_not_found')],
      sentence:
        "Pi has no payment with this id for your app's API key. Check that the key in Settings is this app's key on this network; " +
        'if it is, this row is not a payment of your app: do not deliver or refund anything for it.'
    }
  }
  const pi = answer.record
  const evidence: EvidenceRow[] = []
  const ledgerStatus = statusWords(ledger.status, ledger.transaction)
  const piStatus = statusWords(pi.status, pi.transaction)
  if (flagWords(ledger.status) !== flagWords(pi.status)) {
    evidence.push(row('Status (Pi now / ledger)', piStatus, ledgerStatus))
    evidence.push(row('Status flags', flagWords(pi.status), flagWords(ledger.status)))
  }
  if ((ledger.transaction?.txid ?? null) !== (pi.transaction?.txid ?? null)) {
    evidence.push(row('Transaction linked at Pi', pi.transaction?.txid ?? 'none', ledger.transaction?.txid ?? 'none'))
  } else if (ledger.transaction !== null && pi.transaction !== null && ledger.transaction.verified !== pi.transaction.verified) {
    evidence.push(row("Pi's verification of the transaction", String(pi.transaction.verified), String(ledger.transaction.verified)))
  }
  if (evidence.length === 0) return null
  return {
    ...base,
    txid: pi.transaction?.txid ?? ledger.transaction?.txid ?? null,
    evidence,
    sentence:
      ledgerStatus === piStatus
        ? 'The ledger holds older facts about this payment than Pi does. Sync to bring the ledger up to date.'
        : `The ledger still shows this payment as ${ledgerStatus}, but Pi now says ${piStatus}. Sync to bring the ledger up to date; ` +
          'check the other items of this payment after that.'
  }
}

/** Pi's record names another Pi network than the one the ledger and the wallet are on. */
export function recordOnOtherNetwork(record: PiRecord, passphrase: string): Discrepancy | null {
  if (record.network === passphrase) return null
  return {
    type: 'network_mismatch',
    subjectKind: 'payment',
    subject: record.identifier,
    paymentId: record.identifier,
    txid: record.transaction?.txid ?? null,
    amount: record.amount,
    evidence: [row("Network of Pi's record", passphrase, record.network)],
    sentence: networkSentence(passphrase, record.network)
  }
}

export function networkSentence(expected: string, found: string): string {
  return (
    `Pi's record of this payment is on ${found}, but this ledger and its app wallet are on ${expected}. ` +
    'Check that the API key in Settings is the key of this app on this network; deliver and refund nothing for this payment until they match.'
  )
}
