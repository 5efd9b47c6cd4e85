// Step 7: tell Pi. Only ever after step 6 found the transaction on chain. Pi's complete may time
// out after it took effect, so an unknown outcome is read back (GET) before it is tried again;
// already_completed means done. The buyer has been paid by now, so nothing here can fail the
// payout: trouble leaves it 'confirmed' with a sentence, to be resumed.
import { isPiApiError } from '../../pi'
import type { Payment } from '../../../shared/payments'
import { payoutProblems } from '../problems'
import type { PayoutPorts } from '../ports'
import type { PayoutRecord } from '../types'
import { isPassingPiTrouble } from './pi-errors'

export async function completePiPayment(ports: PayoutPorts, payout: PayoutRecord): Promise<PayoutRecord> {
  const { journal } = ports
  const piPaymentId = payout.piPaymentId
  const txid = payout.txid
  if (piPaymentId === null || txid === null) throw new Error(`payout ${payout.id} reached completion without its payment or txid`)
  let lastTrouble = ''
  for (let attempt = 0; attempt < ports.timings.completionsPerRun; attempt += 1) {
    let completed: Payment | null = null
    try {
      completed = await ports.pi.completePayment(piPaymentId, txid)
      ports.failpoint('pi-completed')
    } catch (error) {
      if (!isPiApiError(error)) throw error
      if (error.code === 'already_completed') {
        completed = error.payment ?? (await readBack(ports, piPaymentId))
      } else if (isPassingPiTrouble(error)) {
        lastTrouble = error.message
        const read = await readBack(ports, piPaymentId).catch(() => null)
        if (read?.status.developerCompleted) completed = read
        else {
          await ports.sleep(ports.timings.retryDelayMs)
          continue
        }
      } else {
        return journal.note(payout, payoutProblems.completeRefused(error.message))
      }
    }
    if (completed !== null) {
      const done = completed
      return ports.atomically(async (tx) => {
        await ports.recordPiPayment(tx, done, payout.refundOf)
        const finished = await journal.within(tx).transition(payout, 'completed', { problem: null })
        await ports.onPayoutCompleted?.(tx, finished)
        return finished
      })
    }
  }
  return journal.note(payout, payoutProblems.piUnreachable(lastTrouble || 'Pi did not confirm the completion.'))
}

async function readBack(ports: PayoutPorts, identifier: string): Promise<Payment> {
  return ports.pi.getPayment(identifier)
}
