// Asking Pi for one payment record, and what its answers prove about the API key.
//
// Invariant: an operation is called a direct transfer only on a `payment_not_found` from a key
// proven to be this app's on this network. A key of another app or network answers
// payment_not_found for every id on the wallet's history, and believing it would turn the whole
// ledger into direct transfers; so until Pi has returned one payment that belongs to this app
// wallet on this network, "not found" answers are held back, and a run that finds none at all
// stops with an error instead of writing them.
import { isPiApiError } from '../pi'
import type { Payment } from '../../shared/payments'
import { keyOfOtherNetwork } from './errors'
import type { SyncPi } from './ports'
import { isUnreadableAnswer, onceMoreIfUnreadable } from './unreadable'

export type LookupAnswer =
  | { readonly kind: 'found'; readonly payment: Payment }
  | { readonly kind: 'not_found' }
  /** Pi answered, but not with a payment record Merchant Desk can read; asked again next run. */
  | { readonly kind: 'unreadable'; readonly problem: string }

/**
 * One payment from Pi. Transport failures the client already retried are thrown; an unreadable
 * answer is asked once more, then reported rather than stopping the whole run.
 */
export async function lookUpPayment(pi: Pick<SyncPi, 'getPayment'>, identifier: string): Promise<LookupAnswer> {
  try {
    return { kind: 'found', payment: await onceMoreIfUnreadable(() => pi.getPayment(identifier)) }
  } catch (error) {
    if (isPiApiError(error) && error.code === 'payment_not_found') return { kind: 'not_found' }
    if (isUnreadableAnswer(error)) return { kind: 'unreadable', problem: (error as Error).message }
    throw error
  }
}

/**
 * Answers already fetched in this run, so a payment looked up to prove the key is not fetched
 * again by the step that stores it. Small by construction: a probe asks for at most one page.
 */
export class LookupMemo {
  private readonly answers = new Map<string, LookupAnswer>()

  constructor(private readonly pi: SyncPi) {}

  async get(identifier: string): Promise<LookupAnswer> {
    const known = this.answers.get(identifier)
    if (known !== undefined) {
      // Used once: the memo only bridges the probe and the step that stores the answer.
      this.answers.delete(identifier)
      return known
    }
    return lookUpPayment(this.pi, identifier)
  }

  async prefetch(identifier: string): Promise<LookupAnswer> {
    const answer = await lookUpPayment(this.pi, identifier)
    this.answers.set(identifier, answer)
    return answer
  }
}

export class KeyProof {
  private provenBy: string | null = null

  constructor(
    private readonly expected: { readonly passphrase: string; readonly appWallet: string },
    proven = false
  ) {
    if (proven) this.provenBy = 'an earlier run'
  }

  get proven(): boolean {
    return this.provenBy !== null
  }

  /** Throws when Pi's record is of another network; counts it as proof when it is this app wallet's. */
  observe(payment: Payment): void {
    if (payment.network !== this.expected.passphrase) throw keyOfOtherNetwork(payment.network, this.expected.passphrase)
    if (belongsToWallet(payment, this.expected.appWallet)) this.provenBy ??= payment.identifier
  }
}

/** The app wallet is the receiving side of a user-to-app payment and the paying side of an app-to-user one. */
export function belongsToWallet(payment: Payment, appWallet: string): boolean {
  return payment.direction === 'user_to_app' ? payment.toAddress === appWallet : payment.fromAddress === appWallet
}
