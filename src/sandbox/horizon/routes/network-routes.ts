// The root document, fee statistics, ledgers, and the network-wide operation listings.
import { PROTOCOL_VERSION } from '../../chain/constants'
import type { SimChain } from '../../chain/sim-chain'
import type { RequestContext } from '../../http/context'
import { jsonReply, type HandlerResult } from '../../http/reply'
import type { Router } from '../../http/router'
import { HAL_JSON, parseCollectionParams, serveCollection } from '../collections'
import { horizonTime, link, template } from '../format'
import { badRequest, notFound } from '../problems'
import { ledgerResource, operationResource, type Json } from '../resources'
import type { HorizonDeps } from './deps'

/** Labelled as the sandbox: Pi runs its own Horizon fork whose exact version string is unknown. */
export const HORIZON_VERSION = '2.23.1-pi-sandbox'
export const CORE_VERSION = 'stellar-core 19.6.0 (pi-sandbox)'

function rootResource(base: string, chain: SimChain): Json {
  const latest = chain.latestLedger()
  const elder = chain.ledgers({ order: 'asc', limit: 1 })[0]
  return {
    _links: {
      account: template(`${base}/accounts/{account_id}`),
      accounts: template(`${base}/accounts{?signer,sponsor,asset,liquidity_pool,cursor,limit,order}`),
      account_transactions: template(`${base}/accounts/{account_id}/transactions{?cursor,limit,order}`),
      fee_stats: link(`${base}/fee_stats`),
      ledger: template(`${base}/ledgers/{sequence}`),
      ledgers: template(`${base}/ledgers{?cursor,limit,order}`),
      operation: template(`${base}/operations/{id}`),
      operations: template(`${base}/operations{?cursor,limit,order,include_failed}`),
      payments: template(`${base}/payments{?cursor,limit,order,include_failed}`),
      self: link(`${base}/`),
      transaction: template(`${base}/transactions/{hash}`),
      transactions: template(`${base}/transactions{?cursor,limit,order}`)
    },
    horizon_version: HORIZON_VERSION,
    core_version: CORE_VERSION,
    ingest_latest_ledger: latest.sequence,
    history_latest_ledger: latest.sequence,
    history_latest_ledger_closed_at: horizonTime(latest.closedAt),
    history_elder_ledger: elder?.sequence ?? latest.sequence,
    core_latest_ledger: latest.sequence,
    network_passphrase: chain.networkPassphrase,
    current_protocol_version: PROTOCOL_VERSION,
    supported_protocol_version: PROTOCOL_VERSION,
    core_supported_protocol_version: PROTOCOL_VERSION
  }
}

const PERCENTILES = [10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 99] as const

/** Horizon's fee distribution block; with no recent transactions every figure is the base fee. */
function distribution(sorted: readonly bigint[], baseFee: number): Record<string, string> {
  const values = sorted.length === 0 ? [BigInt(baseFee)] : sorted
  const at = (p: number): bigint => values[Math.max(0, Math.ceil((p / 100) * values.length) - 1)] ?? BigInt(baseFee)
  const counts = new Map<bigint, number>()
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1)
  let mode = values[0] ?? BigInt(baseFee)
  for (const [value, count] of counts) if (count > (counts.get(mode) ?? 0) || (count === counts.get(mode) && value < mode)) mode = value
  const block: Record<string, string> = {
    max: String(values[values.length - 1]),
    min: String(values[0]),
    mode: String(mode)
  }
  for (const p of PERCENTILES) block[`p${p}`] = String(at(p))
  return block
}

export function registerNetworkRoutes(router: Router, { chain, headers }: HorizonDeps): void {
  router.get('/', (ctx) => jsonReply(200, rootResource(ctx.baseUrl, chain), HAL_JSON))

  router.get('/fee_stats', () => {
    const stats = chain.feeStats()
    return jsonReply(200, {
      last_ledger: String(stats.lastLedger),
      last_ledger_base_fee: String(stats.lastLedgerBaseFee),
      ledger_capacity_usage: stats.ledgerCapacityUsage.toFixed(2),
      fee_charged: distribution(stats.feeCharged, stats.lastLedgerBaseFee),
      max_fee: distribution(stats.maxFee, stats.lastLedgerBaseFee)
    }, HAL_JSON)
  })

  router.get('/ledgers', (ctx) => {
    const params = parseCollectionParams(ctx, chain)
    if ('status' in params) return params
    return serveCollection(ctx, chain, params, {
      grows: 'ledgers',
      fetch: (query) => chain.ledgers(query),
      render: (ledger) => ledgerResource(ctx.baseUrl, ledger)
    }, headers())
  })

  router.get('/ledgers/:sequence', (ctx) => {
    const text = ctx.params.sequence ?? ''
    if (!/^\d{1,10}$/.test(text) || Number(text) > 0x7fff_ffff) return badRequest('sequence', 'sequence: must be a ledger number')
    const ledger = chain.ledger(Number(text))
    return ledger === undefined ? notFound() : jsonReply(200, ledgerResource(ctx.baseUrl, ledger), HAL_JSON)
  })

  const operations = (ctx: RequestContext): HandlerResult => {
    const params = parseCollectionParams(ctx, chain, { joinable: true })
    if ('status' in params) return params
    return serveCollection(ctx, chain, params, {
      grows: 'transactions',
      fetch: (query) => chain.operations(query),
      render: (op) => operationResource(ctx.baseUrl, op)
    }, headers())
  }
  router.get('/operations', operations)
  router.get('/payments', operations)

  router.get('/operations/:id', (ctx) => {
    const id = ctx.params.id ?? ''
    if (!/^\d{1,19}$/.test(id)) return badRequest('id', 'id: must be an operation id')
    const join = ctx.query.get('join') === 'transactions'
    const op = chain.operation(id, join)
    return op === undefined ? notFound() : jsonReply(200, operationResource(ctx.baseUrl, op), HAL_JSON)
  })
}
