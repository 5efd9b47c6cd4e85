// The gateway for the shop (issue 19): JSON-RPC `start_payment` / `get_payment` for a web shop's
// backend (its token, its addresses), the public status JSON and checkout page for its customers,
// and the watching that keeps those invoices settling while it runs. No electron here: the desk
// switches it on through GatewayService, `merchant-desk gateway` likewise.
export { GatewayService, type BackgroundLoop, type GatewayServiceOptions } from './service'
export { gatewayHandlers, type GatewayChannels } from './handlers'
export { startGatewayServer, DEFAULT_GATEWAY_HOST, DEFAULT_GATEWAY_PORT, MAX_BODY_BYTES, type GatewayServerOptions, type RunningGatewayServer } from './server'
export {
  bearerMatches,
  checkGatewayToken,
  parseAllowList,
  GATEWAY_ALLOW_VARIABLE,
  GATEWAY_TOKEN_VARIABLE,
  LOOPBACK_ONLY,
  MIN_GATEWAY_TOKEN_LENGTH,
  type AllowList
} from './access'
export { renderCheckoutPage, escapeHtml, CHECKOUT_POLL_MS, type CheckoutPage } from './checkout-page'
export { callMethod, type GatewayInvoices, type StartedPayment } from './methods'
export {
  APP_ERROR,
  ADDRESS_REFUSED,
  INTERNAL_ERROR,
  INVALID_PARAMS,
  INVALID_REQUEST,
  METHOD_NOT_FOUND,
  NOT_FOUND,
  PARSE_ERROR,
  UNAUTHORIZED,
  type RpcError
} from './json-rpc'
export { watchInvoices, FOLLOW_RETRY_MS, SETTLE_EVERY_MS, type InvoiceWatch, type InvoiceWatchOptions } from './watch'
