// The ledger clock: real time plus whatever a test has skipped ahead. Timebounds are checked
// against it and ledgers close at it, so a test can make an envelope expire without waiting.

export class ChainClock {
  private offsetMs = 0

  constructor(private readonly source: () => number = Date.now) {}

  nowMs(): number {
    return this.source() + this.offsetMs
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advanceTime needs a non-negative duration, got ${ms}`)
    this.offsetMs += ms
  }
}

/** Ledger close times are whole seconds on Stellar; timebounds compare in seconds too. */
export function floorToSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000
}
