// Settings → People: after how many minutes without a key or a click the window locks itself and
// asks who is working. The owner decides (main refuses anyone else, with its sentence shown here).
import { useEffect, useState, type FormEvent } from 'react'
import { useChannelAction, useChannelQuery } from '../api'
import { Button, ErrorBanner, TextField } from '../ui'

export function IdleLockForm() {
  const status = useChannelQuery('people:status')
  const save = useChannelAction('people:idle')
  const saved = status.data?.idleLockMinutes ?? null
  const [typed, setTyped] = useState('')
  const [done, setDone] = useState<string | null>(null)
  useEffect(() => {
    if (saved !== null) setTyped(String(saved))
  }, [saved])

  const minutes = Number(typed)
  const valid = /^\d+$/.test(typed.trim()) && minutes >= 1 && minutes <= 1440

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (!valid) return
    setDone(null)
    const answer = await save.run({ minutes })
    if (answer.ok) setDone(`The window now locks after ${answer.value.idleLockMinutes} idle minutes.`)
  }

  return (
    <form className="stack" onSubmit={(event) => void submit(event)} noValidate data-idle-lock="">
      {save.error ? <ErrorBanner error={save.error} title="Not changed" /> : null}
      <div className="form-row">
        <TextField
          label="Lock after (minutes without a key or a click)"
          name="idle-lock-minutes"
          inputMode="numeric"
          value={typed}
          error={typed !== '' && !valid ? 'A whole number of minutes from 1 to 1440.' : null}
          onChange={(event) => {
            setTyped(event.target.value)
            setDone(null)
            save.clearError()
          }}
        />
        <Button type="submit" disabled={!valid || save.pending || minutes === saved} data-idle-lock-save="">
          {save.pending ? 'Saving…' : 'Save'}
        </Button>
      </div>
      {/* Announced without a second status role: the card's own status line stays the one. */}
      <p className="form-status" aria-live="polite" data-idle-lock-status="">
        {done ?? ''}
      </p>
    </form>
  )
}
