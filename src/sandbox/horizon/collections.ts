// Horizon collections: query parameters checked as Horizon checks them, HAL pages whose
// next/prev links carry the right cursor, and the same collection as a server-sent-event stream
// when the client asks for text/event-stream (`cursor=now` streams only what lands later).
import type { SimChain } from '../chain/sim-chain'
import { CursorError, parseCursor, type PageOrder, type PageQuery } from '../chain/paging'
import { orderKeyOf, type OrderKey } from '../chain/toid'
import type { RequestContext } from '../http/context'
import { STREAMED, jsonReply, type HandlerResult, type HttpReply } from '../http/reply'
import { openEventStream } from '../http/sse'
import { link } from './format'
import { badRequest } from './problems'
import type { Json, Pageable } from './resources'

export const DEFAULT_LIMIT = 10
export const MAX_LIMIT = 200
export const HAL_JSON = 'application/hal+json; charset=utf-8'

export interface CollectionParams {
  /** The cursor as the client sent it ("" when absent). */
  readonly cursor: string
  readonly key: OrderKey | undefined
  readonly order: PageOrder
  readonly limit: number
  readonly includeFailed: boolean
  readonly join: boolean
}

export interface CollectionOptions {
  readonly joinable?: boolean
  readonly filtersFailed?: boolean
}

export function parseCollectionParams(ctx: RequestContext, chain: SimChain, options: CollectionOptions = {}): CollectionParams | HttpReply {
  const { query } = ctx
  const order = query.get('order') ?? 'asc'
  if (order !== 'asc' && order !== 'desc') return badRequest('order', 'order: must be "asc" or "desc"')
  const limitText = query.get('limit')
  let limit = DEFAULT_LIMIT
  if (limitText !== null && limitText !== '') {
    if (!/^\d+$/.test(limitText) || Number(limitText) === 0) return badRequest('limit', 'limit: must be a positive integer')
    limit = Number(limitText)
    if (limit > MAX_LIMIT) return badRequest('limit', `limit: must not exceed ${MAX_LIMIT}`)
  }
  // Streams resume from the last event they saw, as EventSource reports it.
  const cursor = query.get('cursor') ?? ctx.header('last-event-id') ?? ''
  let key: OrderKey | undefined
  try {
    key = parseCursor(cursor, chain.latestLedger().sequence)
  } catch (error) {
    if (error instanceof CursorError) return badRequest('cursor', error.message)
    throw error
  }
  const join = query.get('join')
  if (join !== null && join !== '' && (options.joinable !== true || join !== 'transactions')) {
    return badRequest('join', options.joinable === true ? 'join: only "transactions" can be joined' : 'join: not supported on this endpoint')
  }
  const includeFailed = query.get('include_failed')
  if (includeFailed !== null && includeFailed !== '' && includeFailed !== 'true' && includeFailed !== 'false') {
    return badRequest('include_failed', 'include_failed: must be "true" or "false"')
  }
  return { cursor, key, order, limit, includeFailed: includeFailed === 'true', join: join === 'transactions' }
}

/** One collection, whichever records it holds: fetch a page, render a record. */
export interface Collection<R> {
  fetch(query: PageQuery & { readonly includeFailed: boolean; readonly join: boolean }): R[]
  render(record: R): Pageable
  /** What makes new records appear: a landed transaction, or a closed ledger. */
  readonly grows: 'transactions' | 'ledgers'
}

export function serveCollection<R>(ctx: RequestContext, chain: SimChain, params: CollectionParams, collection: Collection<R>, headers: Readonly<Record<string, string>>): HandlerResult {
  if (wantsEventStream(ctx)) return streamCollection(ctx, chain, params, collection, headers)
  const records = collection.fetch({ cursor: params.key, order: params.order, limit: params.limit, includeFailed: params.includeFailed, join: params.join })
  const rendered = records.map((record) => collection.render(record))
  return jsonReply(200, pageResource(ctx, params, rendered), HAL_JSON)
}

export function wantsEventStream(ctx: RequestContext): boolean {
  return ctx.header('accept')?.includes('text/event-stream') === true
}

/** Horizon's page links: the request's own query with cursor, limit and order set, keys sorted. */
export function pageResource(ctx: RequestContext, params: CollectionParams, records: readonly Pageable[]): Json {
  const href = (cursor: string, order: PageOrder): string => {
    const query = new URLSearchParams(ctx.query)
    query.set('cursor', cursor)
    query.set('limit', String(params.limit))
    query.set('order', order)
    query.sort()
    return `${ctx.baseUrl}${ctx.path}?${query.toString()}`
  }
  const inverted: PageOrder = params.order === 'asc' ? 'desc' : 'asc'
  const first = records[0]
  const last = records[records.length - 1]
  return {
    _links: {
      self: link(href(params.cursor, params.order)),
      next: link(href(last === undefined ? params.cursor : last.paging_token, params.order)),
      prev: link(href(first === undefined ? params.cursor : first.paging_token, inverted))
    },
    _embedded: { records }
  }
}

const STREAM_BATCH = 200

function streamCollection<R>(ctx: RequestContext, chain: SimChain, params: CollectionParams, collection: Collection<R>, headers: Readonly<Record<string, string>>): HandlerResult {
  const stream = openEventStream(ctx, headers)
  // Horizon's preamble: a reconnect delay and an "open" event whose data is the JSON string "hello".
  stream.send({ retry: 1000, event: 'open', data: JSON.stringify('hello') })
  let cursor = params.key
  let scheduled = false

  const flush = (): void => {
    scheduled = false
    while (!stream.closed) {
      const records = collection.fetch({ cursor, order: 'asc', limit: STREAM_BATCH, includeFailed: params.includeFailed, join: params.join })
      for (const record of records) {
        const json = collection.render(record)
        const token = json.paging_token
        stream.send({ id: token, data: JSON.stringify(json) })
        cursor = orderKeyOf(BigInt(token))
      }
      if (records.length < STREAM_BATCH) return
    }
  }
  const schedule = (): void => {
    if (scheduled) return
    scheduled = true
    setImmediate(flush)
  }
  const unsubscribe = collection.grows === 'transactions' ? chain.onTransaction(schedule) : chain.onLedgerClosed(schedule)
  ctx.onClose(unsubscribe)
  flush()
  return STREAMED
}
