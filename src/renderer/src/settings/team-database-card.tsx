// "Team database" in Settings: which ledger this desk runs on, and a form to point it at the
// team's PostgreSQL database from its next start (or back at its own file). The password goes to
// main in `team:check` / `team:join` and is cleared from the form once answered; main seals it on
// this computer like the Pi keys and never sends it back.
import { useState, type FormEvent } from 'react'
import type { TeamCheckView, TeamDatabaseView } from '../../../shared/contract'
import { useChannelAction, useChannelQuery } from '../api'
import { Badge, Banner, Button, Card, ErrorBanner, TextField } from '../ui'

export function TeamDatabaseCard() {
  const status = useChannelQuery('team:status')
  const check = useChannelAction('team:check')
  const join = useChannelAction('team:join')
  const leave = useChannelAction('team:leave')
  // Every change answers with the new view: shown at once, with no second round trip to race.
  const [fresh, setFresh] = useState<TeamDatabaseView | null>(null)
  const [address, setAddress] = useState('')
  const [password, setPassword] = useState('')
  const [checked, setChecked] = useState<TeamCheckView | null>(null)
  const view = fresh ?? status.data
  const typed = address.trim() !== ''
  const busy = check.pending || join.pending || leave.pending

  const edited = () => {
    setChecked(null)
    check.clearError()
    join.clearError()
  }

  async function runCheck() {
    edited()
    const answer = await check.run({ address: address.trim(), ...(password === '' ? {} : { password }) })
    if (answer.ok) setChecked(answer.value)
  }

  async function saveChoice(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (!typed) return
    edited()
    const answer = await join.run({ address: address.trim(), ...(password === '' ? {} : { password }) })
    if (!answer.ok) return
    // Saved (sealed) in main: the page keeps no copy.
    setPassword('')
    setAddress('')
    setFresh(answer.value)
  }

  async function backToOwnFile() {
    edited()
    const answer = await leave.run()
    if (answer.ok) setFresh(answer.value)
  }

  // A refused address is the merchant's to fix in the field; anything else is a banner.
  const inputError = [check.error, join.error].find((error) => error?.code === 'invalid_input') ?? null
  const otherError = [join.error, check.error, leave.error].find((error) => error && error.code !== 'invalid_input') ?? null

  return (
    <Card
      title="Team database"
      description="Share one ledger with the other desks of your shop: a PostgreSQL database your team runs. Each desk keeps its Pi keys on its own computer; the database password is encrypted here like them."
      actions={
        view?.saved ? (
          <Button size="small" variant="ghost" onClick={() => void backToOwnFile()} disabled={busy} data-team-leave="">
            Use this desk&apos;s own file
          </Button>
        ) : undefined
      }
    >
      <div className="stack" data-team-database="">
        {status.error ? <ErrorBanner error={status.error} onRetry={status.reload} /> : null}
        <dl className="facts">
          <dt>Ledger in use</dt>
          <dd data-team-current={view?.current.kind ?? ''}>
            {view ? (
              <>
                <Badge tone={view.current.kind === 'team' ? 'success' : 'neutral'}>{view.current.kind === 'team' ? 'Team database' : "This desk's own file"}</Badge>{' '}
                <span className="mono break-all">{view.current.location}</span>
              </>
            ) : (
              'Checking…'
            )}
          </dd>
          <dt>From the next start</dt>
          <dd data-team-saved={view?.saved?.address ?? ''}>
            {view === null ? '…' : view.saved ? <span className="mono break-all">{view.saved.address}</span> : "This desk's own file"}
            {view?.saved ? <span className="muted">{view.saved.passwordSaved ? ' (password saved, encrypted)' : ' (no password)'}</span> : null}
          </dd>
        </dl>
        {view?.setByEnvironment ? (
          <Banner tone="info" title="Chosen by MERCHANT_DESK_DB">
            This computer&apos;s MERCHANT_DESK_DB setting names the ledger of this desk, so it wins at every start. What you save here
            applies once it is no longer set.
          </Banner>
        ) : null}
        {view?.restartNeeded ? (
          <Banner tone="info" title="Restart Merchant Desk to switch">
            {view.saved
              ? 'This desk opens the team database the next time Merchant Desk starts. Until then it keeps working on the ledger in use.'
              : "This desk opens its own file again the next time Merchant Desk starts."}
          </Banner>
        ) : null}
        {otherError ? <ErrorBanner error={otherError} title={otherError === join.error ? 'Not saved' : 'Not checked'} /> : null}
        {checked ? (
          checked.ok ? (
            <Banner tone="success" title="Connected">The team database answered with this address and password.</Banner>
          ) : (
            <Banner tone="error" title="Not connected">
              {checked.message}
            </Banner>
          )
        ) : null}
        <form className="stack" onSubmit={(event) => void saveChoice(event)} noValidate autoComplete="off">
          <TextField
            label="Address"
            name="team-database-address"
            autoComplete="off"
            spellCheck={false}
            placeholder="postgres://user@host:5432/database"
            value={address}
            error={inputError?.message ?? null}
            hint="As your team gave it: postgres://user@host:5432/database. The password goes in its own field."
            onChange={(event) => {
              setAddress(event.target.value)
              edited()
            }}
          />
          <TextField
            label="Password"
            type="password"
            name="team-database-password"
            autoComplete="off"
            value={password}
            hint="Leave empty when the server needs none."
            onChange={(event) => {
              setPassword(event.target.value)
              edited()
            }}
          />
          <div className="form-row">
            <Button onClick={() => void runCheck()} disabled={!typed || busy} data-team-check="">
              {check.pending ? 'Checking…' : 'Check connection'}
            </Button>
            <Button type="submit" variant="primary" disabled={!typed || busy} data-team-join="">
              {join.pending ? 'Checking and saving…' : 'Use this team database'}
            </Button>
          </div>
        </form>
      </div>
    </Card>
  )
}
