// The app's client for the Pi Platform API (pi-platform.md §1). Reads retry with backoff; writes
// never do: Pi has no idempotency keys, so a write that may have landed surfaces as
// `outcomeUnknown` and its caller reads the payment back. The client object holds no secret in
// any property: the key stays inside the transport's closure.
import { UserFacingError } from '../../shared/errors'
import { toPiNumberForApi, type Stroops } from '../../shared/money'
import { isPaymentIdentifier, isTxid, type Payment } from '../../shared/payments'
import { readIncompleteAnswer, readPaymentAnswer, readUserAnswer, type PiUser } from './answers'
import { PiApiError } from './errors'
import {
  parseServerUrl,
  realSleep,
  resolveRetryPolicy,
  withRetries,
  type Random,
  type RetryPolicy,
  type Sleep
} from '../http'
import { createPiTransport, unreadableWriteAnswer, type PiRequest } from './transport'

export interface PiPlatformClientOptions {
  /** "https://api.minepi.com" (a trailing "/v2" is accepted), or the sandbox's loopback URL. */
  readonly baseUrl: string
  readonly apiKey: string
  /** Per request; official clients use 20 s. */
  readonly timeoutMs?: number
  readonly retry?: Partial<RetryPolicy>
  readonly sleep?: Sleep
  readonly random?: Random
  readonly now?: () => number
}

/** An app-to-user payment to create (a refund or a payout). */
export interface NewAppToUserPayment {
  readonly amount: Stroops
  /** Shown to the buyer; never on chain. */
  readonly memo: string
  /** The app's own record; Pi refuses an empty one. */
  readonly metadata: Readonly<Record<string, unknown>>
  /** The buyer's app-local uid. */
  readonly uid: string
}

export interface PiPlatformClient {
  /** The buyer behind an access token (GET /v2/me). */
  me(accessToken: string): Promise<PiUser>
  createPayment(payment: NewAppToUserPayment): Promise<Payment>
  getPayment(identifier: string): Promise<Payment>
  approvePayment(identifier: string): Promise<Payment>
  completePayment(identifier: string, txid: string): Promise<Payment>
  cancelPayment(identifier: string): Promise<Payment>
  /** The app's open app-to-user payments (Pi's wrapper object unwrapped). */
  incompleteServerPayments(): Promise<Payment[]>
}

export const DEFAULT_PI_TIMEOUT_MS = 20_000

export function createPiPlatformClient(options: PiPlatformClientOptions): PiPlatformClient {
  const baseUrl = parseServerUrl(options.baseUrl.replace(/\/v2\/?$/, ''))
  if (baseUrl === null) {
    throw new UserFacingError(
      'invalid_pi_url',
      'The Pi API address must be an https:// address (plain http only for this computer).'
    )
  }
  if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '' || /\s/.test(options.apiKey)) {
    throw new UserFacingError('invalid_pi_key', 'Enter the Pi API key of your app (Settings); it has no spaces.')
  }
  const policy = resolveRetryPolicy(options.retry)
  const sleep = options.sleep ?? realSleep
  const random = options.random ?? Math.random
  const now = options.now ?? Date.now
  const transport = createPiTransport({
    baseUrl,
    apiKey: options.apiKey,
    timeoutMs: options.timeoutMs ?? DEFAULT_PI_TIMEOUT_MS,
    now
  })

  const read = (request: PiRequest): Promise<unknown> =>
    withRetries(() => transport.send(request), {
      policy,
      sleep,
      random,
      hintOf: (error) => (error instanceof PiApiError ? error : null)
    })
  // Deliberately a single attempt: see the file comment.
  const write = (request: PiRequest): Promise<unknown> => transport.send(request)
  /** Pi's answer to a write: one that cannot be read leaves the outcome unknown, never "refused". */
  const writtenPayment = async (request: PiRequest): Promise<Payment> => {
    const json = await write(request)
    try {
      return readPaymentAnswer(json)
    } catch {
      throw unreadableWriteAnswer('the payment in the answer is incomplete', 200)
    }
  }

  return {
    async me(accessToken) {
      if (typeof accessToken !== 'string' || !/^[\x21-\x7e]+$/.test(accessToken)) {
        throw new UserFacingError('invalid_access_token', "The buyer's access token is missing or malformed.")
      }
      return readUserAnswer(await read({ call: 'me', method: 'GET', path: '/me', bearerToken: accessToken }))
    },

    async createPayment(args) {
      const body = { payment: createBody(args) }
      const payment = await writtenPayment({ call: 'createPayment', method: 'POST', path: '/payments', body })
      // Money invariant: never accept (and later sign) a payment other than the one asked for.
      const differs =
        payment.amount !== args.amount
          ? 'amount'
          : payment.direction !== 'app_to_user'
            ? 'direction'
            : payment.userUid !== args.uid
              ? 'user_uid'
              : null
      if (differs !== null) throw mismatch(payment, `${differs} differs from the request`)
      return payment
    },

    async getPayment(identifier) {
      const id = checkIdentifier(identifier)
      return sameIdentifier(id, readPaymentAnswer(await read({ call: 'getPayment', method: 'GET', path: `/payments/${id}` })))
    },

    async approvePayment(identifier) {
      const id = checkIdentifier(identifier)
      const payment = sameIdentifier(
        id,
        await writtenPayment({ call: 'approvePayment', method: 'POST', path: `/payments/${id}/approve` })
      )
      if (!payment.status.developerApproved) throw mismatch(payment, 'Pi did not mark it approved')
      return payment
    },

    async completePayment(identifier, txid) {
      const id = checkIdentifier(identifier)
      if (!isTxid(txid)) {
        throw new UserFacingError('invalid_txid', 'A transaction id is 64 hexadecimal characters.')
      }
      const hash = txid.toLowerCase()
      const payment = sameIdentifier(
        id,
        await writtenPayment({ call: 'completePayment', method: 'POST', path: `/payments/${id}/complete`, body: { txid: hash } })
      )
      if (!payment.status.developerCompleted) throw mismatch(payment, 'Pi did not mark it completed')
      if (payment.transaction?.txid !== hash) throw mismatch(payment, 'Pi linked a different transaction')
      return payment
    },

    async cancelPayment(identifier) {
      const id = checkIdentifier(identifier)
      const payment = sameIdentifier(
        id,
        await writtenPayment({ call: 'cancelPayment', method: 'POST', path: `/payments/${id}/cancel` })
      )
      if (!payment.status.cancelled && !payment.status.userCancelled) {
        throw mismatch(payment, 'Pi did not mark it cancelled')
      }
      return payment
    },

    async incompleteServerPayments() {
      return readIncompleteAnswer(
        await read({ call: 'incompleteServerPayments', method: 'GET', path: '/payments/incomplete_server_payments' })
      )
    }
  }
}

function createBody(args: NewAppToUserPayment): Record<string, unknown> {
  if (typeof args.amount !== 'bigint' || args.amount <= 0n) {
    throw new UserFacingError('amount_not_positive', 'The amount must be more than 0 Pi.')
  }
  if (typeof args.uid !== 'string' || args.uid.trim() === '') {
    throw new UserFacingError('invalid_uid', 'Choose the buyer to pay: their Pi user id is missing.')
  }
  if (typeof args.memo !== 'string') throw new UserFacingError('invalid_memo', 'The payment memo must be text.')
  if (typeof args.metadata !== 'object' || args.metadata === null || Object.keys(args.metadata).length === 0) {
    throw new UserFacingError('invalid_metadata', 'Pi needs some metadata on every payment; it cannot be empty.')
  }
  // Exactly the stroops the merchant approved, or an error: never a rounded float.
  return { amount: toPiNumberForApi(args.amount), memo: args.memo, metadata: args.metadata, uid: args.uid }
}

/** Identifiers go into request paths: anything but 28 base62 characters is refused before sending. */
function checkIdentifier(identifier: string): string {
  if (!isPaymentIdentifier(identifier)) {
    throw new UserFacingError('invalid_payment_id', 'A Pi payment id is 28 letters and digits.')
  }
  return identifier
}

function sameIdentifier(requested: string, payment: Payment): Payment {
  if (payment.identifier !== requested) throw mismatch(payment, `asked for ${requested}, got ${payment.identifier}`)
  return payment
}

function mismatch(payment: Payment, detail: string): PiApiError {
  return new PiApiError({ code: 'pi_answer_mismatch', httpStatus: 200, payment, detail })
}
