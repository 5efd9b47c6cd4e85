// The queue from a terminal: `queue`, `approve`, `complete [--txid]`, `cancel` and `audit
// [--verify]`, over the sandbox, with commander parsing real argv.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { osUser, registerQueueCommands } from '../../../src/cli/commands/queue'
import { addConnectionOptions } from '../../../src/cli/context'
import { appendAudit } from '../../../src/main/audit'
import { openDatabase } from '../../../src/main/db'
import { PayoutService } from '../../../src/main/payouts'
import { createQueueService } from '../../../src/main/queue'
import { trackPayments } from '../../../src/main/tracking'
import { ledgerSql, tempDatabasePath } from '../../support'
import { ORDER, paidPayment, queueSandboxPerFile, type QueueWorld } from './fixture'

// The file's sandbox, and this test's ledger (closed after it).
const { sandbox, openWorld } = queueSandboxPerFile()
let world: QueueWorld

/** The CLI context's queue over the test's sandbox (the real one starts its own sandbox), as the container builds it. */
function queueOf(world: QueueWorld) {
  const connection = {
    networkId: 'sandbox' as const,
    passphrase: 'Pi Testnet' as const,
    appWallet: sandbox().appWallet.publicKey,
    explorerTxUrl: null,
    horizon: world.horizon,
    pi: world.pi,
    signer: () => null
  }
  const payouts = new PayoutService({ store: world.store, actor: osUser, connect: async () => connection })
  return createQueueService({ store: world.store, actor: osUser, networkId: () => 'sandbox', connect: async () => connection, payouts: payouts.queueView() })
}

async function run(...argv: string[]): Promise<{ out: string; error: string | null }> {
  let out = ''
  const program = new Command().exitOverride().configureOutput({ writeOut: () => undefined, writeErr: () => undefined })
  registerQueueCommands(
    program,
    async () => {
      const queue = queueOf(world)
      return { store: world.store, queue, close: () => queue.dispose() }
    },
    { out: (text) => (out += text), err: () => undefined }
  )
  try {
    await program.parseAsync(argv, { from: 'user' })
    return { out, error: null }
  } catch (error) {
    return { out, error: error instanceof Error ? error.message : String(error) }
  }
}

describe('merchant-desk queue commands', () => {
  it("read the desktop app's database through the CLI's own context, without connecting anywhere", async () => {
    world = openWorld()
    const dir = mkdtempSync(join(tmpdir(), 'md-queue-cli-'))
    const path = tempDatabasePath(dir, 'merchant-desk.sqlite')
    try {
      const file = openDatabase(path)
      const id = world.buyer().startPayment({ amount: 2, ...ORDER }).identifier
      await trackPayments({ store: file, pi: world.pi, horizon: world.horizon, networkId: 'sandbox', appWallet: sandbox().appWallet.publicKey, ids: [id] })
      await appendAudit(file, { actor: 'maria', action: 'payment.approve', subject: id, before: null, after: null })
      file.close()

      let out = ''
      // The connection options are the program's (global), as buildProgram() declares them.
      const program = addConnectionOptions(new Command().exitOverride().configureOutput({ writeOut: () => undefined, writeErr: () => undefined }))
      registerQueueCommands(program, undefined, { out: (text) => (out += text), err: () => undefined })
      await program.parseAsync(['queue', '--db', path, '--json'], { from: 'user' })
      expect((JSON.parse(out) as { items: { identifier: string }[] }).items.map((item) => item.identifier)).toEqual([id])
      out = ''
      await program.parseAsync(['audit', '--db', path, '--verify'], { from: 'user' })
      expect(out).toMatch(/^The audit log is intact: 1 entry checked\./)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('lists the queue as text and as JSON', async () => {
    world = openWorld()
    const id = world.buyer().startPayment({ amount: 1.25, ...ORDER }).identifier
    await world.track(id)
    const text = await run('queue')
    expect(text.error).toBeNull()
    expect(text.out).toContain('1 payment waits for you.')
    expect(text.out).toMatch(new RegExp(`${id}  1\\.25 Pi  buyer \\S+  \\d+ s old  from buyer`))
    expect(text.out).toContain('Waiting for approval. Do: Approve')
    // A payment's own link, to open it in the app from a terminal line or a ticket.
    expect(text.out).toContain(`In Merchant Desk: #/payments/${id}`)
    expect(text.out).toContain('Rules:')

    const json = JSON.parse((await run('queue', '--json')).out) as { items: { identifier: string; amount: string }[] }
    expect(json.items).toEqual([expect.objectContaining({ identifier: id, amount: '1.2500000' })])
  })

  it('approves, and records the OS user as the actor', async () => {
    world = openWorld()
    const id = world.buyer().startPayment({ amount: 1, ...ORDER }).identifier
    await world.track(id)
    const result = await run('approve', id)
    expect(result).toEqual({ out: `done  ${id}  approved: Approved: the buyer can now pay in the Pi Browser.\n`, error: null })
    expect(await ledgerSql(world.store).values('SELECT actor FROM audit_log')).toEqual([osUser()])
  })

  it('refuses to complete a lying buyer with the evidence, exits non-zero, and calls no complete', async () => {
    world = openWorld()
    const { id, txid } = await paidPayment(world, { lie: 'wrong_amount' })
    await world.track(id)
    const result = await run('complete', id)
    expect(result.error).toBe('1 of 1 payment was not completed.')
    expect(result.out).toContain(`REFUSED  ${id}  refused_by_chain: Not completed: the chain does not show this payment paid.`)
    expect(result.out).toContain(`Evidence for ${txid}:`)
    expect(result.out).toContain('- It pays 2.5000000 Pi, not 5.0000000 Pi.')
    expect(world.calls(id, 'complete')).toBe(0)
  })

  it('completes with a txid typed by hand after checking it, and refuses a malformed one before anything', async () => {
    world = openWorld()
    const { id, txid } = await paidPayment(world, { reportToPi: false })
    await world.track(id)
    expect((await run('complete', id, '--txid', 'nothex')).error).toBe('A transaction id is 64 hexadecimal characters.')
    expect((await run('complete', id, id, '--txid', txid)).error).toBe('A transaction id can only be given to complete one payment.')
    const done = await run('complete', id, '--txid', txid, '--json')
    expect(done.error).toBeNull()
    expect(JSON.parse(done.out)).toMatchObject({ results: [{ identifier: id, outcome: 'done', code: 'completed' }] })
    expect(world.calls(id, 'complete')).toBe(1)
  })

  it('cancels, and says why not when it is too early', async () => {
    world = openWorld()
    const buyer = world.buyer()
    const id = buyer.startPayment({ amount: 1, ...ORDER }).identifier
    await world.pi.approvePayment(id)
    await world.track(id)
    const early = await run('cancel', id)
    expect(early.error).toBe('1 of 1 payment was not cancelled.')
    expect(early.out.startsWith(`REFUSED  ${id}  wait: Not cancelled: the buyer may still pay it for another 15 min`)).toBe(true)
    world.advance(16 * 60_000)
    expect(await run('cancel', id)).toEqual({ out: `done  ${id}  cancelled: Cancelled: the buyer can start a new payment.\n`, error: null })
  })

  it('shows the audit log and verifies it; a tampered row fails the verification', async () => {
    world = openWorld()
    const id = world.buyer().startPayment({ amount: 1, ...ORDER }).identifier
    await world.track(id)
    await run('approve', id)
    await run('cancel', id)
    const log = await run('audit')
    expect(log.out.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(new RegExp(`^#2  \\S+  ${osUser()}  payment.cancel  ${id}  approved → approved  refused: wait$`)),
      expect.stringMatching(new RegExp(`^#1  \\S+  ${osUser()}  payment.approve  ${id}  created → approved  done: approved$`))
    ])
    expect((await run('audit', '--verify')).out).toMatch(/^The audit log is intact: 2 entries checked\. Last hash: [0-9a-f]{64}\n$/)

    // Past the append-only guard, as another tool would: SQLite's trigger by name, PostgreSQL's table triggers.
    if (world.store.engine.kind === 'postgres') await ledgerSql(world.store).run('ALTER TABLE audit_log DISABLE TRIGGER USER')
    else world.store.sqlite.exec('DROP TRIGGER audit_log_no_update')
    await ledgerSql(world.store).run(`UPDATE audit_log SET actor = 'nobody' WHERE seq = 1`)
    expect((await run('audit', '--verify')).error).toBe(
      'The audit log does not verify. Entry 1 was changed after it was written: its content no longer matches its hash.'
    )
    const json = JSON.parse((await run('audit', '--verify', '--json')).out)
    expect(json).toMatchObject({ ok: false, entries: 2, firstBrokenSeq: 1 })
  })
})
