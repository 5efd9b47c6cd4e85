// Contract pieces of signed postbacks (issue 19): what the desk owes a shop's backend, as the
// deliveries list shows it (every attempt with it) and as a redelivery is asked for. Times cross
// as ISO-8601 UTC strings.
import { z } from 'zod'

export const POSTBACK_TOPICS = ['invoice', 'payment'] as const
export type PostbackTopic = (typeof POSTBACK_TOPICS)[number]

/** pending until the shop answers 2xx (delivered) or three days pass (gave_up); a redelivery makes it pending again. */
export const POSTBACK_STATES = ['pending', 'delivered', 'gave_up'] as const
export type PostbackState = (typeof POSTBACK_STATES)[number]

/** What staff did at the desk to a Pi payment, as the shop's backend is told (topic `payment`). */
export const PAYMENT_POSTBACK_EVENTS = ['payment.completed', 'payment.cancelled', 'payment.refunded'] as const
export type PaymentPostbackEvent = (typeof PAYMENT_POSTBACK_EVENTS)[number]

export interface PostbackAttemptView {
  readonly attempt: number
  readonly startedAt: string
  readonly finishedAt: string
  /** The shop's HTTP status, or null when it never answered (timeout, refused, reset). */
  readonly httpStatus: number | null
  /** Why the attempt did not deliver, in words; null for a 2xx. */
  readonly error: string | null
  readonly durationMs: number
}

export interface PostbackView {
  readonly id: number
  readonly networkId: string
  readonly topic: PostbackTopic
  /** The invoice's id or the Pi payment's identifier. */
  readonly subject: string
  readonly event: string
  readonly url: string
  /** The exact JSON text signed and sent. */
  readonly body: string
  readonly state: PostbackState
  readonly attempts: number
  /** When the next attempt is due (pending only). */
  readonly nextAttemptAt: string | null
  readonly createdAt: string
  /** Retried until then, at most. */
  readonly giveUpAt: string
  readonly deliveredAt: string | null
  readonly lastStatus: number | null
  readonly lastError: string | null
  /** Oldest first. */
  readonly history: readonly PostbackAttemptView[]
}

export interface PostbackListView {
  readonly items: readonly PostbackView[]
  /**
   * Why nothing is being sent right now (no postback secret is set), in words; null when the
   * deliverer can sign. Postbacks are still journaled meanwhile, and sent once it can.
   */
  readonly paused: string | null
}

export const postbackRedeliverInput = z.strictObject({ id: z.number().int().positive() })
export type PostbackRedeliverInput = z.infer<typeof postbackRedeliverInput>
