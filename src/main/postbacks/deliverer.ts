// Sends the journal's due postbacks, signed, and records every attempt. Each attempt is leased
// first (claimNextPostback), so any number of deliverers on one ledger (this desk's app, a
// `merchant-desk gateway`, another desk of the team) never send one attempt twice at once. Nothing
// the shop does (500, a hang, a reset, being down) loses a postback or touches anything but the
// postback's own rows: it is tried again with backoff for three days, then listed as given up.
import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import type { MerchantDb } from '../db'
import { claimNextPostback, recordAttempt, type ClaimedPostback } from './journal'
import { postWithFetch, type PostbackSender, type SendResult } from './send'
import { signatureHeaderValue } from './signature'

/** The shared secret the shop checks signatures with, or null when none is set. */
export type PostbackSecret = () => string | null | Promise<string | null>

export const POSTBACK_TIMEOUT_MS = 10_000
/** Well past one attempt's timeout: a lease only runs out when its desk stopped mid-attempt. */
export const POSTBACK_LEASE_MS = 60_000

export const NO_SECRET_SENTENCE =
  'Postbacks are not being sent: no postback secret is set (MERCHANT_DESK_POSTBACK_SECRET, the secret the shop checks signatures with). They wait in the journal and go out once it is set.'

export interface PostbackDelivererOptions {
  readonly store: MerchantDb
  readonly secret: PostbackSecret
  /** Why nothing is sent without a secret, as this front door says it (default: NO_SECRET_SENTENCE). */
  readonly noSecretSentence?: string
  /** The clock of due times, leases and signatures (tests inject one). Default: the ledger's. */
  readonly now?: () => Date
  readonly timeoutMs?: number
  readonly leaseMs?: number
  /** How often the background loop looks for due postbacks. */
  readonly pollMs?: number
  /** POSTs in flight at once (one slow shop does not hold the others). */
  readonly concurrency?: number
  /** At most this many attempts per round. */
  readonly perRound?: number
  readonly send?: PostbackSender
  /** Who holds a lease, for whoever reads the table. Default: this host and process, and a random part. */
  readonly holder?: string
  /** After a round that recorded attempts (views reload). */
  readonly onDelivered?: (round: DeliveryRound) => void
  /** A round that failed inside the desk (the database, a bug): never the shop's failures. */
  readonly onInternalError?: (where: string, error: unknown) => void
}

export interface DeliveryRound {
  /** Attempts made and recorded. */
  readonly attempts: number
  readonly delivered: number
  /** Failed, to be tried again. */
  readonly retrying: number
  readonly gaveUp: number
  /** Why nothing was sent, when nothing could be (no secret). */
  readonly paused: string | null
}

export class PostbackDeliverer {
  private readonly now: () => Date
  private readonly holder: string
  private running: Promise<DeliveryRound> | null = null
  private timer: NodeJS.Timeout | null = null
  private started = false

  constructor(private readonly options: PostbackDelivererOptions) {
    this.now = options.now ?? (() => options.store.now())
    this.holder = options.holder ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  }

  /** Why nothing is sent right now, or null when the deliverer can sign. */
  async paused(): Promise<string | null> {
    const secret = await this.options.secret()
    return secret === null || secret === '' ? (this.options.noSecretSentence ?? NO_SECRET_SENTENCE) : null
  }

  /** One round: every due postback (up to perRound), sent and recorded. A round already running is joined. */
  runOnce(): Promise<DeliveryRound> {
    this.running ??= this.round().finally(() => {
      this.running = null
    })
    return this.running
  }

  /** The background loop (the app, `merchant-desk gateway`): a round now, then every pollMs. */
  start(): void {
    if (this.started) return
    this.started = true
    this.tick()
  }

  /** Stops the loop and waits for the round in flight (its attempts are recorded). */
  async stop(): Promise<void> {
    this.started = false
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    await this.running?.catch(() => undefined)
  }

  /** A postback was just queued or redelivered: look now rather than at the next poll. */
  nudge(): void {
    if (!this.started) return
    if (this.timer !== null) clearTimeout(this.timer)
    this.tick()
  }

  private tick(): void {
    this.timer = null
    this.runOnce()
      .catch((error: unknown) => this.options.onInternalError?.('postbacks:deliver', error))
      .finally(() => {
        if (!this.started || this.timer !== null) return
        this.timer = setTimeout(() => this.tick(), this.options.pollMs ?? 5_000)
        this.timer.unref()
      })
  }

  private async round(): Promise<DeliveryRound> {
    const secret = await this.options.secret()
    if (secret === null || secret === '') {
      return { attempts: 0, delivered: 0, retrying: 0, gaveUp: 0, paused: this.options.noSecretSentence ?? NO_SECRET_SENTENCE }
    }
    const counts = { attempts: 0, delivered: 0, retrying: 0, gaveUp: 0 }
    const perRound = this.options.perRound ?? 100
    let left = perRound
    const lane = async (): Promise<void> => {
      while (left > 0) {
        left -= 1
        const claimed = await claimNextPostback(this.options.store, {
          holder: this.holder,
          now: this.now().getTime(),
          leaseMs: this.options.leaseMs ?? POSTBACK_LEASE_MS
        })
        if (claimed === null) return
        const state = await this.attempt(claimed, secret)
        counts.attempts += 1
        if (state === 'delivered') counts.delivered += 1
        else if (state === 'gave_up') counts.gaveUp += 1
        else counts.retrying += 1
      }
    }
    await Promise.all(Array.from({ length: Math.max(1, this.options.concurrency ?? 4) }, lane))
    const round = { ...counts, paused: null }
    if (round.attempts > 0) this.options.onDelivered?.(round)
    return round
  }

  private async attempt(claimed: ClaimedPostback, secret: string) {
    const timeoutMs = this.options.timeoutMs ?? POSTBACK_TIMEOUT_MS
    const started = this.now()
    const clockStart = performance.now()
    const send = this.options.send ?? postWithFetch
    let result: SendResult
    try {
      result = await send({
        url: claimed.url,
        body: claimed.body,
        deliveryId: claimed.id,
        // Signed now, for this attempt: a retry or a redelivery carries a fresh timestamp.
        signature: signatureHeaderValue(secret, claimed.body, started),
        timeoutMs
      })
    } catch (error) {
      result = { error: `The POST failed inside Merchant Desk: ${error instanceof Error ? error.message : 'unknown error'}.` }
    }
    const durationMs = performance.now() - clockStart
    const finishedAt = Math.max(this.now().getTime(), started.getTime())
    const outcome = outcomeOf(result)
    return recordAttempt(this.options.store, claimed, this.holder, {
      startedAt: started.getTime(),
      finishedAt,
      durationMs,
      ...outcome
    })
  }
}

/** What an answer (or its absence) means for the journal: only a 2xx delivers. */
function outcomeOf(result: SendResult): { readonly httpStatus: number | null; readonly error: string | null } {
  if (!('status' in result)) return { httpStatus: null, error: result.error }
  if (result.status < 100 || result.status > 599) return { httpStatus: null, error: `The shop answered with an invalid HTTP status (${result.status}).` }
  return { httpStatus: result.status, error: result.status >= 200 && result.status < 300 ? null : `The shop answered HTTP ${result.status}.` }
}
