// The payouts:* channels over a PayoutService: thin, the service holds the rules.
import type { Handlers } from '../../shared/contract'
import type { NetworkId } from '../../shared/network'
import type { PayoutQuoteView } from '../../shared/contract/payouts'
import { formatPi, type Stroops } from '../../shared/money'
import type { PayoutQuote } from './quote'
import type { MerchantDb } from '../db'
import { toRequestViews } from './request-views'
import type { PayoutService } from './service'
import { toPayoutListView, toPayoutView } from './views'

export type PayoutChannels =
  | 'payouts:list'
  | 'payouts:quote'
  | 'payouts:refund'
  | 'payouts:refundDirect'
  | 'payouts:payout'
  | 'payouts:resume'
  | 'payouts:cancel'
  | 'requests:list'
  | 'requests:approve'
  | 'requests:deny'

export interface PayoutHandlerDeps {
  readonly service: PayoutService
  /** The ledger, for the sales the approval inbox shows. */
  readonly store: MerchantDb
  readonly networkId: () => NetworkId
  /** The block explorer and wallet of the network now chosen (null when not known). */
  readonly explorerTxUrl: () => Promise<string | null>
  readonly walletPublicKey: () => Promise<string | null>
}

export function payoutHandlers(deps: PayoutHandlerDeps): Pick<Handlers, PayoutChannels> {
  const { service } = deps
  return {
    'payouts:list': async (input) => {
      const networkId = deps.networkId()
      const wallet = await deps.walletPublicKey().catch(() => null)
      return toPayoutListView(await service.list(networkId, input?.refundOf), wallet, await explorer(deps), service.recoveryProblem(networkId))
    },
    'payouts:quote': async (input) => toQuoteView(await service.quote(input)),
    'payouts:refund': async (input) => toPayoutView(await service.refund(input), await explorer(deps)),
    'payouts:refundDirect': async (input) => toPayoutView(await service.refundDirect(input), await explorer(deps)),
    'payouts:payout': async (input) => toPayoutView(await service.payout(input), await explorer(deps)),
    'payouts:resume': async (input) => {
      const resumed = await service.resume(input?.id)
      const explorerTxUrl = await explorer(deps)
      return { items: resumed.map((payout) => toPayoutView(payout, explorerTxUrl)) }
    },
    'payouts:cancel': async (input) => toPayoutView(await service.cancel(input.id), await explorer(deps)),
    'requests:list': async (input) => ({ items: await toRequestViews(deps.store, await service.requests(deps.networkId(), input?.waitingOnly ?? false)) }),
    'requests:approve': async ({ id, note }) => {
      const { request, payout } = await service.approve(id, note)
      const [view] = await toRequestViews(deps.store, [request])
      return { request: view!, payout: toPayoutView(payout, await explorer(deps)) }
    },
    'requests:deny': async ({ id, note }) => (await toRequestViews(deps.store, [await service.deny(id, note)]))[0]!
  }
}

function explorer(deps: PayoutHandlerDeps): Promise<string | null> {
  return deps.explorerTxUrl().catch(() => null)
}

const pi = (amount: Stroops | null): string | null => (amount === null ? null : formatPi(amount))

export function toQuoteView(quote: PayoutQuote): PayoutQuoteView {
  return {
    kind: quote.kind,
    uid: quote.uid,
    refundOf: quote.refundOf,
    refundableRemainder: pi(quote.refundableRemainder),
    amount: pi(quote.amount),
    fee: formatPi(quote.fee),
    walletPublicKey: quote.walletPublicKey,
    walletBalance: pi(quote.walletBalance),
    minimumBalance: pi(quote.minimumBalance),
    balanceAfter: pi(quote.balanceAfter),
    problems: quote.problems
  }
}
