// Invariant: nothing from Pi's servers reaches the ledger unchecked. A PaymentDTO is accepted only
// when every field we act on has the exact shape Pi documents (pi-platform.md §1): the identifier
// is also the on-chain memo and goes into request paths, the amount becomes stroops, the addresses
// and network decide where money may go. Unknown extra fields are tolerated (Pi adds some).
import { z } from 'zod'
import { UserFacingError } from '../errors'
import { parsePiAmount, type Stroops } from '../money'
import type { PiNetworkName } from '../network'
import { parsePiTimestamp } from './timestamp'

/** 28 base62 characters: exactly the 28-byte text memo budget of a Pi transaction. */
export const PAYMENT_IDENTIFIER_PATTERN = /^[A-Za-z0-9]{28}$/
/** A transaction hash: 64 hex digits. */
export const TXID_PATTERN = /^[0-9a-fA-F]{64}$/
/** An account's public key (ed25519, base32): 'G' and 55 more characters. */
export const ACCOUNT_ADDRESS_PATTERN = /^G[A-Z2-7]{55}$/

export const PAYMENT_DIRECTIONS = ['user_to_app', 'app_to_user'] as const
export type PaymentDirection = (typeof PAYMENT_DIRECTIONS)[number]

export function isPaymentIdentifier(value: unknown): value is string {
  return typeof value === 'string' && PAYMENT_IDENTIFIER_PATTERN.test(value)
}

export function isTxid(value: unknown): value is string {
  return typeof value === 'string' && TXID_PATTERN.test(value)
}

const piAmountNumber = z.number().superRefine((amount, context) => {
  try {
    parsePiAmount(amount)
  } catch (error) {
    context.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'bad amount' })
  }
})

const piTimestamp = z.string().refine((text) => parsePiTimestamp(text) !== null, {
  message: 'not an ISO-8601 date and time'
})

export const paymentDtoSchema = z.looseObject({
  identifier: z.string().regex(PAYMENT_IDENTIFIER_PATTERN, 'not a 28-character Pi payment identifier'),
  user_uid: z.string().min(1),
  amount: piAmountNumber,
  memo: z.string(),
  // Not ours to police and never on chain; null is tolerated rather than losing the payment over it.
  metadata: z.record(z.string(), z.unknown()).nullable(),
  from_address: z.string().regex(ACCOUNT_ADDRESS_PATTERN, 'not a Pi account address'),
  to_address: z.string().regex(ACCOUNT_ADDRESS_PATTERN, 'not a Pi account address'),
  direction: z.enum(PAYMENT_DIRECTIONS),
  created_at: piTimestamp,
  network: z.enum(['Pi Network', 'Pi Testnet']),
  status: z.looseObject({
    developer_approved: z.boolean(),
    transaction_verified: z.boolean(),
    developer_completed: z.boolean(),
    cancelled: z.boolean(),
    user_cancelled: z.boolean()
  }),
  transaction: z
    .looseObject({
      txid: z.string().regex(TXID_PATTERN, 'not a 64-hex transaction id'),
      verified: z.boolean(),
      _link: z.string()
    })
    .nullable()
})

/** A payment exactly as the Pi Platform API sends it (after validation). */
export type PaymentDto = z.infer<typeof paymentDtoSchema>

/** Pi's five status booleans, in our naming. */
export interface PiStatusFlags {
  readonly developerApproved: boolean
  readonly transactionVerified: boolean
  readonly developerCompleted: boolean
  readonly cancelled: boolean
  readonly userCancelled: boolean
}

export interface PaymentTransaction {
  /** Lowercase, as Horizon writes transaction hashes. */
  readonly txid: string
  /** Pi's own verification of the transaction (not ours: see ChainCheck in status.ts). */
  readonly verified: boolean
  /** Horizon URL of the transaction, as Pi sent it. */
  readonly horizonLink: string
}

/** A Pi payment in the app's terms: stroops, dates, camelCase. */
export interface Payment {
  readonly identifier: string
  readonly userUid: string
  readonly amount: Stroops
  readonly memo: string
  readonly metadata: Readonly<Record<string, unknown>>
  readonly fromAddress: string
  readonly toAddress: string
  readonly direction: PaymentDirection
  readonly createdAt: Date
  readonly network: PiNetworkName
  readonly status: PiStatusFlags
  readonly transaction: PaymentTransaction | null
}

/** Converts a validated DTO. Throws UserFacingError if it did not come through paymentDtoSchema. */
export function paymentFromDto(dto: PaymentDto): Payment {
  const createdAt = parsePiTimestamp(dto.created_at)
  if (createdAt === null) throw malformedPayment(`created_at: not an ISO-8601 date and time`)
  return {
    identifier: dto.identifier,
    userUid: dto.user_uid,
    amount: parsePiAmount(dto.amount),
    memo: dto.memo,
    metadata: dto.metadata ?? {},
    fromAddress: dto.from_address,
    toAddress: dto.to_address,
    direction: dto.direction,
    createdAt,
    network: dto.network,
    status: {
      developerApproved: dto.status.developer_approved,
      transactionVerified: dto.status.transaction_verified,
      developerCompleted: dto.status.developer_completed,
      cancelled: dto.status.cancelled,
      userCancelled: dto.status.user_cancelled
    },
    transaction:
      dto.transaction === null
        ? null
        : {
            txid: dto.transaction.txid.toLowerCase(),
            verified: dto.transaction.verified,
            horizonLink: dto.transaction._link
          }
  }
}

/** Validates an API answer as a PaymentDTO, or throws `malformed_payment` naming what is wrong. */
export function parsePaymentDto(json: unknown): PaymentDto {
  const result = paymentDtoSchema.safeParse(json)
  if (result.success) return result.data
  const problems = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'payment'}: ${issue.message}`)
  throw malformedPayment(problems.join('; '))
}

/** parsePaymentDto then paymentFromDto: an untrusted API answer in, a Payment out. */
export function readPayment(json: unknown): Payment {
  return paymentFromDto(parsePaymentDto(json))
}

function malformedPayment(problem: string): UserFacingError {
  return new UserFacingError(
    'malformed_payment',
    `Pi sent a payment record Merchant Desk cannot read (${problem}).`
  )
}
