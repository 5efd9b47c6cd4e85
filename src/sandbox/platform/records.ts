// What the simulated Pi backend holds: registered apps, app-local users, payments. Amounts are
// stroops (bigint); the JSON shapes Pi sends are produced in dto.ts only.
import type { PiNetworkName } from '../../shared/network'

/** One registered Pi app: its server API key is bound to ONE network and ONE app wallet. */
export interface SandboxApp {
  readonly name: string
  readonly apiKey: string
  readonly network: PiNetworkName
  readonly walletPublicKey: string
}

export const WALLET_ADDRESS_SCOPE = 'wallet_address'

/** A Pi user as one app sees them: the uid is app-local. */
export interface PlatformUser {
  readonly app: SandboxApp
  readonly uid: string
  readonly username: string
  /** The user's wallet on the app's network; null when they have none there. */
  readonly walletAddress: string | null
  scopes: string[]
  readonly accessToken: string
  tokenValidUntil: Date
}

export type PaymentDirection = 'user_to_app' | 'app_to_user'

export interface PaymentStatus {
  developerApproved: boolean
  transactionVerified: boolean
  developerCompleted: boolean
  cancelled: boolean
  userCancelled: boolean
}

export interface LinkedTransaction {
  readonly txid: string
  verified: boolean
}

export interface PaymentRecord {
  readonly identifier: string
  readonly app: SandboxApp
  readonly userUid: string
  readonly amount: bigint
  readonly memo: string
  readonly metadata: Readonly<Record<string, unknown>>
  readonly fromAddress: string
  readonly toAddress: string
  readonly direction: PaymentDirection
  /** ms since the epoch (a number, not a Date: the dataset holds a million of these). */
  readonly createdAtMs: number
  readonly status: PaymentStatus
  transaction: LinkedTransaction | null
  /** U2A only: the developer must approve before this instant (ms since the epoch). */
  approvalDeadlineMs: number | null
}

export function isFinal(payment: PaymentRecord): boolean {
  return payment.status.developerCompleted || payment.status.cancelled || payment.status.userCancelled
}

export function isCancelled(payment: PaymentRecord): boolean {
  return payment.status.cancelled || payment.status.userCancelled
}

export function newStatus(developerApproved: boolean): PaymentStatus {
  return {
    developerApproved,
    transactionVerified: false,
    developerCompleted: false,
    cancelled: false,
    userCancelled: false
  }
}
