import { createServer } from 'node:net'
import axios, { type AxiosInstance } from 'axios'
import { Asset, Horizon, Keypair, Memo, Operation, TransactionBuilder } from '@stellar/stellar-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type RunningSandbox } from '../../src/sandbox'
import { formatStroops } from '../../src/sandbox/chain'

function platformClient(sandbox: RunningSandbox): AxiosInstance {
  return axios.create({
    baseURL: sandbox.platformUrl,
    headers: { Authorization: `Key ${sandbox.apiKey}` },
    timeout: 5_000,
    validateStatus: () => true
  })
}

/** Two consecutive free ports, or undefined when the probe loses a race. */
async function freePortPair(): Promise<number | undefined> {
  const listen = (port: number) =>
    new Promise<number | undefined>((resolve) => {
      const server = createServer()
      server.once('error', () => resolve(undefined))
      server.listen(port, '127.0.0.1', () => {
        const address = server.address()
        server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : undefined))
      })
    })
  for (let attempt = 0; attempt < 10; attempt++) {
    const first = await listen(0)
    if (first !== undefined && first < 65_535 && (await listen(first + 1)) !== undefined) return first
  }
  return undefined
}

describe('startSandbox with generated history', () => {
  let sandbox: RunningSandbox
  let api: AxiosInstance
  let horizon: Horizon.Server

  beforeAll(async () => {
    sandbox = await startSandbox({ payments: 1_500, seed: 7, ledgerIntervalMs: 0 })
    api = platformClient(sandbox)
    horizon = new Horizon.Server(sandbox.horizonUrl, { allowHttp: true })
  })
  afterAll(async () => {
    await sandbox.close()
  })

  it('serves both APIs over one ledger, with the app wallet key it prints', async () => {
    expect(sandbox.networkPassphrase).toBe('Pi Testnet')
    expect(Keypair.fromSecret(sandbox.appWallet.seed).publicKey()).toBe(sandbox.appWallet.publicKey)
    const root = await axios.get(sandbox.horizonUrl)
    expect(root.data.network_passphrase).toBe('Pi Testnet')
    const account = await horizon.loadAccount(sandbox.appWallet.publicKey)
    expect(account.balances.find((b) => b.asset_type === 'native')?.balance).toBe(
      formatStroops(sandbox.chain.account(sandbox.appWallet.publicKey)?.balance ?? 0n)
    )
    const id = sandbox.dataset!.manifest.ids.byCategory.completed[0]!
    const payment = (await api.get(`/v2/payments/${id}`)).data
    expect(payment.status.developer_completed).toBe(true)
    expect(payment.transaction._link).toBe(`${sandbox.horizonUrl}/transactions/${payment.transaction.txid}`)
    const tx = (await axios.get(payment.transaction._link)).data
    expect(tx.memo).toBe(id)
  })

  it('lists the in-flight refund as the incomplete server payment, its transaction found on Horizon', async () => {
    const listed = (await api.get('/v2/payments/incomplete_server_payments')).data.incomplete_server_payments
    expect(listed.map((p: { identifier: string }) => p.identifier)).toEqual(sandbox.dataset!.manifest.ids.byCategory.refund_in_flight)
    expect(listed[0].transaction).toBeNull()
    const page = await horizon.payments().forAccount(sandbox.appWallet.publicKey).order('desc').limit(20).join('transactions').call()
    const landed = page.records.find((record) => (record as { transaction_attr?: { memo?: string } }).transaction_attr?.memo === listed[0].identifier)
    expect(landed).toBeDefined()
  })

  it('lets its live buyers pay (U2A) and the app refund them (A2U) with the printed seed', async () => {
    const [alice, bob, carol] = sandbox.buyers
    const started = alice!.startPayment({ amount: 2, memo: 'Tea', metadata: { order: 'live-1' } })
    expect((await api.post(`/v2/payments/${started.identifier}/approve`)).status).toBe(200)
    const { txid } = alice!.submitPayment(started.identifier)
    const completed = await api.post(`/v2/payments/${started.identifier}/complete`, { txid })
    expect(completed.data.status.developer_completed).toBe(true)

    const refund = (await api.post('/v2/payments', { payment: { amount: 2, memo: 'Refund', metadata: { refund_of: started.identifier }, uid: bob!.uid } })).data
    const appWallet = Keypair.fromSecret(sandbox.appWallet.seed)
    const source = await horizon.loadAccount(appWallet.publicKey())
    const tx = new TransactionBuilder(source, { fee: '100000', networkPassphrase: sandbox.networkPassphrase, timebounds: await horizon.fetchTimebounds(180) })
      .addOperation(Operation.payment({ destination: refund.to_address, asset: Asset.native(), amount: '2.0000000' }))
      .addMemo(Memo.text(refund.identifier))
      .build()
    tx.sign(appWallet)
    const submitted = await horizon.submitTransaction(tx)
    const done = await api.post(`/v2/payments/${refund.identifier}/complete`, { txid: submitted.hash })
    expect(done.data.transaction).toMatchObject({ txid: submitted.hash, verified: true })

    const noScope = await api.post('/v2/payments', { payment: { amount: 1, memo: 'x', metadata: { a: 1 }, uid: carol!.uid } })
    expect(noScope.status).toBe(401)
    expect(noScope.data.error).toBe('missing_scope')
  })

  it("refuses the other network's app key on this network's payments", async () => {
    const other = axios.create({ baseURL: sandbox.platformUrl, headers: { Authorization: `Key ${sandbox.otherNetwork.app.apiKey}` }, validateStatus: () => true })
    const id = sandbox.dataset!.manifest.ids.byCategory.completed[1]!
    expect((await other.get(`/v2/payments/${id}`)).status).toBe(404)
    expect(sandbox.otherNetwork.chain.networkPassphrase).toBe('Pi Network')
  })
})

describe('startSandbox: keys, ports and shutdown', () => {
  it('derives the same key and wallet from the same seed, others from another seed', async () => {
    const a = await startSandbox({ seed: 3, ledgerIntervalMs: 0 })
    const b = await startSandbox({ seed: 3, ledgerIntervalMs: 0 })
    const c = await startSandbox({ seed: 4, ledgerIntervalMs: 0 })
    try {
      expect([a.apiKey, a.appWallet]).toEqual([b.apiKey, b.appWallet])
      expect(a.buyers.map((buyer) => buyer.publicKey)).toEqual(b.buyers.map((buyer) => buyer.publicKey))
      expect(c.apiKey).not.toBe(a.apiKey)
      expect(c.appWallet.publicKey).not.toBe(a.appWallet.publicKey)
      expect(a.apiKey).toMatch(/^[0-9a-z]{64}$/)
    } finally {
      await Promise.all([a.close(), b.close(), c.close()])
    }
  })

  it('listens on the given port (Platform) and the next one (Horizon), and frees them on close', async () => {
    const port = await freePortPair()
    if (port === undefined) return expect.fail('no two consecutive free ports on loopback')
    const sandbox = await startSandbox({ port, ledgerIntervalMs: 0 })
    expect(sandbox.platformUrl).toBe(`http://127.0.0.1:${port}`)
    expect(sandbox.horizonUrl).toBe(`http://127.0.0.1:${port + 1}`)
    expect((await platformClient(sandbox).get('/v2/payments/incomplete_server_payments')).data).toEqual({ incomplete_server_payments: [] })
    await sandbox.close()
    await expect(axios.get(`${sandbox.horizonUrl}/`, { timeout: 2_000 })).rejects.toMatchObject({ code: 'ECONNREFUSED' })
  })
})
