// The sections of the app, in sidebar order. A route is a hash (`#/ledger`) so the same document
// works from file:// in Electron and from the preview server, with no router dependency.
import type { ComponentType } from 'react'
import type { IconName } from '../ui'
import { ApprovalsPage } from '../pages/approvals-page'
import { AuditLogPage } from '../pages/audit-log-page'
import { DashboardPage } from '../pages/dashboard-page'
import { ExportsPage } from '../pages/exports-page'
import { InvoicesPage } from '../pages/invoices-page'
import { PostbacksPage } from '../pages/postbacks-page'
import { LedgerPage } from '../pages/ledger-page'
import { QueuePage } from '../pages/queue-page'
import { ReconciliationPage } from '../pages/reconciliation-page'
import { RefundsPage } from '../pages/refunds-page'
import { SettingsPage } from '../pages/settings-page'
import { sectionFromHash, type RouteId } from './route-links'

export interface AppRoute {
  readonly id: RouteId
  readonly label: string
  readonly group: 'Daily work' | 'Books' | 'Setup'
  readonly icon: IconName
  readonly Page: ComponentType
  /** Shown in the sidebar only once the desk has people (a solo owner has nobody to ask). */
  readonly withPeopleOnly?: boolean
}

export const ROUTES: readonly AppRoute[] = [
  { id: 'dashboard', label: 'Dashboard', group: 'Daily work', icon: 'dashboard', Page: DashboardPage },
  { id: 'ledger', label: 'Ledger', group: 'Daily work', icon: 'ledger', Page: LedgerPage },
  { id: 'queue', label: 'Queue', group: 'Daily work', icon: 'queue', Page: QueuePage },
  { id: 'invoices', label: 'Invoices', group: 'Daily work', icon: 'invoices', Page: InvoicesPage },
  { id: 'postbacks', label: 'Postback deliveries', group: 'Daily work', icon: 'postbacks', Page: PostbacksPage },
  { id: 'refunds', label: 'Refunds', group: 'Daily work', icon: 'refunds', Page: RefundsPage },
  { id: 'approvals', label: 'Waiting for approval', group: 'Daily work', icon: 'approvals', Page: ApprovalsPage, withPeopleOnly: true },
  { id: 'reconciliation', label: 'Reconciliation', group: 'Books', icon: 'reconciliation', Page: ReconciliationPage },
  { id: 'exports', label: 'Exports', group: 'Books', icon: 'exports', Page: ExportsPage },
  { id: 'audit-log', label: 'Audit log', group: 'Books', icon: 'audit', Page: AuditLogPage },
  { id: 'settings', label: 'Settings', group: 'Setup', icon: 'settings', Page: SettingsPage }
]

export const DEFAULT_ROUTE: AppRoute = ROUTES[0]!

/** The route a location hash names; anything else (empty, unknown, malformed) is the dashboard. */
export function routeFromHash(hash: string): AppRoute {
  const wanted = sectionFromHash(hash)
  return ROUTES.find((route) => route.id === wanted) ?? DEFAULT_ROUTE
}
