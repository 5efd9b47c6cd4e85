import type { AppInfo } from '../../../shared/contract'
import { WorkingPerson } from '../people/working-person'
import { NetworkBadge, networkNote } from './network-badge'
import type { AppRoute } from './routes'

export function TopBar({ route, info }: { readonly route: AppRoute; readonly info: AppInfo | null }) {
  return (
    <header className="topbar" data-network={info?.network}>
      <p className="topbar__section">
        <span className="visually-hidden">Current section: </span>
        {route.group}
        <span className="topbar__separator" aria-hidden="true">
          /
        </span>
        <strong>{route.label}</strong>
      </p>
      <div className="topbar__status">
        {info ? (
          <span className={info.network === 'mainnet' ? 'topbar__note topbar__note--real' : 'topbar__note'}>
            {networkNote(info)}
          </span>
        ) : null}
        <span className="visually-hidden">Network:</span>
        <NetworkBadge info={info} />
        <WorkingPerson />
      </div>
    </header>
  )
}
