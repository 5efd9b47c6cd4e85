// `merchant-desk gateway` as a person types it: a real process against a sandbox network (its
// servers reached only over HTTP), one JSON line with the URL once listening, a shop that starts a
// payment over JSON-RPC, a buyer who pays it with a real signed transaction, the gateway's own
// watching that turns status.json to paid, and a clean exit 0 on SIGINT. Without a token, on a
// port in use, or for a person whose role may not change settings, it refuses with one line.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../src/sandbox'
import { Buyer } from '../../src/sandbox/buyer'
import { startTestSandbox } from '../support'

const CLI = resolve('bin/merchant-desk.js')
const TOKEN = 'cli-shop-token-5d1e9a7c3b0f2468'

let sandbox: RunningSandbox
let dir: string
let env: NodeJS.ProcessEnv

beforeAll(async () => {
  sandbox = await startTestSandbox()
  dir = mkdtempSync(join(tmpdir(), 'md-cli-gateway-'))
  env = {
    ...process.env,
    MERCHANT_DESK_DATA_DIR: join(dir, 'data'),
    PI_API_KEY: sandbox.apiKey,
    PI_WALLET_SEED: sandbox.appWallet.seed,
    MERCHANT_DESK_GATEWAY_TOKEN: TOKEN,
    MERCHANT_DESK_GATEWAY_ALLOW: '',
    MERCHANT_DESK_USER: '',
    MERCHANT_DESK_USER_SECRET: '',
    MERCHANT_DESK_DEBUG: ''
  }
}, 60_000)

afterAll(async () => {
  await sandbox?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const connection = (db = 'shop.sqlite') => ['--network', 'sandbox', '--platform-url', sandbox.platformUrl, '--horizon-url', sandbox.horizonUrl, '--db', join(dir, db)]

interface Ended {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/** Starts the command; `line` is its first stdout line (or rejects when it ends first), `ended` its exit. */
function gateway(args: string[], extra: NodeJS.ProcessEnv = {}): { child: ChildProcess; line: Promise<string>; ended: Promise<Ended> } {
  const child = spawn('node', [CLI, 'gateway', ...args], { cwd: dir, env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  const ended = new Promise<Ended>((done) => child.once('close', (code, signal) => done({ code, signal, stdout, stderr })))
  const line = new Promise<string>((done, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      if (stdout.includes('\n')) done(stdout.split('\n')[0] ?? '')
    })
    void ended.then((end) => fail(new Error(`the gateway ended (${end.code}): ${end.stderr}`)))
  })
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return { child, line, ended }
}

function run(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<Ended> {
  return new Promise((done) => {
    const child = spawn('node', [CLI, ...args], { cwd: dir, env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.once('close', (code, signal) => done({ code, signal, stdout, stderr }))
  })
}

async function rpc(url: string, method: string, params: unknown): Promise<{ result?: Record<string, string>; error?: { code: number; message: string } }> {
  const response = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) })
  return (await response.json()) as { result?: Record<string, string>; error?: { code: number; message: string } }
}

describe('merchant-desk gateway', () => {
  it('prints one JSON line with its URL, takes a payment the shop starts, watches it paid, and exits 0 on SIGINT', async () => {
    const started = gateway(['--port', '0', '--wallet', sandbox.appWallet.publicKey, ...connection()])
    try {
      const printed = JSON.parse(await started.line) as { url: string; host: string; port: number; network: string; allow: string[] }
      expect(printed).toMatchObject({ host: '127.0.0.1', network: 'sandbox', allow: ['127.0.0.0/8', '::1'] })
      expect(printed.url).toBe(`http://127.0.0.1:${printed.port}/`)

      const payment = await rpc(printed.url, 'start_payment', { amount: '2.5', order: 'web-991', postback_url: 'https://shop.example/paid' })
      expect(payment.error).toBeUndefined()
      const { id, address, memo, status_url: statusUrl } = payment.result!
      expect(address).toBe(sandbox.appWallet.publicKey)
      expect(statusUrl).toBe(`${printed.url}${id}/status.json`)
      expect(await (await fetch(statusUrl!)).json()).toMatchObject({ id, status: 'new', seen_at: null, paid_at: null, tx_hash: null })

      const buyer = Buyer.create({ platform: sandbox.platform.state, app: sandbox.app, username: 'cli_gateway_buyer' })
      const outcome = buyer.sendTransfer({ to: address!, amount: 25_000_000n, memo: memo! })
      expect(outcome.kind).toBe('applied')
      const hash = outcome.kind === 'applied' ? outcome.transaction.hash : ''
      let status: Record<string, unknown> = {}
      for (let tries = 0; tries < 150 && status.status !== 'paid'; tries += 1) {
        status = (await (await fetch(statusUrl!)).json()) as Record<string, unknown>
        if (status.status !== 'paid') await new Promise((done) => setTimeout(done, 100))
      }
      expect(status).toMatchObject({ status: 'paid', received: '2.5000000', tx_hash: hash })
      expect(status.seen_at).not.toBeNull()
      expect(status.paid_at).not.toBeNull()
      const page = await (await fetch(`${printed.url}${id}`)).text()
      expect(page).toContain('<svg')
      expect(page).toContain('>Paid</p>')
    } finally {
      started.child.kill('SIGINT')
    }
    const end = await started.ended
    expect(end.code, end.stderr).toBe(0)
    expect(end.stdout.trim().split('\n')).toHaveLength(1)
  }, 60_000)

  it('refuses to start without a token, in one line that says how to set one', async () => {
    const end = await run(['gateway', '--port', '0', ...connection('no-token.sqlite')], { MERCHANT_DESK_GATEWAY_TOKEN: '' })
    expect(end.code).toBe(1)
    expect(end.stdout).toBe('')
    expect(end.stderr).toMatch(/^merchant-desk: The gateway needs the shop's token and none is set: set MERCHANT_DESK_GATEWAY_TOKEN to a long random secret/)
    expect(end.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('names a port in use, and a wrong --allow entry', async () => {
    const blocker: Server = createServer()
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done))
    const port = (blocker.address() as { port: number }).port
    try {
      const [inUse, wrongAllow] = await Promise.all([
        run(['gateway', '--port', String(port), ...connection('port.sqlite')]),
        run(['gateway', '--port', '0', '--allow', '10.0.0.0/8,10.0.0.300', ...connection('allow.sqlite')])
      ])
      expect(inUse.code).toBe(1)
      expect(inUse.stderr).toBe(`merchant-desk: Port ${port} on 127.0.0.1 is already in use (another gateway, or another program). Stop that program, or choose another port (--port N; 0 picks a free one) and start the gateway again.\n`)
      expect(wrongAllow.code).toBe(1)
      expect(wrongAllow.stderr).toMatch(/^merchant-desk: "10\.0\.0\.300" is not an IP address or a CIDR range/)
    } finally {
      await new Promise<void>((done) => blocker.close(() => done()))
    }
  })

  it('lets only a person whose role may change settings start it', async () => {
    const db = connection('people.sqlite')
    expect((await run(['people', 'add', 'Ana', '--role', 'owner', ...db], { MERCHANT_DESK_NEW_SECRET: 'ana owner passphrase' })).code).toBe(0)
    const ana = { MERCHANT_DESK_USER: 'Ana', MERCHANT_DESK_USER_SECRET: 'ana owner passphrase' }
    expect((await run(['people', 'add', 'Sam', '--role', 'staff', ...db], { ...ana, MERCHANT_DESK_NEW_SECRET: 'sam-1234' })).code).toBe(0)
    const sam = await run(['gateway', '--port', '0', ...db], { MERCHANT_DESK_USER: 'Sam', MERCHANT_DESK_USER_SECRET: 'sam-1234' })
    expect(sam.code).toBe(1)
    expect(sam.stdout).toBe('')
    expect(sam.stderr).toMatch(/^merchant-desk: .*Sam.*settings/)
  }, 60_000)
})
