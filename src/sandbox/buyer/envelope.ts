// Real signed envelopes for the simulated ledger, built the way Pi's wallets and SDKs build them:
// Pi's base fee of 0.01 Pi per operation, the whole 28-byte text memo for the payment identifier,
// timebounds taken from the ledger's clock (minTime 0, so local clock skew never makes it too early).
import { Account, Asset, type Keypair, Memo, Operation, TransactionBuilder } from '@stellar/stellar-sdk'
import type { SimulatedChain } from '../chain/types'
import { formatStroops } from '../platform/amounts'

/** Pi's base fee per operation, in stroops. */
export const PI_BASE_FEE_STROOPS = 100_000n
export const ENVELOPE_LIFETIME_SECONDS = 180

export interface NativeTransfer {
  readonly destination: string
  readonly amount: bigint
}

export interface EnvelopeRequest {
  readonly chain: SimulatedChain
  readonly signer: Keypair
  readonly transfers: readonly NativeTransfer[]
  /** Text memo (a payment identifier, or a direct transfer's note); none when omitted. */
  readonly memoText?: string
}

export interface SignedEnvelope {
  readonly xdr: string
  readonly hash: string
}

export function buildSignedPayment(request: EnvelopeRequest): SignedEnvelope {
  const { chain, signer } = request
  const account = chain.account(signer.publicKey())
  if (account === undefined) throw new Error(`${signer.publicKey()} has no account on ${chain.networkPassphrase}.`)
  const maxTime = Math.floor(chain.now().getTime() / 1000) + ENVELOPE_LIFETIME_SECONDS
  const builder = new TransactionBuilder(new Account(signer.publicKey(), account.sequence.toString()), {
    fee: PI_BASE_FEE_STROOPS.toString(),
    networkPassphrase: chain.networkPassphrase,
    timebounds: { minTime: 0, maxTime },
    memo: request.memoText === undefined ? Memo.none() : Memo.text(request.memoText)
  })
  for (const transfer of request.transfers) {
    builder.addOperation(
      Operation.payment({
        destination: transfer.destination,
        asset: Asset.native(),
        amount: formatStroops(transfer.amount)
      })
    )
  }
  const tx = builder.build()
  tx.sign(signer)
  return { xdr: tx.toEnvelope().toXDR('base64'), hash: tx.hash().toString('hex') }
}
