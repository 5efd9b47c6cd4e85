// Pi payments as the app understands them: the validated API record, the domain type, and the one
// function that says what state a payment is in.
export {
  PAYMENT_IDENTIFIER_PATTERN,
  TXID_PATTERN,
  ACCOUNT_ADDRESS_PATTERN,
  PAYMENT_DIRECTIONS,
  type PaymentDirection,
  type PaymentDto,
  type PiStatusFlags,
  type PaymentTransaction,
  type Payment,
  paymentDtoSchema,
  isPaymentIdentifier,
  isTxid,
  paymentFromDto,
  parsePaymentDto,
  readPayment
} from './types'
export {
  DISPLAY_STATUSES,
  type DisplayStatus,
  CHAIN_FAILURE_REASONS,
  type ChainFailureReason,
  type ChainCheck,
  EXCEPTION_FLAGS,
  type ExceptionFlag,
  APPROVAL_WINDOW_MS,
  type PaymentFacts,
  type DerivedPaymentStatus,
  derivePaymentStatus,
  isFinal
} from './status'
export { DISPLAY_STATUS_LABELS, EXCEPTION_FLAG_EXPLANATIONS } from './labels'
export { parsePiTimestamp } from './timestamp'
export { paymentLink } from './link'
export { UNPAID_LINKED_RULE, UNPAID_LINKED_STEPS, unpaidLinkedAdvice } from './unpaid-linked'
