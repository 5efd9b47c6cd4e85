// A new invoice: an amount in Pi, or a price in a fiat currency that main converts at the rate it
// fetches and locks into the invoice (the detail then shows that rate, its pair, source and time).
// Main parses every amount exactly and says what is wrong; its sentence lands on the field it is
// about (the amount, the currency, the memo) or, for the rate source, above the form.
import { useId, useState } from 'react'
import type { ContractError, InvoiceCreateInput, InvoiceView } from '../../../shared/contract'
import { DEFAULT_INVOICE_EXPIRY_MINUTES, MAX_INVOICE_MEMO_BYTES } from '../../../shared/contract'
import { useChannelAction } from '../api'
import { AmountField, Button, ErrorBanner, TextField } from '../ui'

type PriceKind = 'pi' | 'fiat'
type FormField = 'amount' | 'currency' | 'memo' | 'expires' | 'postback'

/** What the form itself finds missing, before asking main. */
interface Missing {
  readonly field: FormField
  readonly message: string
}

interface Draft {
  readonly kind: PriceKind
  readonly amount: string
  readonly fiatAmount: string
  readonly currency: string
  readonly order: string
  readonly memo: string
  readonly expiresIn: string
  readonly postbackUrl: string
}

const EMPTY: Draft = { kind: 'pi', amount: '', fiatAmount: '', currency: 'USD', order: '', memo: '', expiresIn: String(DEFAULT_INVOICE_EXPIRY_MINUTES), postbackUrl: '' }

const AMOUNT_CODES = new Set(['invalid_amount', 'too_many_decimals', 'amount_not_positive', 'amount_negative'])

export interface InvoiceFormProps {
  readonly onCreated: (invoice: InvoiceView) => void
}

export function InvoiceForm({ onCreated }: InvoiceFormProps) {
  const id = useId()
  const create = useChannelAction('invoices:create')
  const [draft, setDraft] = useState<Draft>(EMPTY)
  const [missing, setMissing] = useState<Missing | null>(null)
  const edit = (change: Partial<Draft>) => {
    setDraft({ ...draft, ...change })
    setMissing(null)
    create.clearError()
  }

  const error = create.error
  const on = (field: FormField): string | null => (missing?.field === field ? missing.message : fieldError(error, field))
  const elsewhere = error !== null && (['amount', 'currency', 'memo', 'expires', 'postback'] as const).every((field) => on(field) === null)

  async function submit() {
    const input = toInput(draft)
    if ('field' in input) {
      setMissing(input)
      return
    }
    const answer = await create.run(input)
    if (answer.ok) {
      setDraft({ ...EMPTY, kind: draft.kind, currency: draft.currency })
      onCreated(answer.value)
    }
  }

  return (
    <form
      className="stack invoice-form"
      noValidate
      data-invoice-form=""
      onSubmit={(event) => {
        event.preventDefault()
        if (!create.pending) void submit()
      }}
    >
      <fieldset className="stack" disabled={create.pending}>
        <div className="segmented" role="radiogroup" aria-label="Price in">
          {(['pi', 'fiat'] as const).map((kind) => (
            <label key={kind} className={kind === draft.kind ? 'segmented__option segmented__option--active' : 'segmented__option'}>
              <input
                type="radio"
                className="visually-hidden"
                name={`${id}-kind`}
                value={kind}
                checked={kind === draft.kind}
                onChange={() => edit({ kind })}
                data-price-kind={kind}
              />
              {kind === 'pi' ? 'Amount in Pi' : 'Price in a currency'}
            </label>
          ))}
        </div>
        <div className="form-row form-row--fields">
          {draft.kind === 'pi' ? (
            <AmountField
              label="Amount (π)"
              value={draft.amount}
              onChange={(amount) => edit({ amount })}
              error={on('amount')}
              hint="Up to 7 decimals, e.g. 12.5"
              data-invoice-amount=""
            />
          ) : (
            <>
              <AmountField
                label="Price"
                value={draft.fiatAmount}
                onChange={(fiatAmount) => edit({ fiatAmount })}
                error={on('amount')}
                hint="Converted to Pi at the rate of the moment, which the invoice keeps."
                data-invoice-fiat-amount=""
              />
              <TextField
                label="Currency"
                value={draft.currency}
                maxLength={3}
                autoComplete="off"
                spellCheck={false}
                onChange={(event) => edit({ currency: event.target.value.toUpperCase() })}
                error={on('currency')}
                hint="ISO 4217 code: USD, EUR, NGN…"
                data-invoice-currency=""
              />
            </>
          )}
        </div>
        <div className="form-row form-row--fields">
          <TextField
            label="Order reference (optional)"
            value={draft.order}
            autoComplete="off"
            onChange={(event) => edit({ order: event.target.value })}
            hint="Your own note for this sale, e.g. a receipt number."
            data-invoice-order=""
          />
          <TextField
            label="Expires after (minutes)"
            value={draft.expiresIn}
            inputMode="numeric"
            autoComplete="off"
            onChange={(event) => edit({ expiresIn: event.target.value })}
            error={on('expires')}
            hint="A payment after that still counts, as paid late."
            data-invoice-expires=""
          />
        </div>
        <details className="invoice-form__more">
          <summary>Your own memo, or a postback to your shop</summary>
          <TextField
            label="Memo (optional)"
            value={draft.memo}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => edit({ memo: event.target.value })}
            error={on('memo')}
            hint={`Left empty, Merchant Desk makes one (md- and 10 letters). Yours: up to ${MAX_INVOICE_MEMO_BYTES} plain characters, used by no other invoice.`}
            data-invoice-memo=""
          />
          <TextField
            label="Postback URL (optional)"
            value={draft.postbackUrl}
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => edit({ postbackUrl: event.target.value })}
            error={on('postback')}
            hint="Your shop's backend, told (signed) when the invoice is seen, paid, expires or is refunded. http:// or https:// only."
            data-invoice-postback-url=""
          />
        </details>
      </fieldset>
      {elsewhere && error ? <ErrorBanner error={error} title="The invoice was not made" /> : null}
      <div className="form-row">
        <Button type="submit" variant="primary" disabled={create.pending} data-create-invoice="">
          {create.pending ? (draft.kind === 'fiat' ? 'Fetching the rate…' : 'Making the invoice…') : 'Make invoice'}
        </Button>
      </div>
    </form>
  )
}

/** The channel's input, or what is missing and where. */
function toInput(draft: Draft): InvoiceCreateInput | Missing {
  const minutes = draft.expiresIn.trim()
  const common = {
    ...(draft.order.trim() ? { order: draft.order.trim() } : {}),
    ...(draft.memo.trim() ? { memo: draft.memo.trim() } : {}),
    ...(draft.postbackUrl.trim() ? { postbackUrl: draft.postbackUrl.trim() } : {}),
    ...(minutes && /^\d+$/.test(minutes) ? { expiresInMinutes: Number(minutes) } : {})
  }
  if (minutes && !/^\d+$/.test(minutes)) return { field: 'expires', message: 'Enter a whole number of minutes, e.g. 60.' }
  if (draft.kind === 'pi') {
    if (!draft.amount.trim()) return { field: 'amount', message: 'Enter the amount in Pi the customer pays.' }
    return { amount: draft.amount.trim(), ...common }
  }
  if (!draft.fiatAmount.trim()) return { field: 'amount', message: 'Enter the price.' }
  return { fiatAmount: draft.fiatAmount.trim(), currency: draft.currency.trim(), ...common }
}

/** Which field main's refusal is about, so its sentence sits under that field. */
function fieldError(error: ContractError | null, field: FormField): string | null {
  if (error === null) return null
  if (field === 'amount' && AMOUNT_CODES.has(error.code)) return error.message
  if (field === 'currency' && (error.code === 'currency_unknown' || (error.code === 'invalid_input' && /currency/i.test(error.message)))) return error.message
  if (field === 'memo' && (error.code === 'invalid_memo' || error.code === 'memo_taken')) return error.message
  if (field === 'expires' && error.code === 'invalid_input' && /expir|minute/i.test(error.message)) return error.message
  if (field === 'postback' && error.code === 'invalid_input' && /postback/i.test(error.message)) return error.message
  return null
}
