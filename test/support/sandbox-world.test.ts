// The shared sandbox world keeps its promises to the domain fixtures: each test's ledger is a real
// file in a folder of its own, gone after the test, and a fault a test leaves behind never reaches
// the next one.
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { sandboxPerFile, type SandboxWorld } from './index'

const { sandbox, openWorld } = sandboxPerFile({ sandbox: { seed: 3 } })
let previous: SandboxWorld | null = null

describe('sandboxPerFile', () => {
  it('hands out a world on a file ledger, the real clients pointed at the sandbox, and a signer of the app wallet', async () => {
    const world = openWorld()
    previous = world
    expect(existsSync(world.databasePath)).toBe(true)
    expect(world.appWallet).toBe(sandbox().appWallet.publicKey)
    expect(world.signer?.publicKey).toBe(sandbox().appWallet.publicKey)
    const buyer = world.buyer()
    const id = buyer.startPayment({ amount: 1, memo: 'Mug', metadata: { orderId: 'SO-1' } }).identifier
    await expect(world.pi.approvePayment(id)).resolves.toMatchObject({ identifier: id })
    sandbox().platform.faults.add({ route: 'GET /v2/me', kind: 'reset' })
    sandbox().horizon.faults.add({ route: 'POST /transactions', kind: 'reset' })
  })

  it('closed the previous test ledger and removed its folder, and cleared the faults it left', () => {
    expect(previous).not.toBeNull()
    expect(existsSync(previous?.databasePath ?? '')).toBe(false)
    expect(sandbox().platform.faults.list()).toEqual([])
    expect(sandbox().horizon.faults.list()).toEqual([])
  })

  it('takes the desk clock and no signer when asked', () => {
    const at = new Date(Date.UTC(2030, 0, 1))
    const world = openWorld({ now: () => at, signerSeed: null })
    expect(world.now()).toEqual(at)
    expect(world.signer).toBeNull()
  })
})
