// The network the app is pointed at, always visible. Mainnet moves real Pi: its badge is the only
// solid, strongly coloured element of the interface, and the top bar says "Real money" next to
// it, so the warning never rests on colour alone.
import type { AppInfo } from '../../../shared/contract'

export function NetworkBadge({ info }: { readonly info: AppInfo | null }) {
  if (!info) {
    return (
      <span className="badge network-badge network-badge--unknown" data-network-badge="" aria-live="polite">
        Network…
      </span>
    )
  }
  return (
    <span
      className={`badge network-badge network-badge--${info.network}`}
      data-network-badge=""
      data-network={info.network}
      title={describeNetwork(info)}
      aria-live="polite"
    >
      <span className="badge__dot" aria-hidden="true" />
      {info.networkLabel}
    </span>
  )
}

export function describeNetwork(info: AppInfo): string {
  switch (info.network) {
    case 'sandbox':
      return 'Sandbox: simulated Pi servers on this computer. No real Pi moves.'
    case 'testnet':
      return 'Testnet: Pi test network. Test Pi only, no real value.'
    case 'mainnet':
      return 'Mainnet: real Pi. Payments and refunds move real money.'
  }
}

/** The few words next to the badge. */
export function networkNote(info: AppInfo): string {
  switch (info.network) {
    case 'sandbox':
      return 'Simulated, no real Pi'
    case 'testnet':
      return 'Test Pi only'
    case 'mainnet':
      return 'Real money'
  }
}
