// What a generated dataset contains, for tests (and the sync engine's tests) to compare against:
// counts per category and per Pi status, stroop totals by direction, and every identifier.
import { createHash } from 'node:crypto'
import type { LieKind } from '../buyer/lies'
import type { PaymentCategory } from './shares'

export interface DatasetManifest {
  readonly seed: number
  readonly from: string
  readonly to: string
  readonly app: { readonly apiKey: string; readonly network: string; readonly walletPublicKey: string }
  readonly buyers: number
  readonly counts: {
    readonly payments: number
    readonly byCategory: Readonly<Record<PaymentCategory, number>>
    readonly byLie: Readonly<Record<LieKind, number>>
    /** Pi's status flags: completed, cancelled (by Pi or the developer), user_cancelled, open. */
    readonly byStatus: { readonly completed: number; readonly cancelled: number; readonly userCancelled: number; readonly open: number }
    readonly userToApp: number
    readonly appToUser: number
    readonly directTransfers: number
    readonly fullRefunds: number
    readonly partialRefunds: number
    /** Root-account top-ups of buyers about to overspend (Pi they got elsewhere). */
    readonly topUps: number
    /** Transactions imported on the ledger (successful and failed), openings and top-ups included. */
    readonly ledgerTransactions: number
  }
  readonly stroops: {
    /** Amounts of completed U2A payments. */
    readonly completedUserToApp: bigint
    /** Amounts of completed A2U payments (refunds). */
    readonly completedAppToUser: bigint
    /** Every successful native payment into the app wallet, Pi payment or not. */
    readonly receivedOnChain: bigint
    /** Every successful native payment out of the app wallet. */
    readonly paidOutOnChain: bigint
    /** Direct transfers only. */
    readonly directTransfers: bigint
  }
  readonly ids: {
    readonly byCategory: Readonly<Record<PaymentCategory, readonly string[]>>
    readonly byLie: Readonly<Record<LieKind, readonly string[]>>
    readonly directTransferTxids: readonly string[]
  }
}

/** A stable fingerprint of a manifest (bigints as decimal text), to compare runs cheaply. */
export function manifestDigest(manifest: DatasetManifest): string {
  const hash = createHash('sha256')
  hash.update(JSON.stringify(manifest, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)))
  return hash.digest('hex')
}
