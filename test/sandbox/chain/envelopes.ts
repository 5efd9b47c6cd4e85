// Real signed envelopes for the simulator tests, built with stellar-sdk as the app builds them.
import { Account, Asset, type Keypair, Memo, Operation, TransactionBuilder, type Transaction, type xdr } from '@stellar/stellar-sdk'

export const TESTNET = 'Pi Testnet'
export const PI = 10_000_000n
export const BASE_FEE = 100_000

export interface EnvelopeOptions {
  readonly source: Keypair
  /** The account's current sequence; the envelope uses the next one. */
  readonly sequence: bigint
  readonly operations: readonly xdr.Operation[]
  readonly feePerOperation?: number
  readonly memo?: string
  readonly passphrase?: string
  /** Unix seconds; default no expiry. */
  readonly timebounds?: { readonly minTime: number; readonly maxTime: number }
  /** Who signs; default the source. */
  readonly signers?: readonly Keypair[]
}

export function buildTransaction(options: EnvelopeOptions): Transaction {
  let builder = new TransactionBuilder(new Account(options.source.publicKey(), options.sequence.toString()), {
    fee: String(options.feePerOperation ?? BASE_FEE),
    networkPassphrase: options.passphrase ?? TESTNET,
    timebounds: options.timebounds ?? { minTime: 0, maxTime: 0 }
  })
  for (const op of options.operations) builder = builder.addOperation(op)
  if (options.memo !== undefined) builder = builder.addMemo(Memo.text(options.memo))
  const tx = builder.build()
  for (const signer of options.signers ?? [options.source]) tx.sign(signer)
  return tx
}

export function envelope(options: EnvelopeOptions): string {
  return buildTransaction(options).toEnvelope().toXDR('base64')
}

export function pay(to: string, amount: string, source?: string): xdr.Operation {
  return Operation.payment({ destination: to, asset: Asset.native(), amount, ...(source === undefined ? {} : { source }) })
}

export function createAccount(destination: string, startingBalance: string): xdr.Operation {
  return Operation.createAccount({ destination, startingBalance })
}

export function nowSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000)
}
