// The sandbox's rate source: the price of Pi in fiat currencies, served in CoinGecko's public
// "simple price" format (GET /api/v3/simple/price?ids=pi-network&vs_currencies=usd
// &include_last_updated_at=true -> {"pi-network":{"usd":0.3142,"last_updated_at":1765152000}}),
// as CoinGecko documents it, not as the app happens to read it. Tests set the rate, make it stale
// or take the source down.

/** CoinGecko's id of Pi Network's coin. */
export const PI_COIN_ID = 'pi-network'

/** Units of each currency per Pi the sandbox starts with (a plausible day; nothing real). */
export const DEFAULT_SANDBOX_RATES: Readonly<Record<string, number>> = {
  usd: 0.3142,
  eur: 0.2896,
  gbp: 0.2471,
  jpy: 47.83,
  kwd: 0.0966,
  inr: 26.71,
  ngn: 486.2,
  vnd: 7981
}

/** How the source fails: a 500, the free tier's 429, or an HTML page from a proxy in front of it. */
export type RateOutage = 'server_error' | 'rate_limited' | 'html'

export class RateBoard {
  private readonly rates = new Map<string, number>(Object.entries(DEFAULT_SANDBOX_RATES))
  /** How old the served rate is; CoinGecko refreshes about every minute. */
  private ageMs = 30_000
  private outage: RateOutage | null = null

  constructor(private readonly clock: () => Date) {}

  /** Sets (or, with null, withdraws) the rate of Pi in a currency (lower or upper case). */
  setRate(currency: string, unitsPerPi: number | null): void {
    if (unitsPerPi === null) this.rates.delete(currency.toLowerCase())
    else this.rates.set(currency.toLowerCase(), unitsPerPi)
  }

  rate(currency: string): number | undefined {
    return this.rates.get(currency.toLowerCase())
  }

  /** The served rate was last updated this long ago (e.g. 20 minutes: stale). */
  setAge(ms: number): void {
    this.ageMs = ms
  }

  /** Takes the source down (null: up again). */
  setOutage(outage: RateOutage | null): void {
    this.outage = outage
  }

  currentOutage(): RateOutage | null {
    return this.outage
  }

  /** Back to the defaults: every rate, fresh, up. */
  reset(): void {
    this.rates.clear()
    for (const [currency, rate] of Object.entries(DEFAULT_SANDBOX_RATES)) this.rates.set(currency, rate)
    this.ageMs = 30_000
    this.outage = null
  }

  /** Seconds since the epoch of the served rates' update. */
  lastUpdatedAt(): number {
    return Math.floor((this.clock().getTime() - this.ageMs) / 1000)
  }

  /** The currencies served (CoinGecko's `simple/supported_vs_currencies`). */
  supported(): string[] {
    return [...this.rates.keys()].sort()
  }
}
