// The buyer's side of the sandbox: Pi users who pay (or lie about paying) a sandbox app.
export { Buyer, type BuyerOptions, type PaymentRequest, type SubmitOptions, type Submission } from './buyer'
export { LIE_KINDS, VERIFICATION_ERROR_OF_LIE, type LieKind } from './lies'
export { payInvoice, wrongMemoFor, INVOICE_PAYMENT_KINDS, type InvoicePayment, type InvoicePaymentKind, type InvoiceToPay, type MovableClock, type PayingWallet } from './invoice-payer'
export { buildSignedPayment, PI_BASE_FEE_STROOPS, type NativeTransfer, type SignedEnvelope } from './envelope'
