// Invoices for direct Pi payments (issue 19): made at the desk, the command line or the shop's
// gateway; settled by the chain payments that carry their memo (settle.ts, called by the sync).
export { InvoiceService, type InvoiceCreator, type InvoiceServiceOptions } from './service'
export { invoiceHandlers, type InvoiceChannels } from './handlers'
export { settleInvoices, ANNOUNCED_INVOICE_EVENTS, SETTLED_STREAM, SETTLE_LOOKBACK_MS, type InvoiceHooks, type SettleOptions, type SettlementReport } from './settle'
export { deriveInvoiceStatus, inChainOrder, type CountedPayment, type DerivedStatus, type InvoiceFacts } from './status'
export { invoiceStatusJson, readInvoiceView, toInvoiceSummary, toInvoiceView } from './views'
export { invoicePayUri } from './uri'
export { markInvoiceRefunded, noteDirectRefund, type CompletedDirectRefund, type InvoiceRefund } from './refunded'
export { checkShopMemo, isInvoiceId, newInvoiceId, newInvoiceMemo, INVOICE_ID_PATTERN, INVOICE_MEMO_PREFIX } from './ids'
