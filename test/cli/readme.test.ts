// THE README IS EXECUTABLE. Every command line of the README's "The command line" section (its
// ```sh blocks) runs here as written, through bash, in order, on one database: the first block
// starts `merchant-desk sandbox` in its own process (the servers are reached only through their
// HTTP API, as a real Pi Platform and Horizon would be), the second is the walkthrough. `<...>`
// placeholders are filled as a person would: from the sandbox's JSON line, from what `queue`
// prints, and from the ledger. The sandbox's ports 8700/8701 become two free ones. A README edit
// that breaks a command, or drops one of the steps issue #13 lists, breaks this test.
//
// This is also #13's "done when": sync with --wallet, track, queue, complete, cancel, refund,
// payouts resume, reconcile, export and export verify, each with only the options the README gives.
// The third block (issue 18) goes on on the same ledger: people, the staff policy, a refund that
// waits for approval (exit 4) and a manager's approval that pays it. The fourth (issue 19): invoices
// in Pi and at a fiat price, listed, shown, cancelled, the postbacks list and the invoices export.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/db'

const CLI = resolve('bin/merchant-desk.js')
// `npx merchant-desk` as a person types it, run from this checkout's source.
const NPX_SHIM = `npx() { if [ "$1" = merchant-desk ]; then shift; node ${JSON.stringify(CLI)} "$@"; else command npx "$@"; fi; }`

interface Ran {
  readonly line: string
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

let dir: string
let env: NodeJS.ProcessEnv
let sandboxProcess: ChildProcess | null = null
let connect: { platformUrl: string; horizonUrl: string; apiKey: string; appWalletPublicKey: string; appWalletSeed: string }
let port: number

function cliSection(): string {
  const readme = readFileSync('README.md', 'utf8')
  const start = readme.indexOf('\n## The command line\n')
  expect(start, 'the README has a "The command line" section').toBeGreaterThan(0)
  const end = readme.indexOf('\n## ', start + 5)
  return readme.slice(start, end < 0 ? undefined : end)
}

/** The ```sh blocks of `text`, each as its command lines (a trailing backslash joins lines). */
function shBlocks(text: string): string[][] {
  return [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) =>
    (match[1] ?? '')
      .replace(/\\\n\s*/g, ' ')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
  )
}

async function freePortPair(): Promise<number> {
  for (;;) {
    const candidate = 20_000 + Math.floor(Math.random() * 40_000)
    const free = await Promise.all([candidate, candidate + 1].map((p) => new Promise<boolean>((done) => {
      const server = createServer().once('error', () => done(false))
      server.listen(p, '127.0.0.1', () => server.close(() => done(true)))
    })))
    if (free.every(Boolean)) return candidate
  }
}

const withPorts = (line: string) =>
  line.replaceAll('--port 8700', `--port ${port}`).replaceAll('127.0.0.1:8700', `127.0.0.1:${port}`).replaceAll('127.0.0.1:8701', `127.0.0.1:${port + 1}`)

function bash(script: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn('bash', ['-c', script], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000)
    child.once('error', fail)
    child.once('close', (code) => {
      clearTimeout(timer)
      done({ code: code ?? -1, stdout, stderr })
    })
  })
}

async function startSandboxLine(line: string): Promise<void> {
  sandboxProcess = spawn('bash', ['-c', `${NPX_SHIM}\n${withPorts(line)}`], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  const child = sandboxProcess
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const first = await new Promise<string>((done, fail) => {
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes('\n')) done(out.split('\n')[0] ?? '')
    })
    child.once('close', (code) => fail(new Error(`${line} ended (${code}): ${stderr}`)))
  })
  connect = JSON.parse(first) as typeof connect
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'md-readme-'))
  env = { ...process.env, MERCHANT_DESK_DATA_DIR: join(dir, 'data'), PI_API_KEY: '', PI_WALLET_SEED: '', MERCHANT_DESK_DEBUG: '' }
  port = await freePortPair()
}, 60_000)

afterAll(() => {
  // The sandbox's bash and node: the process group this test started.
  if (sandboxProcess?.pid !== undefined) {
    try {
      process.kill(-sandboxProcess.pid, 'SIGTERM')
    } catch {
      // Already gone.
    }
  }
  rmSync(dir, { recursive: true, force: true })
})

/** What each step must print, by the command's words. */
const PRINTS: Record<string, (ran: Ran, filled: Map<string, string>) => void> = {
  sync: (ran) => expect(ran.stdout).toMatch(/^Sync complete: [1-9]\d* new chain records, [1-9]\d* new and 0 updated payments/),
  'payments track': (ran) => expect(ran.stdout).toMatch(/\ttracked\n/),
  'payments list': (ran) => expect(ran.stdout.trim().split('\n')).toHaveLength(5),
  queue: (ran) => expect(ran.stdout).toMatch(/^\d+ payments wait for you\./),
  complete: (ran, filled) => expect(ran.stdout).toMatch(new RegExp(`^done  ${filled.get('paidNotCompletedPayment')}  completed: `)),
  cancel: (ran, filled) => expect(ran.stdout).toMatch(new RegExp(`^done  ${filled.get('approvedNotPaidPayment')}  cancelled: `)),
  'payments show': (ran, filled) => expect(ran.stdout).toMatch(new RegExp(`^${filled.get('completedSale')}  user_to_app .* completed`)),
  refund: (ran, filled) => expect(ran.stdout).toMatch(new RegExp(`^#1  Refund of ${filled.get('completedSale')}  1\\.5`)),
  payouts: (ran) => expect(ran.stdout).toMatch(/^#1 {2}Refund of /),
  'payouts resume': (ran) => expect(ran.stdout).toBe('Nothing to resume.\n'),
  reconcile: (ran) => expect(ran.stdout).toMatch(/^Reconciliation #1: 2020-01-01 to \d{4}-\d{2}-\d{2} \(UTC\), sandbox, app wallet G/),
  'export payments': (ran) => expect(ran.stdout).toMatch(/^Exported \d+ rows \(payments\/1, 2020-01-01 to 2030-12-31, UTC\)/),
  'export verify': (ran) => expect(ran.stdout).toMatch(/^The export is intact: payments\.csv, \d+ rows/),
  audit: (ran) => expect(ran.stdout).toMatch(/^The audit log is intact: \d+ entries checked\./)
}

/** What each step of the people walkthrough must print. */
const PEOPLE_PRINTS: Record<string, (ran: Ran, filled: Map<string, string>) => void> = {
  'people add': (ran) => expect(ran.stdout).toMatch(/^Added (Ana as owner|Sam as staff|Mia as manager)\.\n/),
  'people list': (ran) => expect(ran.stdout).toMatch(/^Ana {2}owner .*\nMia {2}manager .*\nSam {2}staff /),
  'policy set': (ran) => expect(ran.stdout).toMatch(/Staff \(set by Ana\):\n {2}Refunds above 1\.0000000 Pi need approval\.\n {2}Above 5\.0000000 Pi of refunds a day/),
  refund: (ran, filled) =>
    expect(ran.stdout).toBe(
      `Waiting for approval: request 1, refund of 2.0000000 Pi of payment ${filled.get('anotherSale')}, asked by Sam (2.0000000 Pi is above the 1.0000000 Pi staff may refund at once). Nothing was paid.\n`
    ),
  requests: (ran, filled) => expect(ran.stdout).toMatch(new RegExp(`^#1  open  Refund of 2\\.0000000 Pi of payment ${filled.get('anotherSale')} .*\n  asked by Sam at `)),
  'requests approve': (ran, filled) => expect(ran.stdout).toMatch(new RegExp(`^Request 1 approved by Mia \\(asked by Sam\\):\n#2  Refund of ${filled.get('anotherSale')}  2\\.0000000 Pi  `)),
  audit: (ran, filled) => {
    expect(ran.stdout).toMatch(new RegExp(`  Sam  refund\\.ask_approval  ${filled.get('anotherSale')}  `))
    expect(ran.stdout).toMatch(new RegExp(`  Mia  refund\\.approve  ${filled.get('anotherSale')}  `))
  }
}

/** What each step of the invoices walkthrough must print. */
const INVOICE_PRINTS: Record<string, (ran: Ran, filled: Map<string, string>) => void> = {
  'invoice create': (ran) => expect(ran.stdout).toMatch(/^Invoice inv_\w{20}: Waiting for payment \(new\)\n {2}Amount: {3}(2\.5000000 Pi\n|\d+\.\d{7} Pi \(4\.99 EUR at [\d.]+ PI\/EUR, )/),
  'invoice list': (ran) => expect(ran.stdout).toMatch(/^inv_\w{20} {2}Waiting for payment 0\.0000000 of \d+\.\d{7} Pi .*order SO-2002 .*\ninv_\w{20} {2}Waiting for payment 0\.0000000 of 2\.5000000 Pi .*order SO-2001 /),
  'invoice show': (ran, filled) => expect(ran.stdout).toMatch(new RegExp(`^Invoice ${filled.get('newestInvoice')}: Waiting for payment \\(new\\)\n[^]*Wallet link: web\\+stellar:pay\\?destination=G`)),
  'invoice cancel': (ran, filled) => expect(ran.stdout).toBe(`Invoice ${filled.get('newestInvoice')} cancelled by Mia.\n`),
  postbacks: (ran) => expect(ran.stdout).toMatch(/No postbacks yet\.\n$/),
  'export invoices': (ran) => expect(ran.stdout).toMatch(/^Exported 2 rows \(invoices\/1, 2020-01-01 to 2030-12-31, UTC\)/)
}

/** The steps issue #13 asks to succeed in sequence on one database. */
const DONE_WHEN = ['sync', 'payments track', 'queue', 'complete', 'cancel', 'refund', 'payouts resume', 'reconcile', 'export payments', 'export verify']

function commandWords(line: string, prints: Record<string, unknown> = PRINTS): string {
  const words = line.replace(/^npx merchant-desk /, '').split(/\s+/)
  const two = `${words[0]} ${words[1]}`
  return Object.hasOwn(prints, two) ? two : (words[0] ?? '')
}

describe("the README's command line, run as written", () => {
  it('puts its runnable examples in the command-line section', () => {
    const readme = readFileSync('README.md', 'utf8')
    const elsewhere = readme.replace(cliSection(), '')
    for (const block of shBlocks(elsewhere)) {
      expect(block.filter((line) => line.includes('merchant-desk')), 'a ```sh block outside "The command line" runs merchant-desk: move it there, or mark it ```text').toEqual([])
    }
  })

  it('runs every line of the walkthrough against a sandbox in another process, one database, in order', async () => {
    const blocks = shBlocks(cliSection())
    expect(blocks.length).toBe(4)
    const [sandboxBlock = [], walkthrough = [], peopleWalkthrough = [], invoiceWalkthrough = []] = blocks
    expect(sandboxBlock).toHaveLength(1)
    expect(sandboxBlock[0]).toMatch(/^npx merchant-desk sandbox .*--port 8700/)
    await startSandboxLine(sandboxBlock[0]!)

    const filled = new Map<string, string>()
    const prelude: string[] = []
    const ranCommands: string[] = []
    const run = (line: string) => bash(`${NPX_SHIM}\n${prelude.join('\n')}\n${line}`)
    const fill = async (name: string): Promise<string> => {
      const known = filled.get(name)
      if (known !== undefined) return known
      let value: string | undefined
      if (name === 'apiKey' || name === 'appWalletSeed' || name === 'appWalletPublicKey') value = connect[name]
      if (name === 'paidNotCompletedPayment' || name === 'approvedNotPaidPayment') {
        // As a person would: read the queue, take one it says to complete (or to cancel).
        const queue = await run('npx merchant-desk queue --json $SANDBOX')
        expect(queue.code, queue.stderr).toBe(0)
        const items = (JSON.parse(queue.stdout) as { items: { identifier: string; kind: string; direction: string }[] }).items
        const kind = name === 'paidNotCompletedPayment' ? 'paid_not_completed' : 'approved_not_paid'
        value = items.find((item) => item.kind === kind && item.direction === 'user_to_app')?.identifier
      }
      if (name === 'newestInvoice') {
        // As a person would: the first of `invoice list`, newest first.
        const listed = await run('npx merchant-desk invoice list --json $SANDBOX')
        expect(listed.code, listed.stderr).toBe(0)
        value = (JSON.parse(listed.stdout) as { items: { id: string }[] }).items[0]?.id
      }
      if (name === 'completedSale' || name === 'anotherSale') {
        // A completed sale of at least 2 Pi the chain check verified, not refunded yet, of a buyer with
        // no payout still open at Pi (Pi allows one open app-to-user payment per buyer): from the ledger.
        // Another one, later, is one not refunded by then.
        const store = openDatabase(join(dir, 'shop.sqlite'), { readonly: true })
        value = store.sqlite
          .prepare(
            `SELECT identifier FROM payments p WHERE network_id = 'sandbox' AND direction = 'user_to_app' AND status = 'completed'
               AND chain_check = 'verified' AND amount_stroops >= 20000000
               AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.refund_of = p.identifier)
               AND NOT EXISTS (SELECT 1 FROM payments o WHERE o.user_uid = p.user_uid AND o.direction = 'app_to_user'
                                 AND o.status NOT IN ('completed', 'cancelled'))
             ORDER BY created_at DESC LIMIT 1`
          )
          .pluck()
          .get() as string | undefined
        store.close()
      }
      expect(value, `the README's <${name}> is one this test knows how to fill`).toBeDefined()
      filled.set(name, value!)
      return value!
    }

    const runBlock = async (lines: readonly string[], prints: Record<string, (ran: Ran, filled: Map<string, string>) => void>) => {
      for (const written of lines) {
        let line = withPorts(written)
        for (const [placeholder, name] of [...line.matchAll(/<([A-Za-z]+)>/g)].map((m) => [m[0], m[1]!] as const)) {
          line = line.replaceAll(placeholder, await fill(name))
        }
        if (/^(export\s+)?[A-Z_][A-Z0-9_]*=/.test(line)) {
          prelude.push(line)
          continue
        }
        expect(line, 'every command line of the walkthrough runs merchant-desk').toMatch(/^npx merchant-desk /)
        const expectedCode = Number(/#\s*exit (\d+)/.exec(line)?.[1] ?? 0)
        const result = await run(line)
        const ran: Ran = { line: written, ...result }
        expect(ran.code, `${written}\n${ran.stderr}`).toBe(expectedCode)
        expect(ran.stderr).not.toMatch(/something went wrong/)
        const words = commandWords(line, prints)
        prints[words]?.(ran, filled)
        ranCommands.push(words)
      }
    }
    await runBlock(walkthrough, PRINTS)

    for (const step of DONE_WHEN) expect(ranCommands, `the walkthrough runs \`merchant-desk ${step}\``).toContain(step)
    expect(walkthrough.find((line) => line.startsWith('npx merchant-desk sync'))).toMatch(/--wallet /)

    // What a merchant cares about, in the ledger and on the chain (read over Horizon's HTTP API).
    const store = openDatabase(join(dir, 'shop.sqlite'), { readonly: true })
    try {
      const status = (id: string) => store.sqlite.prepare('SELECT status FROM payments WHERE identifier = ?').pluck().get(id)
      expect(status(filled.get('paidNotCompletedPayment')!)).toBe('completed')
      expect(status(filled.get('approvedNotPaidPayment')!)).toBe('cancelled')
      const refund = store.sqlite.prepare('SELECT state, amount_stroops, txid, refund_of FROM payouts').all() as { state: string; amount_stroops: bigint; txid: string; refund_of: string }[]
      expect(refund).toEqual([{ state: 'completed', amount_stroops: 15_000_000n, txid: expect.stringMatching(/^[0-9a-f]{64}$/), refund_of: filled.get('completedSale') }])
      const onChain = (await (await fetch(`${connect.horizonUrl}/transactions/${refund[0]!.txid}`)).json()) as { successful: boolean; source_account: string; memo: string }
      expect(onChain).toMatchObject({ successful: true, source_account: connect.appWalletPublicKey })
      const runs = store.sqlite.prepare('SELECT count(*) FROM reconciliation_runs').pluck().get()
      expect(runs).toBe(1n)
    } finally {
      store.close()
    }

    // Issue 18: people, a request above the staff policy, and the manager's approval that paid it once.
    const before = ranCommands.length
    await runBlock(peopleWalkthrough, PEOPLE_PRINTS)
    expect(ranCommands.slice(before)).toEqual(['people add', 'people add', 'people add', 'people list', 'policy set', 'refund', 'requests', 'requests approve', 'audit'])
    const after = openDatabase(join(dir, 'shop.sqlite'), { readonly: true })
    try {
      const request = after.sqlite.prepare('SELECT state, requested_by, decided_by, payout_id, refund_of FROM approval_requests').all()
      expect(request).toEqual([{ state: 'paid', requested_by: 'Sam', decided_by: 'Mia', payout_id: 2n, refund_of: filled.get('anotherSale') }])
      const paid = after.sqlite.prepare('SELECT state, amount_stroops, requested_by, txid FROM payouts WHERE id = 2').get() as { state: string; amount_stroops: bigint; requested_by: string; txid: string }
      expect(paid).toMatchObject({ state: 'completed', amount_stroops: 20_000_000n, requested_by: 'Sam' })
      const onChain = (await (await fetch(`${connect.horizonUrl}/transactions/${paid.txid}`)).json()) as { successful: boolean; source_account: string }
      expect(onChain).toMatchObject({ successful: true, source_account: connect.appWalletPublicKey })
    } finally {
      after.close()
    }

    // Issue 19: invoices at the counter, made by the manager, one cancelled, and the accountant's report.
    const beforeInvoices = ranCommands.length
    await runBlock(invoiceWalkthrough, INVOICE_PRINTS)
    expect(ranCommands.slice(beforeInvoices)).toEqual(['invoice create', 'invoice create', 'invoice list', 'invoice show', 'invoice cancel', 'postbacks', 'export invoices'])
    const books = openDatabase(join(dir, 'shop.sqlite'), { readonly: true })
    try {
      const invoices = books.sqlite.prepare('SELECT id, status, amount_stroops, fiat_amount, fiat_currency, rate_pair, created_by, cancelled_by FROM invoices ORDER BY created_at').all()
      expect(invoices).toEqual([
        { id: expect.stringMatching(/^inv_/), status: 'new', amount_stroops: 25_000_000n, fiat_amount: null, fiat_currency: null, rate_pair: null, created_by: 'Mia', cancelled_by: null },
        { id: filled.get('newestInvoice'), status: 'cancelled', amount_stroops: expect.any(BigInt), fiat_amount: '4.99', fiat_currency: 'EUR', rate_pair: 'PI/EUR', created_by: 'Mia', cancelled_by: 'Mia' }
      ])
      const csv = readFileSync(join(dir, 'invoices.csv'), 'utf8')
      expect(csv).toContain('SO-2001')
      expect(csv).toContain('PI/EUR')
    } finally {
      books.close()
    }
  }, 600_000)
})
