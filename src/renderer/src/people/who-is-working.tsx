// The "who is working" screen: the people of the desk (name and role), a secret, Unlock. A wrong
// secret shows main's sentence (main counts it, slows guessing down and audits it). The secret
// is sent to main and forgotten here.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { PERSON_ROLE_LABELS } from '../../../shared/contract'
import { useChannelAction } from '../api'
import { useAppInfo } from '../app/app-info'
import { NetworkBadge } from '../app/network-badge'
import { Badge, Button, ErrorBanner, TextField } from '../ui'
import { useDeskPerson } from './desk-person'

export function WhoIsWorking() {
  const { status, settle } = useDeskPerson()
  const info = useAppInfo()
  const unlock = useChannelAction('people:unlock')
  const people = status.data?.people ?? []
  const [chosen, setChosen] = useState<string | null>(() => (people.length === 1 ? (people[0]?.name ?? null) : null))
  const [secret, setSecret] = useState('')
  // The secret's field takes focus after a name is chosen and after a wrong secret.
  const secretBox = useRef<HTMLDivElement>(null)
  const focusSecret = () => secretBox.current?.querySelector('input')?.focus()
  const legendId = useId()

  useEffect(() => {
    if (chosen !== null) secretBox.current?.querySelector('input')?.focus()
  }, [chosen])

  useEffect(() => {
    document.title = 'Who is working · Merchant Desk'
  }, [])

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (chosen === null || secret === '') return
    const answer = await unlock.run({ name: chosen, secret })
    setSecret('')
    if (answer.ok) settle(answer.value)
    else focusSecret()
  }

  return (
    <main className="who-is-working" data-who-is-working="">
      <section className="card who-is-working__panel" aria-labelledby="who-is-working-title">
        <div className="card__body stack">
          <div className="who-is-working__brand">
            <span className="brand__mark" aria-hidden="true">
              π
            </span>
            <span className="brand__name">Merchant Desk</span>
            <NetworkBadge info={info.data} />
          </div>
          <div>
            <h1 id="who-is-working-title" tabIndex={-1} data-page-heading="">
              Who is working?
            </h1>
            <p className="muted">The desk is locked. Choose your name and enter your PIN or passphrase: what you do is recorded under your name.</p>
          </div>
          <form className="stack" onSubmit={(event) => void submit(event)} noValidate autoComplete="off">
            <fieldset className="person-choice" aria-labelledby={legendId}>
              <legend id={legendId} className="field__label">
                Person
              </legend>
              {people.map((person) => (
                <label key={person.name} className="person-choice__option" data-person-choice={person.name}>
                  <input
                    type="radio"
                    name="person"
                    value={person.name}
                    checked={chosen === person.name}
                    onChange={() => {
                      setChosen(person.name)
                      unlock.clearError()
                    }}
                  />
                  <span className="person-choice__name">{person.name}</span>
                  <Badge>{PERSON_ROLE_LABELS[person.role]}</Badge>
                </label>
              ))}
            </fieldset>
            <div ref={secretBox}>
            <TextField
              label="PIN or passphrase"
              type="password"
              name="person-secret"
              autoComplete="off"
              spellCheck={false}
              value={secret}
              disabled={chosen === null}
              hint={chosen === null ? 'Choose your name first.' : `The secret ${chosen} chose when added.`}
              onChange={(event) => {
                setSecret(event.target.value)
                unlock.clearError()
              }}
            />
            </div>
            {unlock.error ? <ErrorBanner error={unlock.error} title="Not unlocked" /> : null}
            <div className="form-row">
              <Button type="submit" variant="primary" disabled={chosen === null || secret === '' || unlock.pending} data-unlock="">
                {unlock.pending ? 'Checking…' : 'Unlock'}
              </Button>
            </div>
          </form>
          {status.error ? <ErrorBanner error={status.error} onRetry={status.reload} /> : null}
        </div>
      </section>
    </main>
  )
}
