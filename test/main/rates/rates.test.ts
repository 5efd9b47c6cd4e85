// Fiat rates: exact conversion (bigint, rounded up to the stroop), the decimal text of a JSON
// number, ISO 4217 currencies and their minor digits, and CoinGecko's format read over real HTTP
// from the sandbox's rate source.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkCurrency, coinGeckoRates, decimalTextOfNumber, fiatToStroops, minorDigits, parseDecimalText, parseFiatAmount } from '../../../src/main/rates'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'

const decimal = (text: string) => {
  const value = parseDecimalText(text)
  if (value === null) throw new Error(text)
  return value
}

describe('a fiat price in Pi', () => {
  it.each([
    ['10', '0.3', 333_333_334n],
    ['12.5', '0.25', 500_000_000n],
    ['1', '3', 3_333_334n],
    ['0.01', '1000000', 1n],
    ['1000', '0.3142', 31_826_861_872n]
  ])('%s at %s per Pi is %s stroops, rounded up', (price, rate, stroops) => {
    expect(fiatToStroops(parseFiatAmount(price, 'USD').value, decimal(rate))).toBe(stroops)
  })

  it('is exact far beyond what a float holds', () => {
    expect(fiatToStroops(parseFiatAmount('123456789012345.67', 'USD').value, decimal('0.000000000000000001'))).toBe(12_345_678_901_234_567n * 10n ** 23n)
  })
})

describe('the decimal text of a rate', () => {
  it.each([
    [0.3142, '0.3142'],
    [47.83, '47.83'],
    [3.5e-7, '0.00000035'],
    [1e21, '1000000000000000000000'],
    [7981, '7981']
  ])('%s reads %s', (value, text) => {
    expect(decimalTextOfNumber(value)).toBe(text)
  })

  it.each([[0], [-1], [Number.NaN], [Number.POSITIVE_INFINITY], ['0.3'], [null]])('refuses %s', (value) => {
    expect(decimalTextOfNumber(value)).toBeNull()
  })
})

describe('currencies', () => {
  it('knows ISO 4217 codes in any case, and refuses others', () => {
    expect(checkCurrency('usd')).toBe('USD')
    expect(checkCurrency(' EUR ')).toBe('EUR')
    for (const code of ['XYZ', 'US', 'DOLLARS', '€', '']) expect(() => checkCurrency(code)).toThrow(/not a currency code/)
  })

  it('knows their minor digits', () => {
    expect([minorDigits('USD'), minorDigits('JPY'), minorDigits('KWD')]).toEqual([2, 0, 3])
  })

  it.each([
    ['0', 'amount_not_positive'],
    ['-5', 'invalid_amount'],
    ['1,5', 'invalid_amount'],
    ['1.234', 'too_many_decimals'],
    ['', 'invalid_amount']
  ])('refuses the price %j', (text, code) => {
    expect(() => parseFiatAmount(text, 'USD')).toThrow(expect.objectContaining({ code }))
  })
})

describe("CoinGecko's simple price, from the sandbox's rate source over HTTP", () => {
  let sandbox: RunningSandbox
  beforeAll(async () => {
    sandbox = await startSandbox({ ledgerIntervalMs: 0 })
  })
  afterAll(() => sandbox.close())

  it('answers in the documented shape', async () => {
    const response = await fetch(`${sandbox.platformUrl}/api/v3/simple/price?ids=pi-network&vs_currencies=usd,eur&include_last_updated_at=true`)
    expect(response.status).toBe(200)
    const body = (await response.json()) as Record<string, Record<string, number>>
    expect(Object.keys(body)).toEqual(['pi-network'])
    expect(body['pi-network']).toEqual({ usd: 0.3142, eur: 0.2896, last_updated_at: expect.any(Number) })
    expect(await (await fetch(`${sandbox.platformUrl}/api/v3/simple/price?ids=bitcoin&vs_currencies=usd`)).json()).toEqual({})
    const invalid = await fetch(`${sandbox.platformUrl}/api/v3/simple/price?ids=pi-network&vs_currencies=chf`)
    expect([invalid.status, await invalid.json()]).toEqual([400, { error: 'invalid vs_currency' }])
  })

  it('is read as a locked rate with pair, source and time; stale and down are refused', async () => {
    const rates = coinGeckoRates({ baseUrl: sandbox.platformUrl, now: () => sandbox.chain.now() })
    const locked = await rates.rate('USD')
    expect(locked).toMatchObject({ rate: '0.3142', pair: 'PI/USD', source: new URL(sandbox.platformUrl).host })
    sandbox.rates.setAge(10 * 60_000 + 5_000)
    await expect(rates.rate('USD')).rejects.toMatchObject({ code: 'rate_stale' })
    sandbox.rates.reset()
    sandbox.rates.setOutage('server_error')
    await expect(rates.rate('USD')).rejects.toMatchObject({ code: 'rate_source_down' })
    sandbox.rates.reset()
    await expect(rates.rate('CHF')).rejects.toMatchObject({ code: 'rate_unavailable' })
  })
})
