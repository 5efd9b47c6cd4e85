// Saved reconciliations through the contract's handlers, over a real workspace on the sandbox: a
// run syncs first, reports its progress, and is saved with its time and inputs; the report lists
// the items by type with their evidence; an item is resolved once, audited in the same
// transaction, and stays resolved when the database is opened again.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openWorkspace } from '../../../src/main/app'
import { verifyAuditLog } from '../../../src/main/audit'
import { openDatabase, type MerchantDb } from '../../../src/main/db'
import { reconcileHandlers, ReconciliationStore } from '../../../src/main/reconcile'
import { EventBus } from '../../../src/main/ipc'
import { SyncRuns } from '../../../src/main/sync'
import type { RunningSandbox } from '../../../src/sandbox'
import { channels, type TaskProgress } from '../../../src/shared/contract'
import { isUserFacingError } from '../../../src/shared/errors'
import { ledgerSql, tempDatabasePath } from '../../support'
import { openReconcileWorld, PI, startReconcileSandbox, utcDay, type ReconcileWorld } from './fixture'

let sandbox: RunningSandbox
let dir: string
let store: MerchantDb
let databasePath: string
let scenario: ReconcileWorld
const progress: TaskProgress[] = []
let handlers: ReturnType<typeof reconcileHandlers>
let transfer: string
let clock = Date.now()

beforeAll(async () => {
  sandbox = await startReconcileSandbox(53)
  // The scenario's own clients craft what the chain and Pi hold; the handlers' ledger is a file.
  scenario = openReconcileWorld(sandbox)
  await scenario.completedSale(8)
  transfer = scenario.directTransfer(PI / 2n, 'thank you')
  dir = mkdtempSync(join(tmpdir(), 'md-reconcile-'))
  databasePath = tempDatabasePath(dir, 'merchant-desk.sqlite')
  store = openDatabase(databasePath, { now: () => new Date(clock) })
  const workspace = openWorkspace(store, {
    networkId: 'sandbox',
    passphrase: sandbox.networkPassphrase,
    platformUrl: sandbox.platformUrl,
    horizonUrl: sandbox.horizonUrl,
    apiKey: sandbox.apiKey,
    appWallet: sandbox.appWallet.publicKey,
    explorerTxUrl: null
  })
  const syncRuns = new SyncRuns({ store, target: async () => workspace })
  const events = new EventBus()
  events.on('task:progress', (event) => progress.push(event))
  handlers = reconcileHandlers({
    store,
    events,
    actor: () => 'maria',
    settings: { current: () => ({ network: 'sandbox', businessTimeZone: 'Europe/Berlin' }) },
    network: async () => workspace.connection,
    syncUpToDate: () => syncRuns.upToDate()
  })
}, 60_000)

afterAll(async () => {
  store.close()
  scenario.close()
  await sandbox.close()
  rmSync(dir, { recursive: true, force: true })
})

/** A handler's answer or refusal as a promise, as the router awaits it. */
const later = async <T>(call: () => T | Promise<T>): Promise<T> => call()

const input = <C extends 'reconcile:run' | 'reconcile:list' | 'reconcile:report' | 'reconcile:resolve'>(channel: C, value: unknown) =>
  channels[channel].input.parse(value) as never

describe('reconcile:run', () => {
  it('syncs, reconciles with progress, and saves the run with its time and inputs', async () => {
    const run = await handlers['reconcile:run'](input('reconcile:run', { from: utcDay(-1), to: utcDay(1), incompleteAfterHours: 6 }))
    expect(run).toMatchObject({
      network: 'sandbox',
      wallet: sandbox.appWallet.publicKey,
      from: utcDay(-1),
      to: utcDay(1),
      timeZone: 'Europe/Berlin',
      incompleteAfterHours: 6,
      finalSample: 200,
      requestedBy: 'maria',
      paymentsChecked: 1,
      itemCount: 1,
      unresolvedCount: 1
    })
    expect(run.counts.direct_transfer).toBe(1)
    expect(run.walletCheck).toMatchObject({ openingSource: 'history', difference: '0.0000000', balanced: true, historyBehind: false })
    expect(run.walletCheck.received).toBe('10008.5000000')
    const phases = progress.filter((event) => event.task === 'reconcile').map((event) => event.phase)
    expect([...new Set(phases)]).toEqual(['syncing', 'checking_payments', 'checking_transfers', 'checking_refunds', 'checking_wallet', 'saving', 'done'])
    // The sync ran: the sale is in the ledger.
    expect(await ledgerSql(store).value('SELECT count(*) FROM payments')).toBe(1n)

    const listed = await handlers['reconcile:list'](input('reconcile:list', undefined))
    expect(listed.runs.map((listedRun) => listedRun.id)).toEqual([run.id])
  })

  it('refuses a period that ends before it starts, before asking anything of Pi', async () => {
    const asked = sandbox.platform.requests.count('GET /v2/payments')
    await expect(handlers['reconcile:run'](input('reconcile:run', { from: '2025-03-09', to: '2025-03-01' }))).rejects.toSatisfy(
      (error: unknown) => isUserFacingError(error) && error.code === 'invalid_period'
    )
    expect(sandbox.platform.requests.count('GET /v2/payments')).toBe(asked)
  })
})

describe('reconcile:report and reconcile:resolve', () => {
  it('lists the items by type and resolves one, audited, for good', async () => {
    const [latest] = (await handlers['reconcile:list'](input('reconcile:list', {}))).runs
    const report = await handlers['reconcile:report'](input('reconcile:report', { runId: latest!.id }))
    expect(report.groups.map((group) => [group.type, group.label, group.count, group.unresolved, group.more])).toEqual([
      ['direct_transfer', 'Transfer with no Pi payment', 1, 1, 0]
    ])
    const [item] = report.groups[0]!.items
    expect(item).toMatchObject({ subjectKind: 'transaction', subject: transfer, txid: transfer, amount: '0.5000000', paymentId: null, resolved: null })
    expect(item!.evidence).toContainEqual({ what: 'Memo', expected: 'a Pi payment id', found: 'thank you' })

    clock = Date.UTC(2026, 0, 5, 10, 30)
    const resolved = await handlers['reconcile:resolve'](input('reconcile:resolve', { itemId: item!.id, note: '  A tip from a regular; kept as income.  ' }))
    expect(resolved.resolved).toEqual({ at: '2026-01-05T10:30:00.000Z', by: 'maria', note: 'A tip from a regular; kept as income.' })

    const audit = await ledgerSql(store).all<Record<string, string>>('SELECT actor, action, subject, before_json, after_json FROM audit_log')
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actor: 'maria', action: 'reconciliation.resolve', subject: transfer })
    expect(JSON.parse(audit[0]!.before_json!)).toMatchObject({ item: item!.id, type: 'direct_transfer', resolved: false })
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ item: item!.id, resolved: true, note: 'A tip from a regular; kept as income.' })
    expect((await verifyAuditLog(store)).ok).toBe(true)

    await expect(later(() => handlers['reconcile:resolve'](input('reconcile:resolve', { itemId: item!.id, note: 'again' })))).rejects.toThrow(
      /already resolved by maria: "A tip from a regular; kept as income\."/
    )
    expect(await ledgerSql(store).value('SELECT count(*) FROM audit_log')).toBe(1n)

    // Opened again, as the app would after a restart.
    const reopened = openDatabase(databasePath)
    try {
      const stored = new ReconciliationStore(reopened)
      expect((await stored.run(latest!.id)).unresolved).toBe(0)
      expect(await stored.item(item!.id)).toMatchObject({ resolved_by: 'maria', resolution_note: 'A tip from a regular; kept as income.' })
    } finally {
      reopened.close()
    }
    const after = await handlers['reconcile:report'](input('reconcile:report', { runId: latest!.id }))
    expect(after.run.unresolvedCount).toBe(0)
    expect(after.groups[0]).toMatchObject({ count: 1, unresolved: 0 })
  })

  it('refuses an empty note and an item that does not exist', async () => {
    expect(channels['reconcile:resolve'].input.safeParse({ itemId: 1, note: '   ' }).success).toBe(false)
    await expect(later(() => handlers['reconcile:resolve'](input('reconcile:resolve', { itemId: 9999, note: 'done' })))).rejects.toThrow(
      'There is no reconciliation item number 9999.'
    )
    await expect(later(() => handlers['reconcile:report'](input('reconcile:report', { runId: 9999 })))).rejects.toThrow(
      'There is no reconciliation number 9999.'
    )
  })
})
