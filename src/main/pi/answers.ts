// Invariant: an answer from the Pi Platform API becomes a domain value only after every field the
// app relies on has been validated; otherwise it is a `pi_malformed_answer` error that names the
// field. Unknown extra fields are tolerated (Pi adds undocumented ones).
import { z } from 'zod'
import { paymentDtoSchema, paymentFromDto, parsePiTimestamp, type Payment } from '../../shared/payments'
import { PiApiError } from './errors'

/** The signed-in buyer, from GET /v2/me. */
export interface PiUser {
  readonly uid: string
  /** Only present when the buyer granted the `username` scope. */
  readonly username: string | null
  readonly scopes: readonly string[]
  /** When the buyer's access token stops working. */
  readonly validUntil: Date
}

const userDtoSchema = z.looseObject({
  uid: z.string().min(1),
  username: z.string().optional(),
  credentials: z.looseObject({
    scopes: z.array(z.string()),
    valid_until: z.looseObject({
      timestamp: z.number().optional(),
      iso8601: z.string().refine((text) => parsePiTimestamp(text) !== null, 'not an ISO-8601 date and time')
    })
  })
})

const incompleteWrapperSchema = z.looseObject({
  incomplete_server_payments: z.array(z.unknown())
})

export function malformedAnswer(detail: string, httpStatus: number | null = 200): PiApiError {
  return new PiApiError({ code: 'pi_malformed_answer', httpStatus, detail })
}

/** "amount: Pi amounts have at most 7 decimals" for the first problems zod found. */
export function describeIssues(error: z.ZodError, prefix = ''): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.')
      return `${path || 'answer'}: ${issue.message}`
    })
    .join('; ')
}

/** A PaymentDTO, validated and converted; `where` prefixes the field path in the error. */
export function readPaymentAnswer(json: unknown, where = ''): Payment {
  const result = paymentDtoSchema.safeParse(json)
  if (!result.success) throw malformedAnswer(describeIssues(result.error, where))
  try {
    return paymentFromDto(result.data)
  } catch (error) {
    throw malformedAnswer(`${where || 'payment'}: ${error instanceof Error ? error.message : 'unreadable'}`)
  }
}

/** The payment attached to an error answer, when there is a readable one (else null, not an error). */
export function readAttachedPayment(json: unknown): Payment | null {
  try {
    return json === undefined || json === null ? null : readPaymentAnswer(json)
  } catch {
    return null
  }
}

/** GET /v2/payments/incomplete_server_payments answers a wrapper object, not an array. */
export function readIncompleteAnswer(json: unknown): Payment[] {
  const wrapper = incompleteWrapperSchema.safeParse(json)
  if (!wrapper.success) throw malformedAnswer(describeIssues(wrapper.error))
  return wrapper.data.incomplete_server_payments.map((entry, index) =>
    readPaymentAnswer(entry, `incomplete_server_payments.${index}`)
  )
}

export function readUserAnswer(json: unknown): PiUser {
  const result = userDtoSchema.safeParse(json)
  if (!result.success) throw malformedAnswer(describeIssues(result.error))
  const dto = result.data
  const validUntil = parsePiTimestamp(dto.credentials.valid_until.iso8601)
  if (validUntil === null) throw malformedAnswer('credentials.valid_until.iso8601: not an ISO-8601 date and time')
  return {
    uid: dto.uid,
    username: dto.username ?? null,
    scopes: dto.credentials.scopes,
    validUntil
  }
}
