// Signed postbacks (issue 19): the journal of what the desk owes a shop's backend (written inside
// the transaction of the change it reports), the deliverer that signs, sends, retries and records
// every attempt, the deliveries list and redelivery, and the hooks that tell the shop what staff
// did to its Pi payments.
export { queuePostback, claimNextPostback, recordAttempt, redeliverPostback, type PostbackInput, type ClaimedPostback, type AttemptOutcome } from './journal'
export { listPostbacks, toPostbackView, type PostbackListFilter } from './list'
export { checkPostbackUrl, normalisedPostbackUrl } from './postback-url'
export { afterFailure, retryDelayMs, FIRST_RETRY_MS, LONGEST_WAIT_MS, RETRY_WINDOW_MS } from './schedule'
export {
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  SIGNATURE_TOLERANCE_SECONDS,
  postbackDigest,
  signatureHeaderValue,
  verifyPostbackSignature,
  type SignatureCheck
} from './signature'
export { postWithFetch, describeSendFailure, type PostbackRequest, type PostbackSender, type SendResult } from './send'
export {
  PostbackDeliverer,
  NO_SECRET_SENTENCE,
  POSTBACK_LEASE_MS,
  POSTBACK_TIMEOUT_MS,
  type DeliveryRound,
  type PostbackDelivererOptions,
  type PostbackSecret
} from './deliverer'
export { PostbackService, type PostbackServiceOptions } from './service'
export { postbackHandlers, type PostbackChannels } from './handlers'
export {
  paymentPostbacks,
  type CompletedRefund,
  type PaymentPostbackHooks,
  type PaymentPostbackOptions,
  type PostbackUrlSource,
  type StaffPaymentAction
} from './payment-events'
export { invoicePostbacks, type InvoicePostbackHooks, type InvoicePostbackOptions } from './invoice-events'
export { POSTBACK_URL_SETTING, readPostbackUrlSetting, savePostbackUrlSetting } from './url-setting'
