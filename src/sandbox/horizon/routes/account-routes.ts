// /accounts/{G}: the account itself, and its transactions, operations and payments (which, with
// only payment and create_account operations simulated, are the same records).
import { isAccountAddress } from '../../chain/strkey'
import type { RequestContext } from '../../http/context'
import { jsonReply, type HandlerResult } from '../../http/reply'
import type { Router } from '../../http/router'
import { HAL_JSON, parseCollectionParams, serveCollection } from '../collections'
import { badRequest, notFound } from '../problems'
import { accountResource, operationResource, transactionResource } from '../resources'
import type { HorizonDeps } from './deps'

function accountId(ctx: RequestContext): string | undefined {
  const id = ctx.params.account_id ?? ''
  return isAccountAddress(id) ? id : undefined
}

const invalidAccount = (): HandlerResult => badRequest('account_id', 'Account ID must start with `G` and contain 56 alphanum characters')

export function registerAccountRoutes(router: Router, { chain, headers }: HorizonDeps): void {
  router.get('/accounts/:account_id', (ctx) => {
    const id = accountId(ctx)
    if (id === undefined) return invalidAccount()
    const account = chain.accountDetails(id)
    return account === undefined ? notFound() : jsonReply(200, accountResource(ctx.baseUrl, account), HAL_JSON)
  })

  router.get('/accounts/:account_id/transactions', (ctx) => {
    const id = accountId(ctx)
    if (id === undefined) return invalidAccount()
    const params = parseCollectionParams(ctx, chain)
    if ('status' in params) return params
    return serveCollection(ctx, chain, params, {
      grows: 'transactions',
      fetch: (query) => chain.accountTransactions(id, query),
      render: (tx) => transactionResource(ctx.baseUrl, tx)
    }, headers())
  })

  const operations = (ctx: RequestContext): HandlerResult => {
    const id = accountId(ctx)
    if (id === undefined) return invalidAccount()
    const params = parseCollectionParams(ctx, chain, { joinable: true })
    if ('status' in params) return params
    return serveCollection(ctx, chain, params, {
      grows: 'transactions',
      fetch: (query) => chain.accountOperations(id, query),
      render: (op) => operationResource(ctx.baseUrl, op)
    }, headers())
  }
  router.get('/accounts/:account_id/operations', operations)
  router.get('/accounts/:account_id/payments', operations)
}
