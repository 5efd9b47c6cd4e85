// A payout's transaction: its id, and the block explorer opened through main's one checked
// open-external path (the same one the ledger uses). On the sandbox there is no public explorer,
// so it says so instead of offering a dead link.
import { useState } from 'react'
import { invoke } from '../api'
import { shortenMiddle } from '../ui'

export interface ChainLinkProps {
  readonly txid: string | null
  readonly url: string | null
  /** Show the whole id (a result) rather than both ends of it (a table cell). */
  readonly full?: boolean
}

export function ChainLink({ txid, url, full = false }: ChainLinkProps) {
  const [refused, setRefused] = useState(false)
  if (txid === null) return <span className="muted">Not on the chain yet</span>
  return (
    <span className="chain-link">
      <span className={full ? 'mono break-all' : 'mono'} title={txid} data-txid={txid}>
        {full ? txid : `Tx ${shortenMiddle(txid, 8, 6)}`}
      </span>
      {url === null ? (
        <span className="muted chain-link__note" data-explorer-note="">
          {full ? 'Sandbox: simulated on this computer, so no public explorer shows it.' : 'Sandbox: no public explorer'}
        </span>
      ) : (
        <button
          type="button"
          className="link-button"
          onClick={() => {
            void invoke('shell:openExternal', { url }).then((envelope) => setRefused(!envelope.ok || !envelope.value.opened))
          }}
        >
          Open in the block explorer
        </button>
      )}
      {refused && url !== null ? (
        <span className="muted chain-link__note">
          Merchant Desk could not open a browser here. The address is <span className="mono break-all">{url}</span>
        </span>
      ) : null}
    </span>
  )
}
