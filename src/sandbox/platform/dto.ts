// The JSON Pi sends: PaymentDTO and UserDTO exactly as pi-platform.md §1 documents them, plus the
// undocumented fields live answers carry on some payments (`split_recipients`, `token_canonical`),
// so clients learn to tolerate unknown fields. Which payments carry them depends only on the
// identifier, so a payment always serializes the same way.
import type { PiNetworkName } from '../../shared/network'
import { apiAmountFromStroops } from './amounts'
import type { PaymentDirection, PaymentRecord, PlatformUser } from './records'

export interface PaymentDTO {
  identifier: string
  user_uid: string
  amount: number
  memo: string
  metadata: Record<string, unknown>
  from_address: string
  to_address: string
  direction: PaymentDirection
  created_at: string
  network: PiNetworkName
  status: {
    developer_approved: boolean
    transaction_verified: boolean
    developer_completed: boolean
    cancelled: boolean
    user_cancelled: boolean
  }
  transaction: null | { txid: string; verified: boolean; _link: string }
  [undocumented: string]: unknown
}

export interface UserDTO {
  uid: string
  credentials: { scopes: string[]; valid_until: { timestamp: number; iso8601: string } }
  username?: string
}

/** Horizon base URL per network, for `transaction._link`. */
export type HorizonUrlOf = (network: PiNetworkName) => string

export function toPaymentDTO(payment: PaymentRecord, horizonUrlOf: HorizonUrlOf): PaymentDTO {
  const network = payment.app.network
  const dto: PaymentDTO = {
    identifier: payment.identifier,
    user_uid: payment.userUid,
    amount: apiAmountFromStroops(payment.amount),
    memo: payment.memo,
    metadata: { ...payment.metadata },
    from_address: payment.fromAddress,
    to_address: payment.toAddress,
    direction: payment.direction,
    created_at: new Date(payment.createdAtMs).toISOString(),
    network,
    status: {
      developer_approved: payment.status.developerApproved,
      transaction_verified: payment.status.transactionVerified,
      developer_completed: payment.status.developerCompleted,
      cancelled: payment.status.cancelled,
      user_cancelled: payment.status.userCancelled
    },
    transaction:
      payment.transaction === null
        ? null
        : {
            txid: payment.transaction.txid,
            verified: payment.transaction.verified,
            _link: `${horizonUrlOf(network)}/transactions/${payment.transaction.txid}`
          }
  }
  const flavour = payment.identifier.charCodeAt(payment.identifier.length - 1) % 3
  if (flavour === 1) dto.split_recipients = []
  if (flavour === 2) {
    dto.split_recipients = []
    dto.token_canonical = 'PI'
  }
  return dto
}

export function toUserDTO(user: PlatformUser): UserDTO {
  const dto: UserDTO = {
    uid: user.uid,
    credentials: {
      scopes: [...user.scopes],
      valid_until: {
        timestamp: Math.floor(user.tokenValidUntil.getTime() / 1000),
        iso8601: user.tokenValidUntil.toISOString()
      }
    }
  }
  if (user.scopes.includes('username')) dto.username = user.username
  return dto
}
