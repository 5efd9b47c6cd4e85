// The rate of Pi in a fiat currency, from CoinGecko's public "simple price" API (a real, documented
// format: the sandbox serves the same shape). A rate older than MAX_RATE_AGE_MS, an answer that is
// not that format, or a source that does not answer is refused with a sentence: a fiat invoice is
// never made at a rate nobody can vouch for.
import axios from 'axios'
import { UserFacingError } from '../../shared/errors'
import { decimalTextOfNumber } from './convert'

/** CoinGecko's id of Pi Network's coin. */
export const PI_COIN_ID = 'pi-network'
export const COINGECKO_URL = 'https://api.coingecko.com'
/** A rate older than this is stale. */
export const MAX_RATE_AGE_MS = 10 * 60_000
/** A rate from further in the future than this is not believed either (clocks disagree a little). */
const FUTURE_SLACK_MS = 2 * 60_000

/** A rate as locked into an invoice. */
export interface LockedRate {
  /** Units of the currency per Pi, as the source wrote it: "0.3142". */
  readonly rate: string
  /** "PI/USD". */
  readonly pair: string
  /** The source's host: "api.coingecko.com". */
  readonly source: string
  /** When the source last updated it. */
  readonly at: Date
}

export interface RateSource {
  /** The rate of Pi in `currency` (ISO 4217, upper case), fresh, or a UserFacingError. */
  rate(currency: string): Promise<LockedRate>
}

export interface CoinGeckoOptions {
  /** Where the API lives: https://api.coingecko.com, or the sandbox's server. */
  readonly baseUrl: string
  readonly now?: () => Date
  readonly timeoutMs?: number
  readonly maxAgeMs?: number
}

export function coinGeckoRates(options: CoinGeckoOptions): RateSource {
  const base = new URL(options.baseUrl)
  const source = base.host
  const now = options.now ?? (() => new Date())
  const maxAgeMs = options.maxAgeMs ?? MAX_RATE_AGE_MS
  const down = (why: string) =>
    new UserFacingError('rate_source_down', `The rate source (${source}) ${why}, so no fiat invoice can be made now. Ask for an amount in Pi, or try again later. Nothing was saved.`)
  return {
    async rate(currency) {
      const vs = currency.toLowerCase()
      const url = new URL(`${base.pathname.replace(/\/+$/, '')}/api/v3/simple/price`, base)
      url.search = new URLSearchParams({ ids: PI_COIN_ID, vs_currencies: vs, include_last_updated_at: 'true' }).toString()
      let answer: { status: number; data: unknown }
      try {
        answer = await axios.get(url.toString(), {
          timeout: options.timeoutMs ?? 10_000,
          adapter: 'http',
          responseType: 'text',
          transformResponse: [(data: unknown) => data],
          validateStatus: () => true,
          maxRedirects: 0,
          maxContentLength: 64 * 1024
        })
      } catch {
        throw down('did not answer')
      }
      // CoinGecko's documented refusal of a currency it does not price.
      if (answer.status === 400 && /vs_currenc/i.test(String(answer.data))) throw unavailable(source, currency)
      if (answer.status < 200 || answer.status > 299) throw down(`answered HTTP ${answer.status}`)
      let body: unknown
      try {
        body = JSON.parse(String(answer.data))
      } catch {
        throw down('answered something that is not a price')
      }
      const coin = isObject(body) ? body[PI_COIN_ID] : undefined
      if (!isObject(coin)) throw down('answered something that is not a price of Pi')
      const rate = decimalTextOfNumber(coin[vs])
      if (rate === null) throw unavailable(source, currency)
      const updated = coin['last_updated_at']
      if (typeof updated !== 'number' || !Number.isSafeInteger(updated)) throw down('did not say when its rate was updated')
      const at = new Date(updated * 1000)
      const age = now().getTime() - at.getTime()
      if (age > maxAgeMs || age < -FUTURE_SLACK_MS) {
        const minutes = Math.round(age / 60_000)
        throw new UserFacingError(
          'rate_stale',
          `The rate of Pi in ${currency} from ${source} is ${minutes} minutes old (at most ${Math.round(maxAgeMs / 60_000)} are accepted), so no fiat invoice can be made at it. Ask for an amount in Pi, or try again later. Nothing was saved.`
        )
      }
      return { rate, pair: `PI/${currency}`, source, at }
    }
  }
}

function unavailable(source: string, currency: string): UserFacingError {
  return new UserFacingError('rate_unavailable', `The rate source (${source}) has no rate of Pi in ${currency}. Ask for an amount in Pi, or use another currency. Nothing was saved.`)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
