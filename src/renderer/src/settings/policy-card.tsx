// Settings → Refund policy: for managers and staff, the most one refund may be without approval,
// the most one person may refund in a day, how old a sale may be, whether the reason must be said
// in words, and above what a payout (not a refund) needs approval; and how long an approval stays
// good. Owners are bound by none of it; accountants move no money. Only an owner may change it:
// main refuses anyone else with its sentence, shown here.
import { useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import type { PolicyView, RolePolicyView } from '../../../shared/contract'
import { channelKey, useChannelAction, useChannelQuery } from '../api'
import { plainAmount } from '../refunds/pay-form-parts'
import { AmountField, Button, Card, ErrorBanner, TextField } from '../ui'

type PolicyRole = RolePolicyView['role']

interface RoleDraft {
  readonly maxRefund: string
  readonly dailyLimit: string
  readonly windowDays: string
  readonly requireReason: boolean
  readonly approvalAbove: string
}

const ROLE_TITLES: Readonly<Record<PolicyRole, string>> = { manager: 'Managers', staff: 'Staff' }

function draftOf(view: RolePolicyView): RoleDraft {
  const amount = (value: string | null) => (value === null ? '' : plainAmount(value))
  return {
    maxRefund: amount(view.maxRefund),
    dailyLimit: amount(view.dailyLimit),
    windowDays: view.windowDays === null ? '' : String(view.windowDays),
    requireReason: view.requireReason,
    approvalAbove: amount(view.approvalAbove)
  }
}

/** Whole days from 1 to 3650, null for "any age", or undefined when it is not a number of days. */
function typedDays(text: string): number | null | undefined {
  const trimmed = text.trim()
  if (trimmed === '') return null
  if (!/^\d{1,4}$/.test(trimmed)) return undefined
  const days = Number(trimmed)
  return days >= 1 && days <= 3650 ? days : undefined
}

export function PolicyCard() {
  const policy = useChannelQuery('policy:get')
  const view = policy.data
  return (
    <Card
      title="Refund policy"
      description="What managers and staff may refund and pay on their own. Above it, a refund or payout becomes a request that another person (an owner or a manager, never the one who asked) approves or denies. Owners are bound by none of it; accountants move no money."
    >
      <div className="stack" data-policy-card="">
        {policy.error ? <ErrorBanner error={policy.error} onRetry={policy.reload} /> : null}
        {view ? (
          <div className="grid-2">
            {view.roles.map((role) => (
              <RolePolicyForm key={role.role} role={role} validHours={view.approvalValidHours} />
            ))}
          </div>
        ) : policy.error === null ? (
          <p className="muted" role="status">
            Reading the policy…
          </p>
        ) : null}
      </div>
    </Card>
  )
}

function RolePolicyForm({ role, validHours }: { readonly role: RolePolicyView; readonly validHours: number }) {
  const save = useChannelAction('policy:set')
  const client = useQueryClient()
  const [draft, setDraft] = useState<RoleDraft | null>(null)
  const [hours, setHours] = useState<string | null>(null)
  const [saved, setSaved] = useState(false)
  const value = draft ?? draftOf(role)
  const hoursValue = hours ?? String(validHours)
  const days = typedDays(value.windowDays)
  const hoursNumber = /^\d{1,3}$/.test(hoursValue.trim()) ? Number(hoursValue.trim()) : NaN
  const hoursOk = Number.isInteger(hoursNumber) && hoursNumber >= 1 && hoursNumber <= 720

  const change = (patch: Partial<RoleDraft>) => {
    setDraft({ ...value, ...patch })
    setSaved(false)
    save.clearError()
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (days === undefined || !hoursOk) return
    setSaved(false)
    const answer = await save.run({
      role: role.role,
      maxRefund: value.maxRefund.trim() === '' ? null : value.maxRefund.trim(),
      dailyLimit: value.dailyLimit.trim() === '' ? null : value.dailyLimit.trim(),
      windowDays: days,
      requireReason: value.requireReason,
      approvalAbove: value.approvalAbove.trim() === '' ? null : value.approvalAbove.trim(),
      approvalValidHours: hoursNumber
    })
    if (!answer.ok) return
    client.setQueryData<PolicyView>(channelKey('policy:get'), answer.value)
    setDraft(null)
    setHours(null)
    setSaved(true)
  }

  const prefix = `policy-${role.role}`
  return (
    <form className="stack policy-form" onSubmit={(event) => void submit(event)} noValidate data-policy-role={role.role}>
      <div>
        <h3>{ROLE_TITLES[role.role]}</h3>
        <ul className="bullet-list muted policy-form__now" data-policy-sentences="">
          {role.sentences.map((sentence) => (
            <li key={sentence}>{sentence}</li>
          ))}
        </ul>
        <p className="muted policy-form__set-by">{role.setBy ? `Set by ${role.setBy}.` : 'The defaults: nobody has changed them.'}</p>
      </div>
      {save.error ? <ErrorBanner error={save.error} title="Not saved" /> : null}
      <AmountField
        label="Most one refund may be (Pi)"
        name={`${prefix}-max-refund`}
        value={value.maxRefund}
        hint="Above it, a refund waits for approval. Empty: no limit."
        onChange={(maxRefund) => change({ maxRefund })}
      />
      <AmountField
        label="Most one person may refund a day (Pi)"
        name={`${prefix}-daily-limit`}
        value={value.dailyLimit}
        hint="Counted over the business day, across every desk. Empty: no limit."
        onChange={(dailyLimit) => change({ dailyLimit })}
      />
      <TextField
        label="Refund window (days after the sale)"
        name={`${prefix}-window-days`}
        inputMode="numeric"
        autoComplete="off"
        value={value.windowDays}
        hint="Older sales need approval to refund. Empty: any age."
        error={days === undefined ? 'Whole days from 1 to 3650, or empty for any age.' : null}
        onChange={(event) => change({ windowDays: event.target.value })}
      />
      <label className="policy-form__check">
        <input type="checkbox" name={`${prefix}-require-reason`} checked={value.requireReason} onChange={(event) => change({ requireReason: event.target.checked })} />
        Require the reason in words (not only a reason code)
      </label>
      <AmountField
        label="Payouts need approval above (Pi)"
        name={`${prefix}-approval-above`}
        value={value.approvalAbove}
        hint="For payouts that are not refunds. 0: every payout. Empty: none."
        onChange={(approvalAbove) => change({ approvalAbove })}
      />
      <TextField
        label="An approval stays good for (hours)"
        name={`${prefix}-valid-hours`}
        inputMode="numeric"
        autoComplete="off"
        value={hoursValue}
        hint="For every role: an approved request not paid by then must be asked again."
        error={hoursOk ? null : 'Whole hours from 1 to 720.'}
        onChange={(event) => {
          setHours(event.target.value)
          setSaved(false)
          save.clearError()
        }}
      />
      <div className="form-row">
        <Button type="submit" variant="primary" disabled={save.pending || days === undefined || !hoursOk} data-policy-save={role.role}>
          {save.pending ? 'Saving…' : `Save the ${role.role} policy`}
        </Button>
        <p className="form-status" role="status">
          {saved ? `Saved: the ${role.role} policy applies from the next refund.` : ''}
        </p>
      </div>
    </form>
  )
}
