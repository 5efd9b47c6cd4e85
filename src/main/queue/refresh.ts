// "Refresh from Pi": Pi cannot list payments, so the queue asks again for each payment it holds
// (and for Pi's open payouts, which Pi does list), stores the answers and checks any transaction
// that is new on chain. The same path as tracked ids (src/main/tracking), so no second copy of it.
import { withTransaction, type MerchantDb } from '../db'
import { PaymentStore } from '../payments'
import { trackPayments } from '../tracking'
import type { QueueConnection } from './ports'
import { queueIdentifiers } from './queue-store'

export interface RefreshReport {
  /** Payments asked for again. */
  readonly asked: number
  /** Of them, how many Pi could not answer for. */
  readonly failed: number
  /** The first few failures, in words. */
  readonly messages: readonly string[]
}

const MAX_MESSAGES = 5

export async function refreshQueue(store: MerchantDb, connection: QueueConnection, now: () => Date): Promise<RefreshReport> {
  const { networkId } = connection
  const openPayouts = await connection.pi.incompleteServerPayments()
  await withTransaction(store, async (tx) => {
    const payments = new PaymentStore(tx, networkId)
    const nowMs = now().getTime()
    for (const payment of openPayouts) await payments.upsert(payment, 'incomplete_server_payments', nowMs)
  })

  const ids = await queueIdentifiers(store, networkId)
  const results = await trackPayments({
    store,
    pi: connection.pi,
    horizon: connection.horizon,
    networkId,
    appWallet: connection.appWallet,
    ids,
    now
  })
  const failures = results.filter((result) => result.outcome === 'failed' || result.outcome === 'not_found')
  return {
    asked: ids.length,
    failed: failures.length,
    messages: failures.slice(0, MAX_MESSAGES).map((result) => `${result.id}: ${result.message ?? 'Pi did not answer.'}`)
  }
}
