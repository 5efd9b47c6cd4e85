// The payouts:* channels over a PayoutService: thin, the service holds the rules.
import type { Handlers } from '../../shared/contract'
import type { NetworkId } from '../../shared/network'
import type { PayoutQuoteView } from '../../shared/contract/payouts'
import { formatPi, type Stroops } from '../../shared/money'
import type { PayoutQuote } from './quote'
import type { PayoutService } from './service'
import { toPayoutListView, toPayoutView } from './views'

export type PayoutChannels =
  | 'payouts:list'
  | 'payouts:quote'
  | 'payouts:refund'
  | 'payouts:payout'
  | 'payouts:resume'
  | 'payouts:cancel'

export interface PayoutHandlerDeps {
  readonly service: PayoutService
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
    'payouts:payout': async (input) => toPayoutView(await service.payout(input), await explorer(deps)),
    'payouts:resume': async (input) => {
      const resumed = await service.resume(input?.id)
      const explorerTxUrl = await explorer(deps)
      return { items: resumed.map((payout) => toPayoutView(payout, explorerTxUrl)) }
    },
    'payouts:cancel': async (input) => toPayoutView(await service.cancel(input.id), await explorer(deps))
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
