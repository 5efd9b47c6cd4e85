// CoinGecko's simple-price routes on a sandbox server. As CoinGecko answers: ids and vs_currencies
// are comma-separated and case-insensitive; an unknown coin id is left out of the answer ({}); an
// unsupported vs currency is a 400 {"error": "invalid vs_currency"}; the free tier's limit is a 429
// with its status object.
import type { RequestContext } from '../http/context'
import { htmlReply, jsonReply, nginxErrorPage, type HttpReply } from '../http/reply'
import type { Router } from '../http/router'
import { PI_COIN_ID, type RateBoard } from './rate-board'

export function registerRateRoutes(router: Router, board: RateBoard): void {
  router.get('/api/v3/simple/price', (ctx) => simplePrice(board, ctx))
  router.get('/api/v3/simple/supported_vs_currencies', () => outageReply(board) ?? jsonReply(200, board.supported()))
  router.get('/api/v3/ping', () => outageReply(board) ?? jsonReply(200, { gecko_says: '(V3) To the Moon!' }))
}

function outageReply(board: RateBoard): HttpReply | null {
  switch (board.currentOutage()) {
    case null:
      return null
    case 'rate_limited':
      return jsonReply(429, { status: { error_code: 429, error_message: "You've exceeded the Rate Limit. Please visit https://www.coingecko.com/en/api/pricing to subscribe to our API plans for higher rate limits." } })
    case 'html':
      return htmlReply(502, nginxErrorPage(502), { Server: 'cloudflare' })
    case 'server_error':
      return jsonReply(500, { error: 'Internal Server Error' })
  }
}

function list(value: string | null): string[] {
  return (value ?? '').split(',').map((item) => item.trim().toLowerCase()).filter((item) => item !== '')
}

function simplePrice(board: RateBoard, ctx: RequestContext): HttpReply {
  const down = outageReply(board)
  if (down !== null) return down
  const ids = list(ctx.query.get('ids'))
  const currencies = list(ctx.query.get('vs_currencies'))
  if (ids.length === 0) return jsonReply(400, { error: 'Missing parameter ids' })
  if (currencies.length === 0) return jsonReply(400, { error: 'Missing parameter vs_currencies' })
  if (currencies.some((currency) => board.rate(currency) === undefined)) return jsonReply(400, { error: 'invalid vs_currency' })
  const withTime = ctx.query.get('include_last_updated_at') === 'true'
  const answer: Record<string, Record<string, number>> = {}
  for (const id of ids) {
    if (id !== PI_COIN_ID) continue
    const prices: Record<string, number> = {}
    for (const currency of currencies) prices[currency] = board.rate(currency) ?? 0
    if (withTime) prices['last_updated_at'] = board.lastUpdatedAt()
    answer[id] = prices
  }
  return jsonReply(200, answer)
}
