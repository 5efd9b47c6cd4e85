// Choosing the network is a deliberate act: the merchant picks one, reads what changes, and
// confirms; Mainnet (real money) also asks them to type its name. Main stores the choice and
// announces it (settings:changed), and every page follows from there.
import { useState } from 'react'
import type { AppInfo } from '../../../shared/contract'
import type { NetworkId } from '../../../shared/network'
import { useChannelAction } from '../api'
import { Button, ErrorBanner, Modal } from '../ui'

const CHOICES: readonly { readonly id: NetworkId; readonly label: string; readonly summary: string }[] = [
  { id: 'sandbox', label: 'Sandbox', summary: 'Simulated Pi servers on this computer. Nothing real moves; no keys needed.' },
  { id: 'testnet', label: 'Testnet', summary: "Pi's test network. Test Pi only, with your app's Testnet keys." },
  { id: 'mainnet', label: 'Mainnet', summary: "Pi's real network. Refunds and payouts move real money." }
]

/** What a switch to `to` changes, in the merchant's words. */
export function whatChanges(to: NetworkId, credentialsReady: boolean | null): readonly string[] {
  const label = CHOICES.find((choice) => choice.id === to)?.label ?? to
  const lines = [
    `The ledger, dashboard, queue, refunds, reconciliation and exports show ${label}'s payments: each network keeps its own books, nothing is mixed or deleted.`,
    to === 'sandbox'
      ? 'Refunds and payouts are paid from the simulated wallet: no Pi moves.'
      : to === 'testnet'
        ? "Refunds and payouts are paid from your Testnet app wallet, in test Pi."
        : 'Refunds and payouts are paid from your Mainnet app wallet, in real Pi that cannot be taken back.'
  ]
  if (to !== 'sandbox') {
    lines.push(
      credentialsReady === false
        ? `Merchant Desk has no ${label} API key and wallet seed yet: add them under "Pi app keys" below before syncing.`
        : `Merchant Desk uses the ${label} API key and wallet seed saved under "Pi app keys".`
    )
  }
  return lines
}

export function NetworkChoice({ info, credentialsReady }: { readonly info: AppInfo | null; readonly credentialsReady: (network: NetworkId) => boolean | null }) {
  const current = info?.network ?? null
  const [picked, setPicked] = useState<NetworkId | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [switched, setSwitched] = useState<string | null>(null)
  const choice = picked ?? current
  const target = CHOICES.find((one) => one.id === choice) ?? null

  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault()
        setConfirming(true)
      }}
    >
      <fieldset className="network-choice" data-network-choice="" disabled={current === null}>
        <legend className="field__label">Network</legend>
        {CHOICES.map((option) => (
          <label key={option.id} className="network-choice__option" data-network-option={option.id}>
            <input
              type="radio"
              name="network"
              value={option.id}
              checked={choice === option.id}
              onChange={() => {
                setPicked(option.id)
                setSwitched(null)
              }}
            />
            <span>
              <strong>{option.label}</strong>
              {option.id === current ? <span className="muted"> (in use)</span> : null}
              <span className="network-choice__summary">{option.summary}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="form-row">
        <Button type="submit" variant="primary" disabled={choice === current || target === null} data-switch-network="">
          {target && choice !== current ? `Switch to ${target.label}…` : 'Switch network…'}
        </Button>
        <p className="form-status" role="status" data-network-switched="">
          {switched ? `Switched. Merchant Desk now works on ${switched}.` : ''}
        </p>
      </div>
      {confirming && target && current ? (
        <SwitchNetworkDialog
          to={target.id}
          label={target.label}
          credentialsReady={credentialsReady(target.id)}
          onClose={() => setConfirming(false)}
          onSwitched={() => {
            setConfirming(false)
            setPicked(null)
            setSwitched(target.label)
          }}
        />
      ) : null}
    </form>
  )
}

function SwitchNetworkDialog({
  to,
  label,
  credentialsReady,
  onClose,
  onSwitched
}: {
  readonly to: NetworkId
  readonly label: string
  readonly credentialsReady: boolean | null
  readonly onClose: () => void
  readonly onSwitched: () => void
}) {
  const update = useChannelAction('settings:update')
  const [typed, setTyped] = useState('')
  // Real money: typing the name is the deliberate act a single click is not.
  const needsTyping = to === 'mainnet'
  const ready = !needsTyping || typed.trim().toLowerCase() === 'mainnet'

  async function confirm() {
    const envelope = await update.run({ network: to })
    if (envelope.ok) onSwitched()
  }

  return (
    <Modal
      title={`Switch to ${label}?`}
      description={to === 'mainnet' ? 'Mainnet is real money.' : undefined}
      onClose={onClose}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Stay on the current network
          </Button>
          <Button variant="primary" disabled={!ready || update.pending} onClick={() => void confirm()} data-confirm-network={to}>
            {update.pending ? 'Switching…' : `Switch to ${label}`}
          </Button>
        </>
      }
    >
      <div className="stack" data-network-changes="">
        <p>What changes:</p>
        <ul className="bullet-list">
          {whatChanges(to, credentialsReady).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        {needsTyping ? (
          <label className="field">
            <span className="field__label">Type Mainnet to confirm</span>
            <input
              className="input"
              value={typed}
              autoComplete="off"
              spellCheck={false}
              data-confirm-typed=""
              onChange={(event) => setTyped(event.target.value)}
            />
          </label>
        ) : null}
        {update.error ? <ErrorBanner error={update.error} title="The network was not changed" /> : null}
      </div>
    </Modal>
  )
}
