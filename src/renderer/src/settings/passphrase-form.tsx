// The passphrase vault, where the OS keychain is missing: choose a passphrase once, enter it after
// each start, lock it when leaving the computer. The passphrase is sent to main and forgotten here.
import { useState, type FormEvent } from 'react'
import { MIN_PASSPHRASE_LENGTH, type SecretsStatusView } from '../../../shared/contract'
import { useChannelAction } from '../api'
import { Badge, Button, ErrorBanner, TextField } from '../ui'

export function PassphraseForm({
  status,
  onChanged
}: {
  readonly status: SecretsStatusView
  readonly onChanged: (status: SecretsStatusView) => void
}) {
  const unlock = useChannelAction('secrets:unlock')
  const lock = useChannelAction('secrets:lock')
  const [passphrase, setPassphrase] = useState('')
  const [repeated, setRepeated] = useState('')
  const creating = !status.passphraseSet

  if (status.passphraseSet && !status.locked) {
    return (
      <div className="form-row" data-vault-state="unlocked">
        <Badge tone="success" dot>
          Unlocked
        </Badge>
        <p className="muted">Your keys can be used until Merchant Desk closes or you lock them.</p>
        <Button
          disabled={lock.pending}
          onClick={() => void lock.run().then((answer) => answer.ok && onChanged(answer.value))}
          data-vault-lock=""
        >
          Lock now
        </Button>
      </div>
    )
  }

  const tooShort = creating && passphrase !== '' && [...passphrase].length < MIN_PASSPHRASE_LENGTH
  const mismatch = creating && repeated !== '' && repeated !== passphrase
  const ready = passphrase !== '' && !tooShort && (!creating || repeated === passphrase)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (!ready) return
    const answer = await unlock.run({ passphrase, ...(creating ? { create: true } : {}) })
    if (!answer.ok) return
    setPassphrase('')
    setRepeated('')
    onChanged(answer.value)
  }

  return (
    <form className="stack" onSubmit={(event) => void submit(event)} noValidate data-vault-state={creating ? 'not_set' : 'locked'}>
      {unlock.error ? <ErrorBanner error={unlock.error} title={creating ? 'The passphrase was not set' : 'Not unlocked'} /> : null}
      {/* Fields side by side align on their inputs (top), whatever help sits under each. */}
      <div className="form-row form-row--fields">
        <TextField
          label={creating ? 'Choose a passphrase' : 'Passphrase'}
          type="password"
          name="vault-passphrase"
          autoComplete="off"
          spellCheck={false}
          value={passphrase}
          hint={
            creating
              ? `At least ${MIN_PASSPHRASE_LENGTH} characters. It cannot be recovered: if you forget it, remove the keys of both networks and enter them again.`
              : 'The passphrase you chose for the keys saved on this computer.'
          }
          error={tooShort ? `Use at least ${MIN_PASSPHRASE_LENGTH} characters.` : null}
          onChange={(event) => {
            setPassphrase(event.target.value)
            unlock.clearError()
          }}
        />
        {creating ? (
          <TextField
            label="Type it again"
            type="password"
            name="vault-passphrase-again"
            autoComplete="off"
            spellCheck={false}
            value={repeated}
            error={mismatch ? 'The two passphrases differ.' : null}
            onChange={(event) => setRepeated(event.target.value)}
          />
        ) : null}
      </div>
      <div className="form-row">
        <Button type="submit" variant="primary" disabled={!ready || unlock.pending} data-vault-submit="">
          {unlock.pending ? 'Working…' : creating ? 'Set passphrase' : 'Unlock'}
        </Button>
      </div>
    </form>
  )
}
