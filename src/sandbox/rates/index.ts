// The sandbox's fiat rate source, in CoinGecko's simple-price format.
export { RateBoard, DEFAULT_SANDBOX_RATES, PI_COIN_ID, type RateOutage } from './rate-board'
export { registerRateRoutes } from './routes'
