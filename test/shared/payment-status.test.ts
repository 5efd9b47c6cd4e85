import { describe, expect, it } from 'vitest'
import {
  CHAIN_FAILURE_REASONS,
  derivePaymentStatus,
  DISPLAY_STATUSES,
  EXCEPTION_FLAGS,
  isFinal,
  type ChainCheck,
  type DisplayStatus,
  type ExceptionFlag,
  type PaymentDirection,
  type PaymentFacts,
  type PiStatusFlags
} from '../../src/shared/payments'

const AMOUNT = 100_000_000n // 10 Pi
const CREATED = new Date('2024-05-01T12:00:00.000Z')
const at = (msAfterCreation: number): Date => new Date(CREATED.getTime() + msAfterCreation)
const TXID = 'ab'.repeat(32)

// ---------------------------------------------------------------------------------------------
// Every combination: 32 status-boolean sets × 3 transactions × 10 chain checks × 2 directions ×
// 4 ages × 5 refund totals = 38,400 cases.
// ---------------------------------------------------------------------------------------------
const STATUS_KEYS = [
  'developerApproved',
  'transactionVerified',
  'developerCompleted',
  'cancelled',
  'userCancelled'
] as const
const ALL_STATUS_FLAGS: PiStatusFlags[] = Array.from({ length: 32 }, (_, bits) => {
  const entries = STATUS_KEYS.map((key, i) => [key, (bits & (1 << i)) !== 0] as const)
  return Object.fromEntries(entries) as unknown as PiStatusFlags
})
const TRANSACTIONS: PaymentFacts['transaction'][] = [
  null,
  { txid: TXID, verified: false },
  { txid: TXID, verified: true }
]
const CHAIN_CHECKS: ChainCheck[] = [
  { outcome: 'unchecked' },
  { outcome: 'verified' },
  ...CHAIN_FAILURE_REASONS.map((reason): ChainCheck => ({ outcome: 'failed', reasons: [reason] })),
  { outcome: 'failed', reasons: ['amount_mismatch', 'destination_mismatch'] }
]
const DIRECTIONS: PaymentDirection[] = ['user_to_app', 'app_to_user']
const AGES = [-5_000, 59_999, 60_000, 86_400_000]
const REFUNDS: (bigint | undefined)[] = [undefined, 0n, 1n, AMOUNT, AMOUNT + 1n]

function* everyCombination(): Generator<PaymentFacts> {
  for (const status of ALL_STATUS_FLAGS)
    for (const transaction of TRANSACTIONS)
      for (const chain of CHAIN_CHECKS)
        for (const direction of DIRECTIONS)
          for (const age of AGES)
            for (const refundedTotal of REFUNDS)
              yield {
                ...{ status, transaction, chain, direction, refundedTotal },
                ...{ amount: AMOUNT, createdAt: CREATED, now: at(age) }
              }
}

const ALL_CASES = [...everyCombination()]

/**
 * An oracle written from the specification, not from the implementation: the status is the
 * highest-ranked of every status the record qualifies for; each flag is its sentence from the spec.
 */
function oracleStatus(f: PaymentFacts): DisplayStatus {
  const qualifies: Record<DisplayStatus, boolean> = {
    created: true,
    approved: f.status.developerApproved,
    submitted: f.transaction !== null,
    verified: f.status.transactionVerified || (f.transaction?.verified ?? false),
    completed: f.status.developerCompleted,
    cancelled: f.status.cancelled,
    user_cancelled: f.status.userCancelled
  }
  const highestFirst: DisplayStatus[] = [
    'user_cancelled',
    'cancelled',
    'completed',
    'verified',
    'submitted',
    'approved',
    'created'
  ]
  return highestFirst.find((status) => qualifies[status]) ?? 'created'
}

function oracleFlags(f: PaymentFacts): Set<ExceptionFlag> {
  const s = f.status
  const hasTx = f.transaction !== null
  const anyCancel = s.cancelled || s.userCancelled
  const reasons = f.chain.outcome === 'failed' ? new Set(f.chain.reasons) : new Set<string>()
  const refunded = f.refundedTotal ?? 0n
  const ageMs = f.now.getTime() - f.createdAt.getTime()
  const flags = new Set<ExceptionFlag>()
  const contradictions = [
    s.developerCompleted && s.cancelled,
    s.developerCompleted && s.userCancelled,
    s.developerCompleted && !s.developerApproved,
    hasTx && !s.developerApproved,
    s.transactionVerified && !hasTx,
    hasTx && f.transaction?.verified !== s.transactionVerified
  ]
  if (contradictions.some(Boolean)) flags.add('inconsistent_flags')
  if (anyCancel && (hasTx || f.chain.outcome === 'verified')) flags.add('cancelled_with_transaction')
  if (s.developerCompleted && !(s.transactionVerified && hasTx)) flags.add('completed_unverified')
  if (reasons.has('not_found') && (hasTx || s.developerCompleted)) flags.add('tx_not_on_chain')
  const mismatches = [
    'transaction_failed',
    'network_mismatch',
    'memo_mismatch',
    'destination_mismatch',
    'source_mismatch',
    'amount_mismatch'
  ] as const
  for (const reason of mismatches) if (reasons.has(reason)) flags.add(reason)
  if (f.chain.outcome === 'verified' && !hasTx && !anyCancel) flags.add('paid_on_chain_unlinked')
  if (refunded > f.amount) flags.add('over_refunded')
  if (hasTx && !s.developerCompleted && !anyCancel) flags.add('incomplete')
  const untouched = !s.developerApproved && !s.developerCompleted && !anyCancel && !hasTx
  if (f.direction === 'user_to_app' && untouched && f.chain.outcome !== 'verified' && ageMs >= 60_000) {
    flags.add('approval_expired')
  }
  if (refunded === f.amount) flags.add('refunded')
  if (refunded > 0n && refunded < f.amount) flags.add('partially_refunded')
  return flags
}

const RESULTS = ALL_CASES.map((facts) => ({ facts, derived: derivePaymentStatus(facts) }))
type Result = (typeof RESULTS)[number]

/** Checks a rule on every case with plain code, then asserts once: the first offenders, if any. */
function violationsOf(rule: (result: Result) => boolean): Result[] {
  return RESULTS.filter((result) => !rule(result)).slice(0, 3)
}

describe('derivePaymentStatus over every combination of facts', () => {
  it(`covers all ${ALL_CASES.length} combinations`, () => {
    expect(ALL_CASES).toHaveLength(32 * 3 * 10 * 2 * 4 * 5)
  })

  it('agrees with the independently written oracle on status and flags', () => {
    const sameFlags = (a: readonly string[], b: Set<string>): boolean => a.length === b.size && a.every((f) => b.has(f))
    expect(
      violationsOf(
        ({ facts, derived }) =>
          derived.status === oracleStatus(facts) && sameFlags(derived.flags, oracleFlags(facts))
      )
    ).toEqual([])
  })

  it('yields exactly one known status and flags in severity order without duplicates', () => {
    expect(
      violationsOf(({ derived: { status, flags } }) => {
        const positions = flags.map((flag) => EXCEPTION_FLAGS.indexOf(flag))
        const ascending = positions.every((p, i) => p >= 0 && (i === 0 || p > (positions[i - 1] ?? -1)))
        return DISPLAY_STATUSES.includes(status) && ascending
      })
    ).toEqual([])
  })

  it('never shows a cancelled payment as anything but cancelled', () => {
    const cancelledCases = RESULTS.filter(({ facts }) => facts.status.cancelled || facts.status.userCancelled)
    expect(cancelledCases.length).toBe(ALL_CASES.length * 3 / 4)
    expect(
      violationsOf(({ facts, derived: { status, flags } }) =>
        !(facts.status.cancelled || facts.status.userCancelled) ||
        ((status === 'cancelled' || status === 'user_cancelled') &&
          !flags.includes('incomplete') &&
          !flags.includes('approval_expired'))
      )
    ).toEqual([])
  })

  it('flags incomplete exactly when a transaction is linked and the payment is neither completed nor cancelled', () => {
    expect(
      violationsOf(({ facts: { status: s, transaction }, derived: { flags } }) =>
        flags.includes('incomplete') ===
        (transaction !== null && !s.developerCompleted && !s.cancelled && !s.userCancelled)
      )
    ).toEqual([])
  })

  it("lets only Pi's record decide the status: chain checks, age and refunds add flags, never change it", () => {
    const statusByRecord = new Map<string, DisplayStatus>()
    const conflicts = RESULTS.filter(({ facts, derived }) => {
      const key = JSON.stringify([facts.status, facts.transaction])
      const seen = statusByRecord.get(key)
      statusByRecord.set(key, derived.status)
      return seen !== undefined && seen !== derived.status
    })
    expect(conflicts).toEqual([])
    expect(statusByRecord.size).toBe(32 * 3)
  })

  it('reports every failed chain check, and nothing from a passed or pending one', () => {
    const isMismatchFlag = (flag: string): boolean => (CHAIN_FAILURE_REASONS as readonly string[]).includes(flag)
    expect(
      violationsOf(({ facts: { chain }, derived: { flags } }) => {
        const reported = flags.filter(isMismatchFlag)
        const expected = chain.outcome === 'failed' ? chain.reasons.filter((r) => r !== 'not_found') : []
        return reported.length === expected.length && expected.every((r) => reported.includes(r))
      })
    ).toEqual([])
  })

  it('raises at most one refund flag, and none without refunds', () => {
    const refundFlags = ['refunded', 'partially_refunded', 'over_refunded']
    expect(
      violationsOf(({ facts, derived: { flags } }) =>
        flags.filter((f) => refundFlags.includes(f)).length === ((facts.refundedTotal ?? 0n) > 0n ? 1 : 0)
      )
    ).toEqual([])
  })

  it('marks exactly completed and cancelled records final', () => {
    const finalStatuses: DisplayStatus[] = ['completed', 'cancelled', 'user_cancelled']
    expect(violationsOf(({ facts, derived }) => isFinal(facts) === finalStatuses.includes(derived.status))).toEqual([])
  })
})

describe('derivePaymentStatus on the situations a merchant meets', () => {
  const approved: PiStatusFlags = {
    developerApproved: true,
    transactionVerified: false,
    developerCompleted: false,
    cancelled: false,
    userCancelled: false
  }
  const base: PaymentFacts = {
    status: { ...approved, developerApproved: false },
    transaction: null,
    direction: 'user_to_app',
    amount: AMOUNT,
    createdAt: CREATED,
    now: at(5_000),
    chain: { outcome: 'unchecked' }
  }
  const derive = (change: Partial<PaymentFacts>) => derivePaymentStatus({ ...base, ...change })

  it('a buyer has just started paying: created, nothing to do yet', () => {
    expect(derive({})).toEqual({ status: 'created', flags: [] })
  })

  it('the shop backend never approved within 60 s: approval expired', () => {
    expect(derive({ now: at(59_999) }).flags).toEqual([])
    expect(derive({ now: at(60_000) })).toEqual({ status: 'created', flags: ['approval_expired'] })
  })

  it('a creation time in the future (clock skew) never expires', () => {
    expect(derive({ now: at(-3_600_000) }).flags).toEqual([])
  })

  it('an A2U payout is never "approval expired": Pi creates it approved', () => {
    expect(derive({ direction: 'app_to_user', now: at(86_400_000) }).flags).toEqual([])
  })

  it('the buyer submitted, Pi has not verified yet: submitted and incomplete', () => {
    expect(derive({ status: approved, transaction: { txid: TXID, verified: false } })).toEqual({
      status: 'submitted',
      flags: ['incomplete']
    })
  })

  it('Pi verified the transaction and we have not completed: verified and incomplete', () => {
    const facts = { status: { ...approved, transactionVerified: true }, transaction: { txid: TXID, verified: true } }
    expect(derive(facts)).toEqual({ status: 'verified', flags: ['incomplete'] })
  })

  it('the linked transaction is not on chain: the buyer may be lying', () => {
    const facts: Partial<PaymentFacts> = {
      status: approved,
      transaction: { txid: TXID, verified: false },
      chain: { outcome: 'failed', reasons: ['not_found'] }
    }
    expect(derive(facts)).toEqual({ status: 'submitted', flags: ['tx_not_on_chain', 'incomplete'] })
  })

  it('an approved payment with no transaction anywhere is simply waiting, not missing', () => {
    const facts: Partial<PaymentFacts> = { status: approved, chain: { outcome: 'failed', reasons: ['not_found'] } }
    expect(derive(facts)).toEqual({ status: 'approved', flags: [] })
  })

  it('a payout Pi shows without a transaction but the chain has paid: do not pay again', () => {
    const facts: Partial<PaymentFacts> = { direction: 'app_to_user', status: approved, chain: { outcome: 'verified' } }
    expect(derive(facts)).toEqual({ status: 'approved', flags: ['paid_on_chain_unlinked'] })
  })

  const completed: PiStatusFlags = { ...approved, transactionVerified: true, developerCompleted: true }
  const linked = { txid: TXID, verified: true }

  it('completed and confirmed on chain: nothing to do', () => {
    const facts: Partial<PaymentFacts> = { status: completed, transaction: linked, chain: { outcome: 'verified' } }
    expect(derive(facts)).toEqual({ status: 'completed', flags: [] })
  })

  it('completed, but the chain shows a different amount and destination', () => {
    const chain: ChainCheck = { outcome: 'failed', reasons: ['amount_mismatch', 'destination_mismatch'] }
    expect(derive({ status: completed, transaction: linked, chain })).toEqual({
      status: 'completed',
      flags: ['destination_mismatch', 'amount_mismatch']
    })
  })

  it('completed although Pi never verified a transaction', () => {
    const facts = { status: { ...completed, transactionVerified: false }, transaction: null }
    expect(derive(facts)).toEqual({ status: 'completed', flags: ['completed_unverified'] })
  })

  it('cancelled after the buyer paid: the buyer is owed a refund, and it is not "incomplete"', () => {
    const facts = { status: { ...approved, cancelled: true }, transaction: { txid: TXID, verified: false } }
    expect(derive(facts)).toEqual({ status: 'cancelled', flags: ['cancelled_with_transaction'] })
  })

  it('cancelled by the buyer before paying', () => {
    expect(derive({ status: { ...base.status, userCancelled: true, cancelled: true }, now: at(86_400_000) })).toEqual({
      status: 'user_cancelled',
      flags: []
    })
  })

  it('completed and cancelled at once: shown cancelled, flagged inconsistent', () => {
    expect(derive({ status: { ...completed, cancelled: true }, transaction: linked })).toEqual({
      status: 'cancelled',
      flags: ['inconsistent_flags', 'cancelled_with_transaction']
    })
  })

  it('refunds: partly, fully, and more than was paid', () => {
    const paid = { status: completed, transaction: linked, chain: { outcome: 'verified' } as const }
    expect(derive({ ...paid, refundedTotal: 25_000_000n }).flags).toEqual(['partially_refunded'])
    expect(derive({ ...paid, refundedTotal: AMOUNT }).flags).toEqual(['refunded'])
    expect(derive({ ...paid, refundedTotal: AMOUNT + 1n }).flags).toEqual(['over_refunded'])
  })

  it('isFinal: completed or cancelled payments are not re-polled, the rest are', () => {
    expect(isFinal({ status: completed })).toBe(true)
    expect(isFinal({ status: { ...approved, cancelled: true } })).toBe(true)
    expect(isFinal({ status: { ...base.status, userCancelled: true } })).toBe(true)
    expect(isFinal({ status: { ...approved, transactionVerified: true } })).toBe(false)
    expect(isFinal({ status: base.status })).toBe(false)
  })
})
