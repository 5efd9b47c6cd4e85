// "The user might be lying": a transaction that pays less, pays someone else, carries another
// memo, failed, or lives on the other network is never completed. The action is refused with the
// evidence (kept in the audit log), and the simulator receives no complete call. A transaction id
// typed by hand is checked the same way.
import { describe, expect, it } from 'vitest'
import { verifyAuditLog } from '../../../src/main/audit'
import type { LieKind } from '../../../src/sandbox/buyer'
import type { ChainFailureReason } from '../../../src/shared/payments'
import { auditEntries, paidPayment, queueSandboxPerFile, type QueueWorld } from './fixture'

// The file's sandbox, and this test's ledger (closed after it).
const { openWorld } = queueSandboxPerFile()
let world: QueueWorld

const LIES: readonly { lie: LieKind; reasons: ChainFailureReason[]; explanation: RegExp }[] = [
  { lie: 'wrong_amount', reasons: ['amount_mismatch'], explanation: /^It pays 2\.5000000 Pi, not 5\.0000000 Pi\.$/ },
  { lie: 'wrong_destination', reasons: ['destination_mismatch'], explanation: /^It pays 5\.0000000 Pi to G[A-Z2-7]{55}, not G/ },
  { lie: 'wrong_memo', reasons: ['memo_mismatch'], explanation: /^Its memo is "[A-Za-z0-9]{28}" \(text\), not this payment's id / },
  { lie: 'failed_transaction', reasons: ['transaction_failed'], explanation: /^The transaction failed on chain, so no Pi moved\.$/ },
  { lie: 'other_network', reasons: ['not_found'], explanation: /is not on the Sandbox chain \(it may live on the other Pi network/ }
]

describe('completing a payment whose buyer lied', () => {
  for (const { lie, reasons, explanation } of LIES) {
    it(`refuses a ${lie.replace('_', ' ')} with the evidence, and never calls complete`, async () => {
      world = openWorld()
      const { id, txid } = await paidPayment(world, { lie })
      await world.track(id)

      const { results } = await world.service.act({ action: 'complete', ids: [id] })
      expect(results).toHaveLength(1)
      const result = results[0]!
      expect(result).toMatchObject({ identifier: id, action: 'complete', outcome: 'refused', code: 'refused_by_chain' })
      expect(result.message).toMatch(/^Not completed: the chain does not show this payment paid\. .* Do not deliver\.$/)
      expect(result.evidence).toMatchObject({
        txid,
        txidSource: 'pi',
        verified: false,
        reasons,
        chainFacts: lie === 'other_network' ? 'not_on_chain' : 'read'
      })
      expect(result.evidence?.explanations[0]).toMatch(explanation)
      expect(world.calls(id, 'complete')).toBe(0)

      // The payment stays open, flagged, and the attempt is on the record with its evidence.
      expect(await world.row(id)).toMatchObject({ developer_completed: 0n, chain_check: 'failed', chain_check_reasons_json: JSON.stringify(reasons) })
      const [entry] = await auditEntries(world, id)
      expect(entry).toMatchObject({
        action: 'payment.complete',
        actor: 'maria',
        before: { payment: { status: 'submitted', developerCompleted: false } },
        after: { payment: { status: 'submitted', chainCheck: 'failed' }, result: { outcome: 'refused', code: 'refused_by_chain', txid } }
      })
      expect((entry?.after as { result: { evidence: { reasons: string[] } } }).result.evidence.reasons).toEqual(reasons)
      expect((await verifyAuditLog(world.store)).ok).toBe(true)

      const listed = (await world.service.list()).items.find((item) => item.identifier === id)
      expect(listed).toMatchObject({ kind: 'verification_failed', advice: 'do_not_deliver' })
      // Listing reads the stored history only, and no sync has stored this transaction.
      expect(listed?.evidence).toMatchObject({ reasons, chainFacts: lie === 'other_network' ? 'not_on_chain' : 'not_stored', found: null })
      expect(listed?.actions).not.toContain('complete')
    })
  }

  it('checks a transaction typed by hand the same way: one that pays less is refused, and does not mark the payment', async () => {
    world = openWorld()
    // The wallet never told Pi: the buyer sends the merchant the txid instead.
    const { id, txid } = await paidPayment(world, { lie: 'wrong_amount', reportToPi: false })
    await world.track(id)
    const { results } = await world.service.act({ action: 'complete', ids: [id], txid: txid.toUpperCase() })
    expect(results[0]).toMatchObject({ outcome: 'refused', code: 'refused_by_chain' })
    expect(results[0]?.evidence).toMatchObject({ txid, txidSource: 'typed', reasons: ['amount_mismatch'] })
    expect(world.calls(id, 'complete')).toBe(0)
    // A typed transaction is not the payment's own: its chain check is left as it was.
    expect(await world.row(id)).toMatchObject({ chain_check: 'unchecked', txid: null })
  })

  it("refuses a typed txid of another buyer's settled payment (its memo names that payment)", async () => {
    world = openWorld()
    const other = await paidPayment(world)
    await world.pi.completePayment(other.id, other.txid)
    const { id } = await paidPayment(world, { reportToPi: false })
    await world.track(id)
    const { results } = await world.service.act({ action: 'complete', ids: [id], txid: other.txid })
    expect(results[0]).toMatchObject({ outcome: 'refused', code: 'refused_by_chain' })
    expect(results[0]?.evidence?.reasons).toContain('memo_mismatch')
    expect(results[0]?.evidence?.reasons).toContain('source_mismatch')
    expect(world.calls(id, 'complete')).toBe(0)
  })

  it('finds an unreported transaction by its memo, and refuses it when it pays less', async () => {
    world = openWorld()
    const { id, txid } = await paidPayment(world, { lie: 'wrong_amount', reportToPi: false })
    await world.track(id)
    const { results } = await world.service.act({ action: 'complete', ids: [id] })
    expect(results[0]).toMatchObject({ outcome: 'refused', code: 'refused_by_chain' })
    expect(results[0]?.evidence).toMatchObject({ txid, txidSource: 'chain', reasons: ['amount_mismatch'] })
    expect(world.calls(id, 'complete')).toBe(0)
    // Found on chain carrying its id, Pi linking none: that is the payment's own transaction.
    expect(await world.row(id)).toMatchObject({ chain_check: 'failed', chain_check_reasons_json: '["amount_mismatch"]' })
  })
})
