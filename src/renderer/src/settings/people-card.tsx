// Settings → People: who works at this desk, with which role, and the form to add someone (name,
// role, their secret typed twice) or remove them. The first person is the owner; from then on the
// desk opens on the "who is working" screen. The secret goes to main, which keeps only its scrypt
// hash; it is cleared from the form once answered. Main decides who may add or remove (an owner)
// and refuses anyone else with its own sentence, shown here.
import { useQueryClient } from '@tanstack/react-query'
import { useId, useState, type FormEvent } from 'react'
import { PERSON_ROLES, PERSON_ROLE_LABELS, type PersonRoleName, type PersonView } from '../../../shared/contract'
import { channelKey, useChannelAction, useChannelQuery } from '../api'
import { useBusinessZone } from '../app/app-info'
import { useDeskPerson } from '../people/desk-person'
import { Badge, Button, Card, ErrorBanner, Table, TextField, formatInstant, type Column } from '../ui'
import { IdleLockForm } from './idle-lock-form'

const ROLE_HINTS: Readonly<Record<PersonRoleName, string>> = {
  owner: 'Everything: keys, network, people and the refund policy.',
  manager: 'Refunds and payouts within the policy, approves others’ requests, the queue.',
  staff: 'The queue; refunds within their limits, above them a request.',
  accountant: 'Reads, reconciles and exports the books; moves no money.'
}

/** Main refuses shorter ones too; said here before anything is sent. */
const MIN_SECRET = 4

export function PeopleCard() {
  const { peopleExist, current } = useDeskPerson()
  const people = useChannelQuery('people:list')
  const add = useChannelAction('people:add')
  const remove = useChannelAction('people:remove')
  const client = useQueryClient()
  const zone = useBusinessZone() ?? 'UTC'
  const roleId = useId()
  const [name, setName] = useState('')
  const [role, setRole] = useState<PersonRoleName>('staff')
  const [secret, setSecret] = useState('')
  const [repeated, setRepeated] = useState('')
  const [confirming, setConfirming] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  // The first person must be an owner (someone must be able to add the others).
  const roleSent: PersonRoleName = peopleExist ? role : 'owner'

  const tooShort = secret !== '' && [...secret].length < MIN_SECRET
  const mismatch = repeated !== '' && repeated !== secret
  const ready = name.trim() !== '' && secret !== '' && !tooShort && repeated === secret
  const busy = add.pending || remove.pending

  const edited = () => {
    setDone(null)
    add.clearError()
    remove.clearError()
  }

  const showList = (list: readonly PersonView[]) => client.setQueryData(channelKey('people:list'), list)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (!ready) return
    edited()
    const answer = await add.run({ name: name.trim(), role: roleSent, secret })
    // The secret is main's now (hashed); the form keeps no copy, whatever the answer.
    setSecret('')
    setRepeated('')
    if (!answer.ok) return
    showList(answer.value)
    setDone(`${name.trim()} was added as ${PERSON_ROLE_LABELS[roleSent].toLowerCase()}.`)
    setName('')
  }

  async function removePerson(person: PersonView) {
    edited()
    const answer = await remove.run({ name: person.name })
    setConfirming(null)
    if (!answer.ok) return
    showList(answer.value)
    setDone(`${person.name} was removed. Their name stays in the audit log.`)
  }

  const columns: readonly Column<PersonView>[] = [
    {
      key: 'name',
      header: 'Name',
      cell: (person) => (
        <span>
          {person.name}
          {current !== null && current.name === person.name ? <span className="muted"> (working now)</span> : null}
        </span>
      )
    },
    { key: 'role', header: 'Role', cell: (person) => <Badge tone={person.role === 'owner' ? 'info' : 'neutral'}>{PERSON_ROLE_LABELS[person.role]}</Badge> },
    {
      key: 'added',
      header: 'Added',
      cell: (person) => (
        <span className="muted">
          <span className="numeric">{formatInstant(person.addedAt, zone)}</span> by {person.addedBy}
        </span>
      )
    },
    {
      key: 'actions',
      header: 'Actions',
      cell: (person) =>
        confirming === person.name ? (
          <span className="person-remove">
            <span>Remove {person.name}?</span>
            <Button size="small" disabled={busy} onClick={() => void removePerson(person)} data-person-remove-confirm="">
              {remove.pending ? 'Removing…' : 'Remove'}
            </Button>
            <Button size="small" variant="ghost" disabled={busy} onClick={() => setConfirming(null)}>
              Keep
            </Button>
          </span>
        ) : (
          <Button
            size="small"
            variant="ghost"
            disabled={busy}
            onClick={() => {
              edited()
              setConfirming(person.name)
            }}
            aria-label={`Remove ${person.name}`}
            data-person-remove=""
          >
            Remove…
          </Button>
        )
    }
  ]

  const error = add.error ?? remove.error ?? null

  return (
    <Card
      title="People"
      description={
        peopleExist
          ? 'Who works at this desk and what each may do. Every action is recorded under the name of the person working.'
          : 'Only you work at this desk, as its owner. Add yourself first, as owner, to give others their own name, role and limits: from then on the desk opens on a “who is working” screen and locks itself when left idle.'
      }
    >
      <div className="stack" data-people-card="">
        {people.error ? <ErrorBanner error={people.error} onRetry={people.reload} /> : null}
        {peopleExist ? (
          <Table
            caption="People of this desk"
            columns={columns}
            rows={people.data ?? []}
            rowKey={(person) => person.name}
            tableProps={{ 'data-people': '' }}
            rowProps={(person) => ({ 'data-person': person.name, 'data-role': person.role })}
          />
        ) : null}
        {error ? <ErrorBanner error={error} title={error === remove.error ? 'Not removed' : 'Not added'} /> : null}
        <form className="stack" onSubmit={(event) => void submit(event)} noValidate autoComplete="off" data-person-add="">
          <div className="form-row form-row--fields">
            <TextField
              label="Name"
              name="person-name"
              autoComplete="off"
              spellCheck={false}
              maxLength={64}
              value={name}
              hint={peopleExist ? 'As the audit log will name them.' : 'Your own name: the log will name you.'}
              onChange={(event) => {
                setName(event.target.value)
                edited()
              }}
            />
            <div className="field">
              <label className="field__label" htmlFor={roleId}>
                Role
              </label>
              <select
                id={roleId}
                className="select"
                name="person-role"
                value={roleSent}
                disabled={!peopleExist}
                onChange={(event) => {
                  setRole(event.target.value as PersonRoleName)
                  edited()
                }}
              >
                {PERSON_ROLES.map((option) => (
                  <option key={option} value={option}>
                    {PERSON_ROLE_LABELS[option]}
                  </option>
                ))}
              </select>
              <p className="field__hint">{peopleExist ? ROLE_HINTS[roleSent] : 'The first person is the owner, who adds the others.'}</p>
            </div>
          </div>
          <div className="form-row form-row--fields">
            <TextField
              label="Their secret"
              type="password"
              name="person-new-secret"
              autoComplete="new-password"
              spellCheck={false}
              value={secret}
              hint={`A PIN of at least ${MIN_SECRET} digits or a passphrase, to unlock the desk as them. It cannot be read back.`}
              error={tooShort ? `Use at least ${MIN_SECRET} characters.` : null}
              onChange={(event) => {
                setSecret(event.target.value)
                edited()
              }}
            />
            <TextField
              label="Repeat the secret"
              type="password"
              name="person-new-secret-again"
              autoComplete="new-password"
              spellCheck={false}
              value={repeated}
              error={mismatch ? 'The two secrets differ.' : null}
              onChange={(event) => setRepeated(event.target.value)}
            />
          </div>
          <div className="form-row">
            <Button type="submit" variant="primary" disabled={!ready || busy} data-person-add-submit="">
              {add.pending ? 'Adding…' : peopleExist ? 'Add person' : 'Add me as owner'}
            </Button>
            <p className="form-status" role="status">
              {done ?? ''}
            </p>
          </div>
        </form>
        {peopleExist ? <IdleLockForm /> : null}
      </div>
    </Card>
  )
}
