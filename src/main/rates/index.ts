// Fiat rates of Pi (issue 19): CoinGecko's simple-price format, staleness, ISO 4217 currencies and
// the exact conversion of a fiat price to stroops.
export { coinGeckoRates, COINGECKO_URL, MAX_RATE_AGE_MS, PI_COIN_ID, type CoinGeckoOptions, type LockedRate, type RateSource } from './coingecko'
export { checkCurrency, minorDigits, parseDecimalText, parseFiatAmount, type Decimal } from './currency'
export { decimalTextOfNumber, fiatToStroops } from './convert'
