import { Account, Asset, Keypair, Memo, Operation, TransactionBuilder } from '@stellar/stellar-sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHorizonClient, HorizonError, type HorizonClient } from '../../../src/main/horizon'
import { drop, html, json, startTestServer, type TestServer } from '../pi/test-server'
import { BUYER, MEMO } from './fixtures'

const wallet = Keypair.random()

function signedEnvelope(passphrase = 'Pi Testnet'): { xdr: string; hash: string } {
  const tx = new TransactionBuilder(new Account(wallet.publicKey(), '41'), { fee: '100000', networkPassphrase: passphrase })
    .addOperation(Operation.payment({ destination: BUYER, asset: Asset.native(), amount: '1.5000000' }))
    .addMemo(Memo.text(MEMO))
    .setTimeout(180)
    .build()
  tx.sign(wallet)
  return { xdr: tx.toEnvelope().toXDR('base64'), hash: tx.hash().toString('hex') }
}

let server: TestServer
let client: HorizonClient

beforeEach(async () => {
  server = await startTestServer()
  client = createHorizonClient({ url: server.url, expectedPassphrase: 'Pi Testnet', submitTimeoutMs: 300, sleep: async () => {} })
})
afterEach(() => server.close())

describe('submitTransaction', () => {
  it('posts the envelope as the tx form field and reports success with hash and ledger', async () => {
    const { xdr, hash } = signedEnvelope()
    server.handle((_req, res) => json(res, 200, { hash, ledger: 812, successful: true, envelope_xdr: xdr }))
    await expect(client.submitTransaction(xdr)).resolves.toEqual({ status: 'success', hash, ledger: 812 })
    const [request] = server.requests
    expect(request?.method).toBe('POST')
    expect(request?.path).toBe('/transactions')
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(new URLSearchParams(request?.body).get('tx')).toBe(xdr)
  })

  it('reports a refusal with its result codes and what they mean', async () => {
    const { xdr, hash } = signedEnvelope()
    server.handle((_req, res) =>
      json(res, 400, {
        type: 'https://stellar.org/horizon-errors/transaction_failed',
        title: 'Transaction Failed',
        status: 400,
        extras: { envelope_xdr: xdr, result_codes: { transaction: 'tx_failed', operations: ['op_underfunded'] }, result_xdr: 'AAAB' }
      })
    )
    const outcome = await client.submitTransaction(xdr)
    expect(outcome).toEqual({
      status: 'failed',
      hash,
      resultCodes: { transaction: 'tx_failed', operations: ['op_underfunded'] },
      resultXdr: 'AAAB',
      message: 'The app wallet does not hold enough Pi for this payout and its fee.'
    })
  })

  it.each([
    ['a 504', (res: Parameters<typeof html>[0]) => json(res, 504, { title: 'Timeout', status: 504 }), 'server_error'],
    ['an HTML 500', (res: Parameters<typeof html>[0]) => html(res, 500), 'server_error'],
    ['a dropped connection', (res: Parameters<typeof html>[0]) => drop(res), 'unreachable'],
    ['a timeout', () => undefined, 'timeout'],
    ['a 429', (res: Parameters<typeof html>[0]) => json(res, 429, {}, { 'Retry-After': '2' }), 'rate_limited'],
    ['a 200 naming another hash', (res: Parameters<typeof html>[0]) => json(res, 200, { hash: 'f'.repeat(64), ledger: 1 }), 'unexpected_answer']
  ])('%s is "unknown" (the transaction may still land), sent exactly once', async (_name, answer, reason) => {
    const { xdr, hash } = signedEnvelope()
    server.handle((_req, res) => answer(res))
    const outcome = await client.submitTransaction(xdr)
    expect(outcome).toMatchObject({ status: 'unknown', hash, reason })
    expect(outcome.status === 'unknown' && outcome.message).toContain('send the same signed transaction again')
    expect(server.requests).toHaveLength(1)
  })

  it('refuses an envelope that does not decode for this network, sending nothing', async () => {
    const error = await client.submitTransaction('not-xdr').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HorizonError)
    expect((error as HorizonError).code).toBe('invalid_envelope')
    expect(server.requests).toHaveLength(0)
  })
})
