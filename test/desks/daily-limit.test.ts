// A staff member's daily refund limit holds across two desks (issue 18, "daily limits hold across
// two processes"): the same person refunds two different sales at the same moment from two
// processes on one ledger, and together the two refunds are above their day's limit. The limit is
// read inside the payout's own transaction, which the ledger runs one at a time across desks, so
// exactly one is paid and the other waits for approval (exit code 4), nothing paid for it. The
// sandbox chain is the judge.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../src/sandbox'
import { appWalletPayments, atTheSameMoment, deskLedgers, paidSales, payoutRows, PI, readLedger, refundsAtPi, startDeskSandbox, type DeskRun } from './desks'
import { openPersonDesk, type PersonDeskOptions } from './person-desk'

const REFUND_AS_PERSON = fileURLToPath(new URL('./refund-as-person.ts', import.meta.url))

let sandbox: RunningSandbox
let dir: string
beforeAll(async () => {
  sandbox = await startDeskSandbox()
  dir = mkdtempSync(join(tmpdir(), 'md-daily-limit-'))
})
afterAll(async () => {
  await sandbox?.close()
  rmSync(dir, { recursive: true, force: true })
})

let desks = 0
function deskOptions(ledger: string): PersonDeskOptions {
  desks += 1
  return {
    ledger,
    deskFile: join(dir, `desk-${desks}.sqlite`),
    platformUrl: sandbox.platformUrl,
    horizonUrl: sandbox.horizonUrl,
    apiKey: sandbox.apiKey,
    walletSeed: sandbox.appWallet.seed
  }
}

/** One desk's refund as a person, in its own process (refund-as-person.ts). */
function refundAsPerson(ledger: string, person: { name: string; secret: string }, sale: string, amountPi: string): Promise<DeskRun> {
  const desk = deskOptions(ledger)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DESK_LEDGER: desk.ledger,
    DESK_FILE: desk.deskFile,
    DESK_PLATFORM_URL: desk.platformUrl,
    DESK_HORIZON_URL: desk.horizonUrl,
    PI_API_KEY: desk.apiKey,
    PI_WALLET_SEED: desk.walletSeed,
    MERCHANT_DESK_USER: person.name,
    MERCHANT_DESK_USER_SECRET: person.secret,
    DESK_SALE: sale,
    DESK_AMOUNT: amountPi
  }
  delete env.MERCHANT_DESK_DB
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', REFUND_AS_PERSON], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

describe.each(deskLedgers())('a staff member on two desks of one $engine ledger', (ledgers) => {
  afterAll(() => ledgers.cleanUp())

  it('refunds 6 Pi of two sales at once with a 10 Pi daily limit: one is paid, the other waits for approval', async () => {
    const ledger = ledgers.location()
    const [first, second] = (await paidSales(sandbox, ledger, [8, 8])) as [string, string]
    const sam = { name: 'Sam', secret: 'sam-pin-2468' }
    const owner = await openPersonDesk(deskOptions(ledger))
    try {
      await owner.people.add({ name: 'Olivia', role: 'owner', secret: 'olivia-passphrase' })
      await owner.session.unlock('Olivia', 'olivia-passphrase')
      await owner.people.add({ name: sam.name, role: 'staff', secret: sam.secret })
      await owner.people.setPolicy({ role: 'staff', maxRefund: '10', dailyLimit: '10' })
    } finally {
      await owner.close()
    }
    const paidBefore = appWalletPayments(sandbox).length

    const runs = await atTheSameMoment(sandbox, [() => refundAsPerson(ledger, sam, first, '6'), () => refundAsPerson(ledger, sam, second, '6')])

    // One desk paid, the other recorded a request and exited as the command line does (4).
    expect(runs.map((run) => run.code).sort(), runs.map((run) => run.stderr + run.stdout).join('\n')).toEqual([0, 4])
    const waiting = runs.find((run) => run.code === 4)!
    expect(JSON.parse(waiting.stdout.trim())).toMatchObject({ code: 'approval_requested', message: expect.stringMatching(/Sam has refunded 6(\.0+)? Pi today.*above the 10(\.0+)? Pi a day/) })

    // The chain: exactly one 6 Pi refund left the app wallet.
    const paid = appWalletPayments(sandbox).slice(paidBefore)
    expect(paid.map((payment) => payment.amount)).toEqual([6n * PI])
    expect([...refundsAtPi(sandbox, first), ...refundsAtPi(sandbox, second)]).toEqual([{ identifier: expect.any(String), amount: 6n * PI, completed: true }])

    // The journal: one refund, Sam's, completed; and one open request of Sam's for the other sale.
    const rows = await payoutRows(ledger)
    expect(rows.map((row) => [row.state, row.amount])).toEqual([['completed', 6n * PI]])
    const paidSale = rows[0]!.refundOf
    const requests = await readLedger(ledger, (store) =>
      store.db.selectFrom('approval_requests').select(['refund_of', 'requested_by', 'state', 'amount_stroops', 'payout_id']).execute()
    )
    expect(requests).toEqual([{ refund_of: paidSale === first ? second : first, requested_by: 'Sam', state: 'open', amount_stroops: 6n * PI, payout_id: null }])
    const requestedBy = await readLedger(ledger, (store) => store.db.selectFrom('payouts').select('requested_by').execute())
    expect(requestedBy).toEqual([{ requested_by: 'Sam' }])
  }, 90_000)
})
