// One network's keys: whether they are set, the app wallet's public address, and a form to enter
// them. The API key and the seed go to main once, in `secrets:save`, and are cleared from the
// form as soon as the save is answered; nothing ever sends them back.
import { useState, type FormEvent } from 'react'
import type { NetworkSecretsView, SecretCheckView, SecretNetwork, SecretsStatusView } from '../../../shared/contract'
import { NETWORKS } from '../../../shared/network'
import { useChannelAction } from '../api'
import { Badge, Banner, Button, Card, ErrorBanner, TextField, formatInstant } from '../ui'
import { RemoveKeysDialog } from './remove-keys-dialog'
import { SecretChecks } from './secret-checks'
import { useBusinessZone } from '../app/app-info'

export function NetworkKeysCard({
  view,
  canSave,
  blockedBy = null,
  onChanged
}: {
  readonly view: NetworkSecretsView & { readonly network: SecretNetwork }
  /** False while the passphrase vault is locked or not set up. */
  readonly canSave: boolean
  /** Why saving waits, when it does: no passphrase chosen yet, or the vault is locked. */
  readonly blockedBy?: 'no_passphrase' | 'locked' | null
  readonly onChanged: (status: SecretsStatusView) => void
}) {
  const zone = useBusinessZone() ?? 'UTC'
  const network = view.network
  const label = NETWORKS[network].label
  const save = useChannelAction('secrets:save')
  const clear = useChannelAction('secrets:clear')
  const [apiKey, setApiKey] = useState('')
  const [walletSeed, setWalletSeed] = useState('')
  const [checks, setChecks] = useState<readonly SecretCheckView[] | null>(null)
  const [confirming, setConfirming] = useState(false)
  const configured = view.apiKeyConfigured || view.walletConfigured
  const typed = apiKey.trim() !== '' || walletSeed.trim() !== ''

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (!typed) return
    setChecks(null)
    const answer = await save.run({
      network,
      ...(apiKey.trim() === '' ? {} : { apiKey }),
      ...(walletSeed.trim() === '' ? {} : { walletSeed })
    })
    // Cleared either way: a refused secret is retyped rather than left sitting in the page.
    setApiKey('')
    setWalletSeed('')
    if (!answer.ok) return
    setChecks(answer.value.checks)
    onChanged(answer.value.status)
  }

  async function remove() {
    const answer = await clear.run({ network })
    if (!answer.ok) return
    setConfirming(false)
    setChecks(null)
    onChanged(answer.value)
  }

  return (
    <Card
      title={label}
      description={
        network === 'mainnet'
          ? 'Real Pi: refunds paid here move real money from your app wallet.'
          : 'Test Pi, no real value: try refunds here first.'
      }
      actions={
        configured ? (
          <Button size="small" variant="ghost" onClick={() => setConfirming(true)} data-remove-keys={network}>
            Remove
          </Button>
        ) : undefined
      }
    >
      <div className="stack" data-secrets-network={network}>
        <dl className="facts">
          <dt>API key</dt>
          <dd data-api-key-state={view.apiKeyConfigured ? 'configured' : 'missing'}>
            {view.apiKeyConfigured ? <Badge tone="success" dot>Configured</Badge> : <Badge>Not set</Badge>}
          </dd>
          <dt>App wallet</dt>
          <dd data-wallet-state={view.walletConfigured ? 'configured' : 'missing'}>
            {view.walletPublicKey ? (
              <span className="mono break-all" data-wallet-public-key="">
                {view.walletPublicKey}
              </span>
            ) : (
              <Badge>Not set</Badge>
            )}
          </dd>
          <dt>Last changed</dt>
          <dd>{view.updatedAt ? formatWhen(view.updatedAt, zone) : 'Never'}</dd>
        </dl>
        {save.error ? <ErrorBanner error={save.error} title="Not saved" /> : null}
        {clear.error ? <ErrorBanner error={clear.error} title="Not removed" /> : null}
        {checks ? (
          <>
            <Banner tone="success" title={`${label} keys saved`} />
            <SecretChecks checks={checks} />
          </>
        ) : null}
        <form className="stack" onSubmit={(event) => void submit(event)} noValidate autoComplete="off">
          <TextField
            label={view.apiKeyConfigured ? 'New API key' : 'API key'}
            type="password"
            name={`${network}-api-key`}
            autoComplete="off"
            spellCheck={false}
            value={apiKey}
            disabled={!canSave}
            hint={`The server API key of your ${label} app, from the Pi Developer Portal.`}
            onChange={(event) => {
              setApiKey(event.target.value)
              save.clearError()
            }}
          />
          <TextField
            label={view.walletConfigured ? 'New wallet seed' : 'App wallet seed'}
            type="password"
            name={`${network}-wallet-seed`}
            autoComplete="off"
            spellCheck={false}
            value={walletSeed}
            disabled={!canSave}
            hint="The secret seed of the app wallet (starts with S, 56 characters). It is used only to sign refunds."
            onChange={(event) => {
              setWalletSeed(event.target.value)
              save.clearError()
            }}
          />
          <div className="form-row">
            <Button type="submit" variant="primary" disabled={!canSave || !typed || save.pending} data-save-keys={network}>
              {save.pending ? 'Checking with Pi…' : 'Check and save'}
            </Button>
            {!canSave && blockedBy === 'no_passphrase' ? (
              <p className="muted" data-keys-blocked="no_passphrase">
                Choose a passphrase above first: it protects the keys saved on this computer.
              </p>
            ) : !canSave && blockedBy === 'locked' ? (
              <p className="muted" data-keys-blocked="locked">
                Unlock your keys above first.
              </p>
            ) : null}
          </div>
        </form>
      </div>
      {confirming ? (
        <RemoveKeysDialog
          network={network}
          label={label}
          pending={clear.pending}
          onConfirm={() => void remove()}
          onClose={() => setConfirming(false)}
        />
      ) : null}
    </Card>
  )
}

/** ISO like every date of the app, with the zone named. */
function formatWhen(iso: string, zone: string): string {
  return `${formatInstant(iso, zone)} (${zone})`
}
