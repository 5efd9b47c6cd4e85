// JSON-RPC 2.0 as the gateway speaks it (https://www.jsonrpc.org/specification): one request per
// POST, answered with `result` or `error`. The standard codes for a broken request; the app's own
// refusals (UserFacingError) as server errors in -32000..-32099, with the stable code in
// `error.data.code` and the sentence a person reads in `error.message`.
import { isUserFacingError } from '../../shared/errors'

export const PARSE_ERROR = -32700
export const INVALID_REQUEST = -32600
export const METHOD_NOT_FOUND = -32601
export const INVALID_PARAMS = -32602
export const INTERNAL_ERROR = -32603
/** The app refused (a rate source down, a memo taken, no app wallet...). */
export const APP_ERROR = -32000
/** No token, or the wrong one (HTTP 401). */
export const UNAUTHORIZED = -32001
/** The caller's address is not on the allow list (HTTP 403). */
export const ADDRESS_REFUSED = -32002
/** No invoice with that id on the network in use. */
export const NOT_FOUND = -32004

export type RequestId = string | number

export interface RpcError {
  readonly code: number
  readonly message: string
  readonly data?: { readonly code: string }
}

export interface RpcRequest {
  readonly id: RequestId
  readonly method: string
  readonly params: unknown
}

/** The app's codes that mean "your params are wrong": answered as -32602, not as a server error. */
const PARAM_CODES = new Set([
  'invalid_input',
  'invalid_amount',
  'too_many_decimals',
  'amount_not_positive',
  'amount_negative',
  'amount_out_of_range',
  'invalid_memo',
  'currency_unknown'
])

export function rpcError(code: number, appCode: string, message: string): RpcError {
  return { code, message, data: { code: appCode } }
}

/** An error thrown while answering, as the caller sees it; null when it is not the app's own (a bug). */
export function rpcErrorOf(error: unknown): RpcError | null {
  if (!isUserFacingError(error)) return null
  if (PARAM_CODES.has(error.code)) return rpcError(INVALID_PARAMS, error.code, error.message)
  if (error.code === 'invoice_not_found') return rpcError(NOT_FOUND, error.code, error.message)
  return rpcError(APP_ERROR, error.code, error.message)
}

export function rpcReply(id: RequestId | null, outcome: { readonly result: unknown } | { readonly error: RpcError }): string {
  return JSON.stringify({ jsonrpc: '2.0', id, ...outcome })
}

/** The request in a body, or the error to answer (with the id, when one could be read). */
export function readRpcRequest(body: string): RpcRequest | { readonly error: RpcError; readonly id: RequestId | null } {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return { id: null, error: rpcError(PARSE_ERROR, 'parse_error', 'Parse error: the body is not JSON. Send one JSON-RPC 2.0 request object.') }
  }
  if (Array.isArray(parsed)) {
    return { id: null, error: rpcError(INVALID_REQUEST, 'batch_refused', 'Invalid request: batches are not accepted. Send one request per POST.') }
  }
  if (typeof parsed !== 'object' || parsed === null) {
    return { id: null, error: rpcError(INVALID_REQUEST, 'invalid_request', 'Invalid request: send one JSON-RPC 2.0 request object.') }
  }
  const request = parsed as Record<string, unknown>
  const id = request.id
  const validId = (typeof id === 'string' && id.length <= 200) || (typeof id === 'number' && Number.isFinite(id))
  const idOrNull = validId ? (id as RequestId) : null
  const invalid = (sentence: string) => ({ id: idOrNull, error: rpcError(INVALID_REQUEST, 'invalid_request', `Invalid request: ${sentence}`) })
  if (request.jsonrpc !== '2.0') return invalid('"jsonrpc" must be "2.0".')
  if (!validId) return invalid('give the request an "id" (a number or a string): every method answers with a result.')
  if (typeof request.method !== 'string' || request.method === '') return invalid('"method" must be a method name, e.g. "start_payment".')
  const params = request.params
  if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) {
    return invalid('"params" must be an object of named parameters.')
  }
  const extra = Object.keys(request).filter((key) => !['jsonrpc', 'id', 'method', 'params'].includes(key))
  if (extra.length > 0) return invalid(`unknown member "${extra[0]}".`)
  return { id: idOrNull as RequestId, method: request.method, params: params ?? {} }
}
