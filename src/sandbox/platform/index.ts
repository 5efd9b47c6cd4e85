// The Pi Platform API simulator: what the sandbox, the buyer side and tests import.
export { startPlatform, servePlatform, type PlatformOptions, type RunningPlatform } from './server'
export { PlatformState, DEFAULT_PLATFORM_RULES, type PlatformNetwork, type PlatformRules, type NewUser } from './state'
export type { SandboxApp, PlatformUser, PaymentRecord, PaymentDirection, PaymentStatus } from './records'
export { WALLET_ADDRESS_SCOPE } from './records'
export type { PaymentDTO, UserDTO } from './dto'
export { PlatformError, type PlatformErrorCode, type VerificationErrorCode } from './errors'
export { checkPaymentTransaction, type TransactionCheck } from './verify-transaction'
export { isPaymentIdentifier, newApiKey, PAYMENT_IDENTIFIER_LENGTH } from './identifiers'
