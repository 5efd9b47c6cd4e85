import { WaitingCount } from '../approvals/waiting-count'
import { Icon } from '../ui'
import { routeHref } from './route-links'
import { ROUTES, type AppRoute } from './routes'

const GROUPS: readonly AppRoute['group'][] = ['Daily work', 'Books', 'Setup']

export function Sidebar({
  current,
  version,
  peopleExist
}: {
  readonly current: AppRoute
  readonly version: string | null
  readonly peopleExist: boolean
}) {
  return (
    <aside className="sidebar">
      <div className="sidebar__inner">
        <div className="brand">
          <span className="brand__mark" aria-hidden="true">
            π
          </span>
          <span>
            <span className="brand__name">Merchant Desk</span>
            <span className="brand__tagline">Pi app back office</span>
          </span>
        </div>
        <nav aria-label="Sections">
          {GROUPS.map((group) => (
            <div key={group}>
              <p className="nav__group-label" id={groupId(group)}>
                {group}
              </p>
              <ul className="nav__list" aria-labelledby={groupId(group)}>
                {ROUTES.filter((route) => route.group === group && (peopleExist || !route.withPeopleOnly)).map((route) => (
                  <li key={route.id}>
                    <a
                      className="nav__link"
                      href={routeHref(route.id)}
                      aria-current={route.id === current.id ? 'page' : undefined}
                      data-nav={route.id}
                    >
                      <Icon name={route.icon} className="nav__icon" />
                      {route.label}
                      {route.id === 'approvals' ? <WaitingCount /> : null}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
        <p className="sidebar__footer">{version ? `Version ${version}` : '\u00a0'}</p>
      </div>
    </aside>
  )
}

function groupId(group: AppRoute['group']): string {
  return `nav-group-${group.toLowerCase().replace(/\s+/g, '-')}`
}
