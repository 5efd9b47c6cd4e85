// The queue names the network as the app's badge does: on the sandbox its evidence and advice say
// "Sandbox", never "Pi Testnet" (the passphrase the sandbox shares with Testnet, which is data for
// comparing a payment's `network`, not a name a merchant reads).
import { describe, expect, it } from 'vitest'
import { approvedPayment, ORDER, paidPayment, queueSandboxPerFile, type QueueWorld } from './fixture'

// The file's sandbox, and this test's ledger (closed after it).
const { openWorld } = queueSandboxPerFile()
let world: QueueWorld

describe("the sandbox queue's sentences", () => {
  it('name the network Sandbox in the evidence of a refused completion, in the listing and in the evidence pack', async () => {
    world = openWorld()
    const { id } = await paidPayment(world, { lie: 'other_network' })
    await world.track(id)

    const { results } = await world.service.act({ action: 'complete', ids: [id] })
    expect(results[0]).toMatchObject({ outcome: 'refused', code: 'refused_by_chain' })
    expect(results[0]?.evidence?.explanations[0]).toMatch(/ is not on the Sandbox chain \(it may live on the other Pi network, or not exist\)\.$/)
    expect(results[0]?.message).toContain('Sandbox chain')
    // The passphrase stays where it is data: the payment's own network as Pi wrote it.
    expect(results[0]?.evidence?.expected.network).toBe('Pi Testnet')

    const listed = (await world.service.list()).items.find((item) => item.identifier === id)
    expect(listed?.evidence?.explanations.join(' ')).toContain('Sandbox chain')
    const shown = JSON.stringify({ message: results[0]?.message, explanations: results[0]?.evidence?.explanations, reason: listed?.reason, listed: listed?.evidence?.explanations })
    expect(shown).not.toContain('Pi Testnet')
  })

  it('name it Sandbox when no transaction carries the payment id', async () => {
    world = openWorld()
    const { id } = await approvedPayment(world, 2)
    await world.track(id)

    const { results } = await world.service.act({ action: 'complete', ids: [id] })
    expect(results[0]).toMatchObject({ outcome: 'refused', code: 'no_transaction' })
    expect(results[0]?.evidence?.explanations).toEqual(["No transaction carrying this payment's id is on the Sandbox chain."])
  })

  it("name it Sandbox in the approval advice, never by Pi's passphrase", async () => {
    world = openWorld()
    const id = world.buyer().startPayment({ amount: 1, ...ORDER }).identifier
    await world.track(id)

    const item = (await world.service.list()).items.find((candidate) => candidate.identifier === id)
    expect(item?.advice).toBe('approve')
    expect(item?.reason).toContain('to the app wallet on Sandbox, with the shop')
    expect(item?.reason).not.toContain('Pi Testnet')
  })
})
