// `merchant-desk invoice ...` typed as a person types it, in real processes, against a sandbox
// (started by this test, as `merchant-desk sandbox` would be): an invoice is made, a sandbox buyer
// pays it with a real signed transaction, `sync` settles it, and `invoice show` says it is paid.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type RunningSandbox } from '../../src/sandbox'
import { payInvoice } from '../../src/sandbox/buyer'
import { parseHorizonAmount } from '../../src/shared/money'

const run = promisify(execFile)
let dir: string
let env: NodeJS.ProcessEnv
let sandbox: RunningSandbox

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const connection = ['--network', 'sandbox', '--platform-url', sandbox.platformUrl, '--horizon-url', sandbox.horizonUrl, '--db', join(dir, 'shop.sqlite'), '--wallet', sandbox.appWallet.publicKey]
  try {
    const { stdout, stderr } = await run('node', ['bin/merchant-desk.js', ...args, ...connection], { env, timeout: 60_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

interface Shown {
  id: string
  status: string
  amount: string
  received: string
  memo: string
  address: string
  expiresAt: string
  payments: { txHash: string }[]
}

beforeAll(async () => {
  sandbox = await startSandbox({ ledgerIntervalMs: 0 })
  dir = mkdtempSync(join(tmpdir(), 'md-invoice-cli-'))
  env = { ...process.env, MERCHANT_DESK_DATA_DIR: join(dir, 'data'), PI_API_KEY: sandbox.apiKey, PI_WALLET_SEED: '', MERCHANT_DESK_USER: '', MERCHANT_DESK_USER_SECRET: '', MERCHANT_DESK_RATE_URL: '' }
}, 60_000)

afterAll(async () => {
  await sandbox?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('merchant-desk invoice', () => {
  it('creates an invoice a buyer pays; sync settles it; show says paid, with the transaction', async () => {
    const created = await cli('invoice', 'create', '--amount', '12.5', '--order', 'A-1001', '--json')
    expect(created.code, created.stderr).toBe(0)
    const invoice = JSON.parse(created.stdout) as Shown
    expect(invoice).toMatchObject({ status: 'new', amount: '12.5000000', address: sandbox.appWallet.publicKey })

    const [buyer] = sandbox.buyers
    const paid = payInvoice(buyer!, { address: invoice.address, amount: parseHorizonAmount(invoice.amount), memo: invoice.memo }, 'exact')
    expect(paid.transfers[0]?.outcome.kind).toBe('applied')

    const synced = await cli('sync')
    expect(synced.code, synced.stderr).toBe(0)
    const shown = await cli('invoice', 'show', invoice.id)
    expect(shown.stdout).toMatch(new RegExp(`^Invoice ${invoice.id}: Paid \\(paid\\)\\n`))
    expect(shown.stdout).toContain(`Received: 12.5000000 Pi`)
    expect(shown.stdout).toContain(`(tx ${paid.transfers[0]?.hash})`)
    const json = JSON.parse((await cli('invoice', 'show', invoice.id, '--json')).stdout) as Shown
    expect(json).toMatchObject({ status: 'paid', received: '12.5000000', payments: [{ txHash: paid.transfers[0]?.hash }] })
    const listed = await cli('invoice', 'list', '--status', 'paid')
    expect(listed.stdout).toMatch(new RegExp(`^${invoice.id}  Paid +12\\.5000000 of 12\\.5000000 Pi  memo ${invoice.memo}  order A-1001  `))
  }, 180_000)

  it('makes a fiat invoice at the rate source of the moment, and refuses a stale or missing one', async () => {
    const fiat = await cli('invoice', 'create', '--fiat', '10', '--currency', 'usd', '--json')
    expect(fiat.code, fiat.stderr).toBe(0)
    expect(JSON.parse(fiat.stdout)).toMatchObject({ amount: '31.8268619', fiat: { amount: '10', currency: 'USD', rate: '0.3142', pair: 'PI/USD' } })
    sandbox.rates.setAge(30 * 60_000)
    const stale = await cli('invoice', 'create', '--fiat', '10', '--currency', 'USD')
    expect(stale.code).toBe(1)
    expect(stale.stderr).toMatch(/^merchant-desk: The rate of Pi in USD from .* is 30 minutes old .* Nothing was saved\.\n$/)
    sandbox.rates.reset()
    sandbox.rates.setOutage('html')
    const down = await cli('invoice', 'create', '--fiat', '10', '--currency', 'USD')
    expect(down.stderr).toMatch(/^merchant-desk: The rate source \(.*\) answered HTTP 502, so no fiat invoice can be made now\./)
    sandbox.rates.reset()
  }, 180_000)

  it('refuses bad input with one line on stderr and a non-zero exit, saving nothing', async () => {
    const before = JSON.parse((await cli('invoice', 'list', '--json')).stdout) as { items: unknown[] }
    for (const [args, message] of [
      [['--amount', '1.00000001'], /at most 7 decimals/],
      [['--amount', '0'], /more than 0 Pi/],
      [['--amount', '-2'], /cannot be negative/],
      [['--amount', '1', '--fiat', '2', '--currency', 'USD'], /either --amount in Pi, or --fiat with --currency, not both/],
      [['--fiat', '2'], /--fiat and --currency go together/],
      [['--fiat', '2', '--currency', 'XYZ'], /not a currency code/],
      [['--amount', '1', '--memo', 'A'.repeat(29)], /at most 28 bytes/],
      [['--amount', '1', '--expires-in', '0'], /at least 1/]
    ] as const) {
      const refused = await cli('invoice', 'create', ...args)
      expect(refused.code, args.join(' ')).toBe(1)
      expect(refused.stderr, args.join(' ')).toMatch(message)
      expect(refused.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1)
    }
    await cli('invoice', 'create', '--amount', '1', '--memo', 'TABLE-7')
    const taken = await cli('invoice', 'create', '--amount', '2', '--memo', 'TABLE-7')
    expect(taken.stderr).toMatch(/already has the memo "TABLE-7"/)
    const after = JSON.parse((await cli('invoice', 'list', '--json')).stdout) as { items: unknown[] }
    expect(after.items.length).toBe(before.items.length + 1)
  }, 300_000)

  it('cancels an unpaid invoice, and refuses to cancel a paid one', async () => {
    const open = JSON.parse((await cli('invoice', 'create', '--amount', '3', '--json')).stdout) as Shown
    const cancelled = await cli('invoice', 'cancel', open.id)
    expect(cancelled.stdout).toMatch(new RegExp(`^Invoice ${open.id} cancelled by `))
    const paid = JSON.parse((await cli('invoice', 'list', '--status', 'paid', '--json')).stdout) as { items: Shown[] }
    const refused = await cli('invoice', 'cancel', paid.items[0]!.id)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/refund the payment to the address that paid it instead/)
  }, 180_000)
})
