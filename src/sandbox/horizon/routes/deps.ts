import type { SimChain } from '../../chain/sim-chain'

/** What every Horizon route needs: the chain, and the headers every answer carries. */
export interface HorizonDeps {
  readonly chain: SimChain
  readonly headers: () => Readonly<Record<string, string>>
}
