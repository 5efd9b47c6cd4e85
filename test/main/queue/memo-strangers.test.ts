// Issue #12 review, holes 1 and 2, as an attacker or a second desk would cause them: the queue
// cancels a payout at Pi only when no transaction carrying its id pays it (a stranger's dust
// transfer with the same memo decides nothing), and never cancels a payout another Merchant Desk
// made, which may still hold a signed transaction that can land.
import { describe, expect, it } from 'vitest'
import { approvedPayment, auditEntries, payPayoutOnChain, PI, queueSandboxPerFile, type QueueWorld } from './fixture'

// The file's sandbox, and this test's ledger (closed after it).
const { sandbox, openWorld } = queueSandboxPerFile()
let world: QueueWorld

function hashOf(outcome: ReturnType<ReturnType<QueueWorld['buyer']>['sendTransfer']>): string {
  if (outcome.kind !== 'applied') throw new Error(`the stranger's transfer was not applied: ${outcome.kind}`)
  return outcome.transaction.hash
}

describe("a stranger's transfer carrying a payout's id", () => {
  it('does not hide the real payment found on Horizon: the payout is not cancelled at Pi', async () => {
    world = openWorld()
    const payee = world.buyer()
    const payout = await world.pi.createPayment({ amount: 2n * PI, memo: 'Refund', metadata: { order: 11 }, uid: payee.uid })
    await world.service.list({ refresh: true })
    // The stranger's dust lands first, so a search that stops at the first successful one sees only it.
    const stranger = world.buyer()
    const dust = hashOf(stranger.sendTransfer({ to: sandbox().appWallet.publicKey, amount: 1n, memo: payout.identifier }))
    const paid = payPayoutOnChain(sandbox(), { identifier: payout.identifier, to: payee.publicKey, amount: 2n * PI })
    world.advance(11 * 60_000)

    const { results } = await world.service.act({ action: 'cancel', ids: [payout.identifier] })
    expect(results[0]).toMatchObject({ outcome: 'refused', code: 'paid_on_chain' })
    expect(results[0]?.message).toBe(`Not cancelled: transaction ${paid} on chain pays it (Pi has not linked it yet). Complete it instead.`)
    expect(world.calls(payout.identifier, 'cancel')).toBe(0)
    const atPi = await world.pi.getPayment(payout.identifier)
    expect(atPi.status.cancelled).toBe(false)
    expect(sandbox().chain.transaction(paid)?.successful).toBe(true)
    expect(sandbox().chain.transaction(dust)?.successful).toBe(true)
    // The audit log keeps the refusal and the transaction it rests on.
    const [entry] = (await auditEntries(world, payout.identifier)).filter((candidate) => candidate.action === 'payment.cancel')
    expect(entry?.after).toMatchObject({ result: { outcome: 'refused', code: 'paid_on_chain', txid: paid } })
  })

  it('does not hide the real payment in the stored history, whichever hash sorts first', async () => {
    world = openWorld()
    const payee = world.buyer()
    const payout = await world.pi.createPayment({ amount: 3n * PI, memo: 'Refund', metadata: { order: 12 }, uid: payee.uid })
    await world.service.list({ refresh: true })
    const paid = payPayoutOnChain(sandbox(), { identifier: payout.identifier, to: payee.publicKey, amount: 3n * PI })
    // Grind strangers' transfers until one's hash sorts before the real one (the stored lookup's order).
    // A real hash low in the order needs many tries: 40 failed about one run in forty; 400, one in 400.
    const stranger = world.buyer()
    let ground = false
    for (let tries = 0; tries < 400 && !ground; tries += 1) {
      ground = hashOf(stranger.sendTransfer({ to: sandbox().appWallet.publicKey, amount: 1n, memo: payout.identifier })) < paid
    }
    expect(ground).toBe(true)
    await world.sync()
    world.advance(11 * 60_000)

    const { results } = await world.service.act({ action: 'cancel', ids: [payout.identifier] })
    expect(results[0]).toMatchObject({ outcome: 'refused', code: 'paid_on_chain' })
    expect(results[0]?.message).toContain(paid)
    expect(world.calls(payout.identifier, 'cancel')).toBe(0)
    expect((await world.pi.getPayment(payout.identifier)).status.cancelled).toBe(false)
  })

  it('still lets an unpaid payout be cancelled, and says a transfer carrying its id moved Pi without paying it', async () => {
    world = openWorld()
    const payee = world.buyer()
    const payout = await world.pi.createPayment({ amount: 1n * PI, memo: 'Payout', metadata: { run: 13 }, uid: payee.uid })
    await world.service.list({ refresh: true })
    const stranger = world.buyer()
    hashOf(stranger.sendTransfer({ to: sandbox().appWallet.publicKey, amount: 1n, memo: payout.identifier }))
    world.advance(11 * 60_000)

    const { results } = await world.service.act({ action: 'cancel', ids: [payout.identifier] })
    expect(results[0]).toMatchObject({ outcome: 'done', code: 'cancelled' })
    expect(results[0]?.message).toContain('moved Pi without paying it')
    expect((await world.pi.getPayment(payout.identifier)).status.cancelled).toBe(true)
  })
})

describe("a stranger's transfer carrying a paid payment's id", () => {
  it('does not make Complete refuse when it is found first on Horizon: the buyer\'s real transaction completes it', async () => {
    world = openWorld()
    const { id, buyer } = await approvedPayment(world, 4)
    await world.track(id)
    // The stranger's dust lands before the buyer pays, so a search stopping at the first one sees only it.
    const dust = hashOf(world.buyer().sendTransfer({ to: sandbox().appWallet.publicKey, amount: 1n, memo: id }))
    const paid = buyer.submitPayment(id, { reportToPi: false }).txid
    expect(paid).not.toBeNull()

    const { results } = await world.service.act({ action: 'complete', ids: [id] })
    expect(results[0]).toMatchObject({ outcome: 'done', code: 'completed' })
    expect(results[0]?.evidence).toMatchObject({ txid: paid, txidSource: 'chain', verified: true })
    expect(world.calls(id, 'complete')).toBe(1)
    const atPi = await world.pi.getPayment(id)
    expect(atPi.status.developerCompleted).toBe(true)
    expect(atPi.transaction?.txid).toBe(paid)
    expect(sandbox().chain.transaction(dust)?.successful).toBe(true)
  })

  it('does not make Complete refuse when its hash sorts first in the stored history', async () => {
    world = openWorld()
    const { id, buyer } = await approvedPayment(world, 6)
    await world.track(id)
    const paid = buyer.submitPayment(id, { reportToPi: false }).txid
    if (paid === null) throw new Error('the buyer submitted nothing')
    const stranger = world.buyer()
    let ground = false
    for (let tries = 0; tries < 400 && !ground; tries += 1) {
      ground = hashOf(stranger.sendTransfer({ to: sandbox().appWallet.publicKey, amount: 1n, memo: id })) < paid
    }
    expect(ground).toBe(true)
    await world.sync()

    const { results } = await world.service.act({ action: 'complete', ids: [id] })
    expect(results[0]).toMatchObject({ outcome: 'done', code: 'completed' })
    expect(results[0]?.message).toContain(paid)
    expect((await world.pi.getPayment(id)).transaction?.txid).toBe(paid)
  })

  it('refuses with a sentence listing them when two transactions each pay it and Pi names neither', async () => {
    world = openWorld()
    const { id, buyer } = await approvedPayment(world, 3)
    await world.track(id)
    const first = hashOf(buyer.sendTransfer({ to: sandbox().appWallet.publicKey, amount: 3n * PI, memo: id }))
    const second = hashOf(buyer.sendTransfer({ to: sandbox().appWallet.publicKey, amount: 3n * PI, memo: id }))

    const { results } = await world.service.act({ action: 'complete', ids: [id] })
    expect(results[0]).toMatchObject({ outcome: 'refused', code: 'several_paying' })
    expect(results[0]?.message).toContain(first)
    expect(results[0]?.message).toContain(second)
    expect(world.calls(id, 'complete')).toBe(0)
  })

  it('still refuses when only a stranger\'s transfer carries its id, and Pi receives no complete call', async () => {
    world = openWorld()
    const { id } = await approvedPayment(world, 2)
    await world.track(id)
    const dust = hashOf(world.buyer().sendTransfer({ to: sandbox().appWallet.publicKey, amount: 1n, memo: id }))

    const { results } = await world.service.act({ action: 'complete', ids: [id] })
    expect(results[0]).toMatchObject({ outcome: 'refused', code: 'refused_by_chain' })
    expect(results[0]?.evidence).toMatchObject({ txid: dust, txidSource: 'chain', verified: false })
    expect(world.calls(id, 'complete')).toBe(0)
    expect((await world.pi.getPayment(id)).status.developerCompleted).toBe(false)
  })
})

describe('a payout another Merchant Desk made', () => {
  it('is never cancelled by this desk: the merchant is told to cancel it from the desk that made it', async () => {
    world = openWorld()
    const payee = world.buyer()
    const payout = await world.pi.createPayment({
      amount: 1n * PI,
      memo: 'Refund',
      metadata: { merchant_desk_request: 'other-desk-request-0001', refund_of: 'elsewhere' },
      uid: payee.uid
    })
    await world.service.list({ refresh: true })
    world.advance(60 * 60_000)
    // The page and the CLI advise the same: not "cancel" here, whatever the time.
    const item = (await world.service.list()).items.find((candidate) => candidate.identifier === payout.identifier)
    expect(item).toMatchObject({ advice: 'wait', actions: ['complete'] })
    expect(item?.reason).toContain('`merchant-desk payouts cancel <id>` there')

    const { results } = await world.service.act({ action: 'cancel', ids: [payout.identifier] })
    expect(results[0]).toMatchObject({ outcome: 'refused', code: 'other_desk' })
    expect(results[0]?.message).toContain('merchant-desk payouts cancel')
    expect(world.calls(payout.identifier, 'cancel')).toBe(0)
    expect((await world.pi.getPayment(payout.identifier)).status.cancelled).toBe(false)
    const [entry] = (await auditEntries(world, payout.identifier)).filter((candidate) => candidate.action === 'payment.cancel')
    expect(entry?.after).toMatchObject({ result: { outcome: 'refused', code: 'other_desk' } })
  })
})
