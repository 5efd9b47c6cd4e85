// One desk's refund as a named person, in a process of its own: what `MERCHANT_DESK_USER=... merchant-desk
// refund ...` does (unlock as the person, then refund), driven through the service container
// because this branch's command line does not yet read MERCHANT_DESK_USER. Its exit code is the
// command line's: 0 paid, 4 waiting for approval (a request was recorded), 1 refused otherwise.
// Prints one JSON line: { paid, request, code, message }.
import { randomBytes } from 'node:crypto'
import { isUserFacingError } from '../../src/shared/errors'
import { openPersonDesk } from './person-desk'

const env = (name: string): string => {
  const value = process.env[name]
  if (value === undefined || value === '') throw new Error(`refund-as-person needs ${name}`)
  return value
}

const desk = await openPersonDesk({
  ledger: env('DESK_LEDGER'),
  deskFile: env('DESK_FILE'),
  platformUrl: env('DESK_PLATFORM_URL'),
  horizonUrl: env('DESK_HORIZON_URL'),
  apiKey: env('PI_API_KEY'),
  walletSeed: env('PI_WALLET_SEED')
})
let exitCode = 1
try {
  await desk.session.unlock(env('MERCHANT_DESK_USER'), env('MERCHANT_DESK_USER_SECRET'))
  const amount = env('DESK_AMOUNT')
  const payout = await desk.payouts.refund({
    idempotencyKey: `desk-${randomBytes(12).toString('hex')}`,
    paymentId: env('DESK_SALE'),
    amount,
    confirmAmount: amount,
    reason: 'damaged',
    reasonText: 'the tea set arrived broken'
  })
  console.log(JSON.stringify({ paid: payout.id, state: payout.state }))
  exitCode = payout.state === 'completed' ? 0 : 1
} catch (error) {
  if (!isUserFacingError(error)) throw error
  console.log(JSON.stringify({ code: error.code, message: error.message, request: error.details?.requestId ?? null }))
  exitCode = error.code === 'approval_requested' ? 4 : 1
} finally {
  await desk.close()
}
process.exit(exitCode)
