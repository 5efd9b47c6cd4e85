// /transactions: submission (the envelope as the form field `tx`), lookup by hash, and listings.
// A submission answers only once its ledger closed: 200 with the transaction, or 400 with
// Horizon's transaction_failed / transaction_malformed problem.
import type { RequestContext } from '../../http/context'
import { jsonReply, type HandlerResult } from '../../http/reply'
import type { Router } from '../../http/router'
import { HAL_JSON, parseCollectionParams, serveCollection } from '../collections'
import { badRequest, notFound, transactionFailed, transactionMalformed } from '../problems'
import { operationResource, transactionResource } from '../resources'
import type { HorizonDeps } from './deps'

const HASH = /^[0-9a-f]{64}$/
const invalidHash = (): HandlerResult => badRequest('tx_id', 'Transaction hash must be a hex-encoded, lowercase SHA-256 hash')

async function envelopeOf(ctx: RequestContext): Promise<string> {
  // Go's ParseForm reads the body only for form-encoded requests; the query string counts too.
  const fromBody = (ctx.header('content-type') ?? '').includes('application/x-www-form-urlencoded') ? (await ctx.form()).get('tx') : null
  return fromBody ?? ctx.query.get('tx') ?? ''
}

export function registerTransactionRoutes(router: Router, { chain, headers }: HorizonDeps): void {
  router.post('/transactions', async (ctx) => {
    const envelope = await envelopeOf(ctx)
    if (envelope.trim() === '') return transactionMalformed(envelope)
    const outcome = chain.submit(envelope)
    if (outcome.kind === 'rejected') {
      return outcome.malformed === true ? transactionMalformed(envelope) : transactionFailed(envelope, outcome.resultCodes, outcome.resultXdr)
    }
    const record = chain.transaction(outcome.transaction.hash)
    return record === undefined ? notFound() : jsonReply(200, transactionResource(ctx.baseUrl, record), HAL_JSON)
  })

  router.get('/transactions', (ctx) => {
    const params = parseCollectionParams(ctx, chain)
    if ('status' in params) return params
    return serveCollection(ctx, chain, params, {
      grows: 'transactions',
      fetch: (query) => chain.transactions(query),
      render: (tx) => transactionResource(ctx.baseUrl, tx)
    }, headers())
  })

  router.get('/transactions/:hash', (ctx) => {
    const hash = ctx.params.hash ?? ''
    if (!HASH.test(hash)) return invalidHash()
    const record = chain.transaction(hash)
    return record === undefined ? notFound() : jsonReply(200, transactionResource(ctx.baseUrl, record), HAL_JSON)
  })

  const operations = (ctx: RequestContext): HandlerResult => {
    const hash = ctx.params.hash ?? ''
    if (!HASH.test(hash)) return invalidHash()
    if (chain.transaction(hash) === undefined) return notFound()
    const params = parseCollectionParams(ctx, chain, { joinable: true })
    if ('status' in params) return params
    return serveCollection(ctx, chain, params, {
      grows: 'transactions',
      fetch: (query) => chain.transactionOperations(hash, query) ?? [],
      render: (op) => operationResource(ctx.baseUrl, op)
    }, headers())
  }
  router.get('/transactions/:hash/operations', operations)
  router.get('/transactions/:hash/payments', operations)
}
