// Every option of every command, exercised at least once by a real `merchant-desk` process with
// real argv parsing, against a sandbox running in its own process. OPTIONS is the table of
// command x option -> the case that exercises it; a test walks buildProgram() and fails when a
// command has an option the table does not list (or the table lists one that is gone), and when a
// case does not really pass the option it is listed for.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Command } from 'commander'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildProgram } from '../../src/cli'
import { CONNECTION_OPTIONS } from '../../src/cli/context'
import { openDatabase } from '../../src/main/db'

const CLI = resolve('bin/merchant-desk.js')

/** Values found along the way (by earlier cases), and the sandbox's connection. */
interface Found {
  platformUrl: string
  horizonUrl: string
  platformPort: string
  wallet: string
  sale: string
  buyer: string
  paid: string
  paidTxid: string
  /** Approval requests made by the people cases (issue 18). */
  refundRequest: string
  payoutRequest: string
  /** An invoice made by the invoice cases (issue 19). */
  invoice: string
  /** A postback the queue completion queued (issue 19). */
  postback: string
}

interface Case {
  readonly argv: (found: Found) => string[]
  /** Who acts (issue 18): once the ledger has people, MERCHANT_DESK_USER and its secret. */
  readonly env?: NodeJS.ProcessEnv
  readonly check: (result: { code: number; stdout: string; stderr: string }, found: Found) => void
}

let dir: string
let env: NodeJS.ProcessEnv
let sandbox: ChildProcess | null = null
const found: Found = { platformUrl: '', horizonUrl: '', platformPort: '', wallet: '', sale: '', buyer: '', paid: '', paidTxid: '', refundRequest: '', payoutRequest: '', invoice: '', postback: '' }
const db = () => join(dir ?? tmpdir(), 'shop.sqlite')
const conn = (f: Found) => ['--network', 'sandbox', '--platform-url', f.platformUrl, '--horizon-url', f.horizonUrl, '--db', db()]
const local = () => ['--db', db(), '--network', 'sandbox']
const PERIOD = ['--from', '2020-01-01', '--to', '2030-12-31', '--tz', 'UTC']
const json = <T>(text: string) => JSON.parse(text) as T
const ANA = { MERCHANT_DESK_USER: 'Ana', MERCHANT_DESK_USER_SECRET: 'ana owner passphrase' }
const SAM = { MERCHANT_DESK_USER: 'Sam', MERCHANT_DESK_USER_SECRET: 'sam-1234' }

/** In the order they run: later cases use what earlier ones found. */
const CASES: Record<string, Case> = {
  'sandbox-start': {
    argv: () => ['sandbox', '--port', '0', '--payments', '120', '--seed', '3', '--orders', 'orders.csv', '--idle-minutes', '30'],
    check: () => expect(readFileSync(join(dir, 'orders.csv'), 'utf8')).toMatch(/^order,payment_id\n1,[A-Za-z0-9]{28}\n/)
  },
  'sync-json': {
    argv: (f) => ['sync', '--json', ...conn(f), '--wallet', f.wallet],
    check: (r) => expect(json<{ outcome: string }>(r.stdout).outcome).toBe('completed')
  },
  'sandbox-port-in-use': {
    argv: (f) => ['sandbox', '--port', f.platformPort],
    check: (r) => {
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/^merchant-desk: Port \d+ or \d+ is already in use \(another sandbox\?\)\. Choose another with --port N/)
    }
  },
  'sandbox-stop': {
    argv: () => ['sandbox', '--stop', '--db', db()],
    check: (r) => expect(r.stdout).toBe('No background sandbox was running for this database.\n')
  },
  'list-filtered': {
    argv: () => ['payments', 'list', '--status', 'completed', '--direction', 'user_to_app', '--from', '2020-01-01', '--to', '2030-12-31', '--min', '0.5', '--max', '1000', '--search', 'a', '--chain-check', 'verified', '--sort', 'amount:asc', '--limit', '3', '--json', ...local()],
    check: (r) => {
      const rows = r.stdout.trim().split('\n').map((line) => json<{ amount: string; direction: string; merchant_desk: { status: string; chain_check: string } }>(line))
      expect(rows.length).toBeGreaterThan(0)
      expect(rows.length).toBeLessThanOrEqual(3)
      expect(rows.every((row) => row.direction === 'user_to_app' && row.merchant_desk.status === 'completed' && row.merchant_desk.chain_check === 'verified')).toBe(true)
      const amounts = rows.map((row) => Number(row.amount))
      expect(amounts).toEqual([...amounts].sort((a, b) => a - b))
    }
  },
  'list-refunded-all': {
    argv: () => ['payments', 'list', '--refunded', '--all', ...local()],
    check: (r) => expect(r.stdout.trim().split('\n').every((line) => / user_to_app /.test(line))).toBe(true)
  },
  'show-json': {
    argv: (f) => ['payments', 'show', f.sale, '--json', ...local()],
    check: (r, f) => expect(json<{ row: { identifier: string } }>(r.stdout).row.identifier).toBe(f.sale)
  },
  'track-file-json': {
    argv: (f) => ['payments', 'track', '--file', 'orders.csv', '--json', ...conn(f)],
    check: (r) => expect(json<{ outcome: string }[]>(r.stdout).filter((one) => one.outcome === 'tracked').length).toBeGreaterThan(0)
  },
  'queue-refresh-json': {
    argv: (f) => ['queue', '--refresh', '--json', ...conn(f)],
    check: (r, f) => {
      const view = json<{ refreshed: { asked: number } | null; items: { identifier: string; kind: string; txid: string | null; direction: string }[] }>(r.stdout)
      expect(view.refreshed?.asked).toBeGreaterThan(0)
      const paid = view.items.find((item) => item.kind === 'paid_not_completed' && item.direction === 'user_to_app')
      f.paid = paid?.identifier ?? ''
      f.paidTxid = paid?.txid ?? ''
      expect(f.paidTxid).toMatch(/^[0-9a-f]{64}$/)
    }
  },
  'approve-json': {
    argv: (f) => ['approve', f.sale, '--json', ...conn(f)],
    check: (r, f) => {
      // A completed sale needs no approval: the answer names it, and says what was (not) done.
      const result = json<{ results: { identifier: string; outcome: string; code: string }[] }>(r.stdout).results[0]
      expect(result?.identifier).toBe(f.sale)
      expect(r.code, JSON.stringify(result)).toBe(result?.outcome === 'done' ? 0 : 1)
    }
  },
  'complete-txid-json': {
    argv: (f) => ['complete', f.paid, '--txid', f.paidTxid, '--json', ...conn(f)],
    check: (r) => expect(json<{ results: { outcome: string; code: string }[] }>(r.stdout).results[0]).toMatchObject({ outcome: 'done', code: 'completed' })
  },
  'cancel-json': {
    argv: (f) => ['cancel', f.sale, '--json', ...conn(f)],
    check: (r) => {
      expect(r.code).toBe(1)
      expect(json<{ results: { outcome: string }[] }>(r.stdout).results[0]?.outcome).toBe('refused')
    }
  },
  'refund-all-options': {
    argv: (f) => ['refund', f.sale, '--amount', '0.5', '--reason', 'wrong size', '--memo', 'Sorry!', '--yes', '--json', ...conn(f)],
    check: (r) => expect(json<{ kind: string; state: string; amount: string }>(r.stdout)).toMatchObject({ kind: 'refund', state: 'completed' })
  },
  'payout-all-options': {
    argv: (f) => ['payout', f.buyer, '--amount', '0.25', '--memo', 'Thank you', '--yes', '--json', ...conn(f)],
    check: (r) => expect(json<{ kind: string; state: string }>(r.stdout)).toMatchObject({ kind: 'payout', state: 'completed' })
  },
  'payouts-json': {
    argv: () => ['payouts', '--json', ...local()],
    check: (r) => expect(json<{ items: { state: string }[] }>(r.stdout).items.map((item) => item.state)).toEqual(['completed', 'completed'])
  },
  'resume-json': {
    argv: (f) => ['payouts', 'resume', '--json', ...conn(f)],
    check: (r) => expect(json<{ items: unknown[] }>(r.stdout)).toEqual({ items: [] })
  },
  'payouts-cancel-json': {
    // Refund number 1 has been paid: there is nothing to cancel, and the refusal says so.
    argv: (f) => ['payouts', 'cancel', '1', '--json', ...conn(f)],
    check: (r) => {
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/^merchant-desk: Refund or payout number 1 is already completed; there is nothing to cancel\./)
    }
  },
  // Issue 19: the completion and the refund above told the shop (MERCHANT_DESK_POSTBACK_URL); with no secret, nothing was sent.
  'postbacks-json': {
    argv: () => ['postbacks', '--json', ...local()],
    check: (r, f) => {
      const list = json<{ paused: string | null; items: { id: number; event: string; subject: string; state: string }[] }>(r.stdout)
      expect(list.paused).toMatch(/no postback secret is set/)
      expect(list.items.map((item) => `${item.event} ${item.state}`)).toEqual(['payment.refunded pending', 'payment.completed pending'])
      f.postback = String(list.items.find((item) => item.event === 'payment.completed' && item.subject === f.paid)?.id ?? '')
    }
  },
  'postbacks-redeliver-json': {
    // Still pending (nothing was sent): there is nothing to redeliver, and the refusal says so.
    argv: (f) => ['postbacks', 'redeliver', f.postback, '--json', ...local()],
    check: (r, f) => {
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(new RegExp(`^merchant-desk: Postback ${f.postback} has not been delivered yet and is tried again at `))
    }
  },
  'audit-payment-limit-json': {
    argv: (f) => ['audit', '--payment', f.paid, '--limit', '5', '--json', ...local()],
    check: (r, f) => {
      const entries = json<{ entries: { action: string; subject: string }[] }>(r.stdout).entries
      expect(entries.length).toBeGreaterThan(0)
      expect(entries.every((entry) => entry.subject === f.paid)).toBe(true)
    }
  },
  'audit-verify-json': {
    argv: () => ['audit', '--verify', '--json', ...local()],
    check: (r) => expect(json<{ ok: boolean; entries: number }>(r.stdout)).toMatchObject({ ok: true })
  },
  'reconcile-all-options': {
    argv: (f) => ['reconcile', ...PERIOD, '--incomplete-hours', '48', '--no-sync', '--json', ...conn(f)],
    check: (r) => {
      expect([0, 3]).toContain(r.code)
      expect(json<{ run: { incompleteAfterHours: number; from: string } }>(r.stdout).run).toMatchObject({ incompleteAfterHours: 48, from: '2020-01-01' })
    }
  },
  'export-payments-filtered': {
    argv: () => ['export', 'payments', ...PERIOD, '--status', 'completed', '--direction', 'user_to_app', '--min', '1', '--max', '1000', '--search', 'a', '--chain-check', 'verified', '--refunded', '--out', 'payments.csv', '--force', '--json', ...local()],
    check: (r) => {
      const manifest = json<{ filters: Record<string, unknown> | null; rowCount: number }>(r.stdout)
      expect(manifest.filters).not.toBeNull()
      expect(Object.keys(manifest.filters ?? {}).length).toBeGreaterThanOrEqual(5)
    }
  },
  'export-refunds': {
    argv: () => ['export', 'refunds', ...PERIOD, '--out', 'payments.csv', '--force', '--json', ...local()],
    check: (r) => expect(json<{ schema: { id: string } }>(r.stdout).schema.id).toBe('refunds/1')
  },
  'export-fees': {
    argv: () => ['export', 'fees', ...PERIOD, '--out', 'fees.csv', '--force', '--json', ...local()],
    check: (r) => expect(json<{ rowCount: number }>(r.stdout).rowCount).toBeGreaterThan(0)
  },
  'export-audit': {
    argv: () => ['export', 'audit', ...PERIOD, '--out', 'audit.csv', '--force', '--json', ...local()],
    check: (r) => expect(json<{ rowCount: number }>(r.stdout).rowCount).toBeGreaterThan(0)
  },
  'export-reconciliation': {
    argv: () => ['export', 'reconciliation', ...PERIOD, '--out', 'reconciliation.csv', '--force', '--json', ...local()],
    check: (r) => expect(json<{ rowCount: number }>(r.stdout).rowCount).toBeGreaterThan(0)
  },
  // #13 item 3: verify takes the connection options like every command, and ignores them.
  'verify-json-with-connection': {
    argv: (f) => ['export', 'verify', 'fees.csv.manifest.json', '--json', ...conn(f), '--wallet', f.wallet],
    check: (r) => expect(json<{ ok: boolean }>(r.stdout).ok).toBe(true)
  },
  // Issue 19: invoices, in Pi and in fiat (the sandbox's CoinGecko-format rate source), then listed, shown, cancelled.
  'invoice-create-all-options': {
    argv: (f) => ['invoice', 'create', '--amount', '1.5', '--memo', 'OPTIONS-1', '--order', 'A-9', '--expires-in', '30', '--json', ...conn(f), '--wallet', f.wallet],
    check: (r, f) => {
      const made = json<{ id: string; status: string; amount: string; memo: string; order: string; uri: string }>(r.stdout)
      expect(made).toMatchObject({ status: 'new', amount: '1.5000000', memo: 'OPTIONS-1', order: 'A-9' })
      expect(made.uri).toBe(`web+stellar:pay?destination=${f.wallet}&amount=1.5&memo=OPTIONS-1&memo_type=MEMO_TEXT`)
      f.invoice = made.id
    }
  },
  'invoice-create-fiat': {
    argv: (f) => ['invoice', 'create', '--fiat', '2.50', '--currency', 'USD', ...conn(f), '--wallet', f.wallet],
    check: (r) => expect(r.stdout).toMatch(/^Invoice inv_\w{20}: Waiting for payment \(new\)\n {2}Amount: {3}\d+\.\d{7} Pi \(2\.50 USD at [\d.]+ PI\/USD, /)
  },
  'invoice-list-status-json': {
    argv: () => ['invoice', 'list', '--status', 'new', '--json', ...local()],
    check: (r) => expect(json<{ items: { status: string }[] }>(r.stdout).items.map((item) => item.status)).toEqual(['new', 'new'])
  },
  'invoice-show-json': {
    argv: (f) => ['invoice', 'show', f.invoice, '--json', ...local()],
    check: (r, f) => expect(json<{ id: string; events: { kind: string }[] }>(r.stdout)).toMatchObject({ id: f.invoice, events: [{ kind: 'created' }] })
  },
  'invoice-cancel': {
    argv: (f) => ['invoice', 'cancel', f.invoice, ...local()],
    check: (r, f) => expect(r.stdout).toMatch(new RegExp(`^Invoice ${f.invoice} cancelled by `))
  },
  'export-invoices': {
    argv: () => ['export', 'invoices', ...PERIOD, '--out', 'invoices.csv', '--force', '--json', ...local()],
    check: (r) => expect(json<{ rowCount: number; schema: { id: string } }>(r.stdout)).toMatchObject({ rowCount: 2, schema: { id: 'invoices/1' } })
  },
  // Issue 19: the gateway's options, parsed and checked before it listens; the port is the sandbox's, so it stops there.
  'gateway-port-in-use': {
    argv: (f) => ['gateway', '--host', '127.0.0.1', '--port', f.platformPort, '--allow', '127.0.0.1,10.0.0.0/8', ...conn(f)],
    env: { MERCHANT_DESK_GATEWAY_TOKEN: 'options-test-token-0123456789' },
    check: (r, f) => {
      expect(r.code).toBe(1)
      expect(r.stderr).toBe(`merchant-desk: Port ${f.platformPort} on 127.0.0.1 is already in use (another gateway, or another program). Stop that program, or choose another port (--port N; 0 picks a free one) and start the gateway again.\n`)
    }
  },
  // Last: the ledger every case above filled (refunds, payouts, audit, reconciliation, exports, invoices), moved into a new file.
  'db-copy-json': {
    argv: () => ['db', 'copy', '--from', db(), '--to', 'team.sqlite', '--json'],
    check: (r) => {
      const report = json<{ mismatches: string[]; audit: { target: { ok: boolean; entries: number } }; tables: { table: string; targetRows: string }[] }>(r.stdout)
      expect(report.mismatches).toEqual([])
      expect(report.audit.target.ok).toBe(true)
      expect(report.audit.target.entries).toBeGreaterThan(0)
      expect(report.tables.find((table) => table.table === 'payouts')?.targetRows).toBe('2')
    }
  },
  // Issue 18, after the copy: from here on the ledger has people, and each case names who acts.
  'people-add-owner': {
    argv: () => ['people', 'add', 'Ana', '--role', 'owner', ...local()],
    env: { MERCHANT_DESK_NEW_SECRET: ANA.MERCHANT_DESK_USER_SECRET },
    check: (r) => expect(r.stdout).toMatch(/^Added Ana as owner\.\n/)
  },
  'people-add-staff': {
    argv: () => ['people', 'add', 'Sam', '--role', 'staff', ...local()],
    env: { ...ANA, MERCHANT_DESK_NEW_SECRET: SAM.MERCHANT_DESK_USER_SECRET },
    check: (r) => expect(r.stdout).toBe('Added Sam as staff.\n')
  },
  'people-list-json': {
    argv: () => ['people', 'list', '--json', ...local()],
    env: SAM,
    check: (r) => expect(json<{ items: { name: string; role: string }[] }>(r.stdout).items.map((p) => `${p.name} ${p.role}`)).toEqual(['Ana owner', 'Sam staff'])
  },
  'policy-set-all-options': {
    argv: () => ['policy', 'set', '--role', 'staff', '--max-refund', '0.1', '--daily-limit', 'none', '--window-days', '30', '--require-reason', '--approval-above', '0', '--approval-valid-hours', '2', '--json', ...local()],
    env: ANA,
    check: (r) => {
      const view = json<{ approvalValidHours: number; roles: { role: string; maxRefund: string | null; dailyLimit: string | null; windowDays: number | null; requireReason: boolean; approvalAbove: string | null; setBy: string | null }[] }>(r.stdout)
      expect(view.approvalValidHours).toBe(2)
      expect(view.roles.find((role) => role.role === 'staff')).toMatchObject({ maxRefund: '0.1000000', dailyLimit: null, windowDays: 30, requireReason: true, approvalAbove: '0.0000000', setBy: 'Ana' })
    }
  },
  'policy-set-no-require-reason': {
    argv: () => ['policy', 'set', '--role', 'staff', '--no-require-reason', ...local()],
    env: ANA,
    check: (r) => expect(r.stdout).toMatch(/Staff \(set by Ana\):\n {2}Refunds above 0\.1000000 Pi need approval\.\n(.*\n)* {2}A reason code is enough\.\n/)
  },
  'policy-show-json': {
    argv: () => ['policy', 'show', '--json', ...local()],
    env: SAM,
    check: (r) => expect(json<{ roles: { role: string; requireReason: boolean }[] }>(r.stdout).roles.find((role) => role.role === 'staff')?.requireReason).toBe(false)
  },
  'refund-waits-for-approval': {
    argv: (f) => ['refund', f.sale, '--amount', '0.2', '--reason', 'damaged', '--yes', '--json', ...conn(f)],
    env: SAM,
    check: (r, f) => {
      expect(r.code).toBe(4)
      const request = json<{ id: number; state: string; requestedBy: string }>(r.stdout)
      expect(request).toMatchObject({ state: 'open', requestedBy: 'Sam' })
      f.refundRequest = String(request.id)
    }
  },
  'payout-waits-for-approval': {
    argv: (f) => ['payout', f.buyer, '--amount', '0.25', '--memo', 'Thank you', '--yes', ...conn(f)],
    env: SAM,
    check: (r, f) => {
      expect(r.code).toBe(4)
      expect(r.stdout).toMatch(/^Waiting for approval: request \d+, payout of 0\.2500000 Pi to buyer /)
      f.payoutRequest = /request (\d+)/.exec(r.stdout)?.[1] ?? ''
    }
  },
  'requests-all-json': {
    argv: () => ['requests', '--all', '--json', ...local()],
    env: ANA,
    check: (r) => expect(json<{ items: { kind: string; state: string }[] }>(r.stdout).items.map((item) => `${item.kind} ${item.state}`)).toEqual(['payout open', 'refund open'])
  },
  'requests-deny-note-json': {
    argv: (f) => ['requests', 'deny', f.payoutRequest, '--note', 'not this week', '--json', ...local()],
    env: ANA,
    check: (r) => expect(json<{ state: string; decidedBy: string; decisionNote: string }>(r.stdout)).toMatchObject({ state: 'denied', decidedBy: 'Ana', decisionNote: 'not this week' })
  },
  'requests-approve-note-json': {
    argv: (f) => ['requests', 'approve', f.refundRequest, '--note', 'checked', '--json', ...conn(f)],
    env: ANA,
    check: (r) => {
      const result = json<{ request: { state: string; decidedBy: string; requestedBy: string }; payout: { kind: string; state: string; amount: string } }>(r.stdout)
      expect(result.request).toMatchObject({ state: 'paid', decidedBy: 'Ana', requestedBy: 'Sam' })
      expect(result.payout).toMatchObject({ kind: 'refund', state: 'completed' })
    }
  }
}

const own = (...cases: [string, string][]) => Object.fromEntries(cases)
const EXPORT_PERIOD_OPTIONS = (name: string) => own(['--from', name], ['--to', name], ['--tz', name], ['--out', name], ['--force', name], ['--json', name])

/** command x option -> case. `merchant-desk` is the program: the connection options, global. */
const OPTIONS: Record<string, Record<string, string>> = {
  'merchant-desk': own(['--db', 'sync-json'], ['--network', 'sync-json'], ['--platform-url', 'sync-json'], ['--horizon-url', 'sync-json'], ['--wallet', 'sync-json']),
  sandbox: own(['--port', 'sandbox-port-in-use'], ['--payments', 'sandbox-start'], ['--seed', 'sandbox-start'], ['--idle-minutes', 'sandbox-start'], ['--orders', 'sandbox-start'], ['--stop', 'sandbox-stop']),
  sync: own(['--json', 'sync-json']),
  payments: {},
  'payments track': own(['--file', 'track-file-json'], ['--json', 'track-file-json']),
  'payments list': {
    ...Object.fromEntries(['--status', '--direction', '--from', '--to', '--min', '--max', '--search', '--chain-check', '--sort', '--limit', '--json'].map((flag) => [flag, 'list-filtered'])),
    '--refunded': 'list-refunded-all',
    '--all': 'list-refunded-all'
  },
  'payments show': own(['--json', 'show-json']),
  queue: own(['--refresh', 'queue-refresh-json'], ['--json', 'queue-refresh-json']),
  approve: own(['--json', 'approve-json']),
  complete: own(['--json', 'complete-txid-json'], ['--txid', 'complete-txid-json']),
  cancel: own(['--json', 'cancel-json']),
  audit: own(['--verify', 'audit-verify-json'], ['--json', 'audit-verify-json'], ['--limit', 'audit-payment-limit-json'], ['--payment', 'audit-payment-limit-json']),
  refund: own(['--amount', 'refund-all-options'], ['--reason', 'refund-all-options'], ['--memo', 'refund-all-options'], ['--yes', 'refund-all-options'], ['--json', 'refund-all-options']),
  payout: own(['--amount', 'payout-all-options'], ['--memo', 'payout-all-options'], ['--yes', 'payout-all-options'], ['--json', 'payout-all-options']),
  payouts: own(['--json', 'payouts-json']),
  'payouts resume': own(['--json', 'resume-json']),
  'payouts cancel': own(['--json', 'payouts-cancel-json']),
  export: {},
  'export payments': {
    ...EXPORT_PERIOD_OPTIONS('export-payments-filtered'),
    ...Object.fromEntries(['--status', '--direction', '--min', '--max', '--search', '--chain-check', '--refunded'].map((flag) => [flag, 'export-payments-filtered']))
  },
  'export refunds': EXPORT_PERIOD_OPTIONS('export-refunds'),
  'export fees': EXPORT_PERIOD_OPTIONS('export-fees'),
  'export audit': EXPORT_PERIOD_OPTIONS('export-audit'),
  'export reconciliation': EXPORT_PERIOD_OPTIONS('export-reconciliation'),
  'export invoices': EXPORT_PERIOD_OPTIONS('export-invoices'),
  'export verify': own(['--json', 'verify-json-with-connection']),
  reconcile: {
    ...Object.fromEntries(['--from', '--to', '--tz', '--incomplete-hours', '--json'].map((flag) => [flag, 'reconcile-all-options'])),
    '--no-sync': 'reconcile-all-options'
  },
  db: {},
  gateway: own(['--host', 'gateway-port-in-use'], ['--port', 'gateway-port-in-use'], ['--allow', 'gateway-port-in-use']),
  'db copy': own(['--from', 'db-copy-json'], ['--to', 'db-copy-json'], ['--json', 'db-copy-json']),
  people: {},
  'people add': own(['--role', 'people-add-owner']),
  'people list': own(['--json', 'people-list-json']),
  'people remove': {},
  // A team ledger's logins: no options of its own (test/cli/people-logins.test.ts types it against PostgreSQL).
  'people grant-login': {},
  policy: {},
  'policy show': own(['--json', 'policy-show-json']),
  'policy set': {
    ...Object.fromEntries(['--role', '--max-refund', '--daily-limit', '--window-days', '--require-reason', '--approval-above', '--approval-valid-hours', '--json'].map((flag) => [flag, 'policy-set-all-options'])),
    '--no-require-reason': 'policy-set-no-require-reason'
  },
  requests: own(['--all', 'requests-all-json'], ['--json', 'requests-all-json']),
  postbacks: own(['--json', 'postbacks-json']),
  'postbacks redeliver': own(['--json', 'postbacks-redeliver-json']),
  'requests approve': own(['--note', 'requests-approve-note-json'], ['--json', 'requests-approve-note-json']),
  'requests deny': own(['--note', 'requests-deny-note-json'], ['--json', 'requests-deny-note-json']),
  invoice: {},
  'invoice create': {
    ...Object.fromEntries(['--amount', '--memo', '--order', '--expires-in', '--json'].map((flag) => [flag, 'invoice-create-all-options'])),
    '--fiat': 'invoice-create-fiat',
    '--currency': 'invoice-create-fiat'
  },
  'invoice list': own(['--status', 'invoice-list-status-json'], ['--json', 'invoice-list-status-json']),
  'invoice show': own(['--json', 'invoice-show-json']),
  'invoice cancel': {}
}

function commands(program: Command): Map<string, Command> {
  const all = new Map<string, Command>([['merchant-desk', program]])
  const walk = (command: Command, path: string[]) => {
    for (const sub of command.commands) {
      const subPath = [...path, sub.name()]
      all.set(subPath.join(' '), sub)
      walk(sub, subPath)
    }
  }
  walk(program, [])
  return all
}

const PLACEHOLDERS: Found = {
  platformUrl: 'http://p',
  horizonUrl: 'http://h',
  platformPort: '1',
  wallet: 'G',
  sale: 'SALE',
  buyer: 'BUYER',
  paid: 'PAID',
  paidTxid: 'TX',
  refundRequest: '1',
  payoutRequest: '2',
  invoice: 'inv_1',
  postback: '1'
}

describe('the table of command x option', () => {
  it('lists every option of every command, and only those, each with a case that passes it', () => {
    const program = buildProgram()
    const actual = commands(program)
    expect([...actual.keys()].sort()).toEqual(Object.keys(OPTIONS).sort())
    for (const [path, command] of actual) {
      const flags = command.options.map((option) => option.long ?? option.short ?? '').filter((flag) => flag !== '--help')
      expect(flags.sort(), `${path}: an option without a case in OPTIONS (or a case for an option that is gone)`).toEqual(Object.keys(OPTIONS[path] ?? {}).sort())
      for (const [flag, caseName] of Object.entries(OPTIONS[path] ?? {})) {
        const argv = CASES[caseName]?.argv(PLACEHOLDERS)
        expect(argv, `${path} ${flag}: case ${caseName}`).toBeDefined()
        expect(argv, `${path} ${flag}: case ${caseName} passes it`).toContain(flag)
        if (path !== 'merchant-desk') expect(argv!.slice(0, path.split(' ').length).join(' '), `case ${caseName} runs ${path}`).toBe(path)
      }
    }
  })

  it('declares no option value variadic, and shows the connection options and an example in every --help', () => {
    const program = buildProgram()
    expect(program.options.map((option) => option.long)).toEqual([...CONNECTION_OPTIONS])
    for (const [path, command] of commands(program)) {
      for (const option of command.options) expect(option.variadic, `${path} ${option.flags}`).toBe(false)
      let help = ''
      command.configureOutput({ writeOut: (text) => (help += text) })
      command.outputHelp()
      for (const flag of CONNECTION_OPTIONS) expect(help, `${path} --help lists ${flag}`).toContain(flag)
      expect(help, `${path} --help has an example`).toMatch(/\nExamples:\n {2}\$ merchant-desk /)
    }
  })
})

function cli(argv: string[], as: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn('node', [CLI, ...argv], { cwd: dir, env: { ...env, ...as }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.once('error', fail)
    child.once('close', (code) => done({ code: code ?? -1, stdout, stderr }))
  })
}

describe('every option, in a real process', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'md-options-'))
    env = { ...process.env, MERCHANT_DESK_DATA_DIR: join(dir, 'data'), PI_API_KEY: '', PI_WALLET_SEED: '', MERCHANT_DESK_DEBUG: '', MERCHANT_DESK_USER: '', MERCHANT_DESK_USER_SECRET: '', MERCHANT_DESK_NEW_SECRET: '', MERCHANT_DESK_POSTBACK_SECRET: '', MERCHANT_DESK_POSTBACK_URL: 'http://127.0.0.1:9/postbacks' }
    // The first case is the sandbox itself, kept running for the others.
    sandbox = spawn('node', [CLI, ...CASES['sandbox-start']!.argv(found)], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] })
    const line = await new Promise<string>((done, fail) => {
      let out = ''
      sandbox?.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        if (out.includes('\n')) done(out.split('\n')[0] ?? '')
      })
      sandbox?.once('close', (code) => fail(new Error(`the sandbox ended (${code})`)))
    })
    const printed = json<{ platformUrl: string; horizonUrl: string; apiKey: string; appWalletPublicKey: string; appWalletSeed: string }>(line)
    Object.assign(found, { platformUrl: printed.platformUrl, horizonUrl: printed.horizonUrl, wallet: printed.appWalletPublicKey })
    found.platformPort = new URL(printed.platformUrl).port
    env = { ...env, PI_API_KEY: printed.apiKey, PI_WALLET_SEED: printed.appWalletSeed }
  }, 120_000)

  afterAll(() => {
    sandbox?.kill('SIGTERM')
    if (dir && existsSync(dir)) rmSync(dir, { recursive: true, force: true })
  })

  it('runs each case with its options and gets what they promise', async () => {
    CASES['sandbox-start']!.check({ code: 0, stdout: '', stderr: '' }, found)
    for (const [name, testCase] of Object.entries(CASES)) {
      if (name === 'sandbox-start') continue
      if (name === 'list-filtered') pickSale()
      const result = await cli(testCase.argv(found), testCase.env)
      expect(result.stderr, name).not.toMatch(/something went wrong/)
      const expectsFailure = ['sandbox-port-in-use', 'approve-json', 'cancel-json', 'payouts-cancel-json', 'reconcile-all-options', 'refund-waits-for-approval', 'payout-waits-for-approval', 'postbacks-redeliver-json', 'gateway-port-in-use'].includes(name)
      if (!expectsFailure) expect(result.code, `${name}: ${result.stderr}`).toBe(0)
      testCase.check(result, found)
    }
  }, 600_000)
})

/** A completed, verified sale of a buyer with no open payout, and that buyer: from the synced ledger. */
function pickSale(): void {
  const store = openDatabase(db(), { readonly: true })
  try {
    const row = store.sqlite
      .prepare(
        `SELECT identifier, user_uid FROM payments p WHERE network_id = 'sandbox' AND direction = 'user_to_app' AND status = 'completed'
           AND chain_check = 'verified' AND amount_stroops >= 10000000
           AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.refund_of = p.identifier)
           AND NOT EXISTS (SELECT 1 FROM payments o WHERE o.user_uid = p.user_uid AND o.direction = 'app_to_user' AND o.status NOT IN ('completed', 'cancelled'))
         ORDER BY created_at DESC LIMIT 1`
      )
      .get() as { identifier: string; user_uid: string }
    found.sale = row.identifier
    found.buyer = row.user_uid
  } finally {
    store.close()
  }
}
