// A handful of line icons drawn for this app (24px grid, 1.75 stroke, currentColor), so no icon
// font or remote asset is needed. Decorative: the label next to an icon always says the same.
import type { ReactNode } from 'react'

export type IconName =
  | 'dashboard'
  | 'ledger'
  | 'queue'
  | 'refunds'
  | 'reconciliation'
  | 'exports'
  | 'audit'
  | 'settings'
  | 'approvals'
  | 'invoices'
  | 'postbacks'

const PATHS: Readonly<Record<IconName, ReactNode>> = {
  dashboard: (
    <>
      <rect x="3.5" y="3.5" width="7" height="8" rx="1.5" />
      <rect x="13.5" y="3.5" width="7" height="5" rx="1.5" />
      <rect x="13.5" y="11.5" width="7" height="9" rx="1.5" />
      <rect x="3.5" y="14.5" width="7" height="6" rx="1.5" />
    </>
  ),
  ledger: (
    <>
      <rect x="4.5" y="3.5" width="15" height="17" rx="2" />
      <path d="M8 8h8M8 12h8M8 16h5" />
    </>
  ),
  queue: (
    <>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M12 7.5V12l3 2" />
    </>
  ),
  refunds: (
    <>
      <path d="M9 14 4.5 9.5 9 5" />
      <path d="M4.5 9.5H15a4.5 4.5 0 0 1 0 9h-3" />
    </>
  ),
  reconciliation: (
    <>
      <path d="M4 8h13l-3-3M20 16H7l3 3" />
    </>
  ),
  exports: (
    <>
      <path d="M12 4v10M8 10l4 4 4-4" />
      <path d="M4.5 15.5v3a2 2 0 0 0 2 2h11a2 2 0 0 0 2-2v-3" />
    </>
  ),
  audit: (
    <>
      <path d="M12 3.5 5 6v5.5c0 4.2 2.9 7.6 7 9 4.1-1.4 7-4.8 7-9V6z" />
      <path d="m9 12 2.2 2.2L15.5 10" />
    </>
  ),
  settings: (
    <>
      <path d="M4 7h9M17 7h3M4 17h3M11 17h9" />
      <circle cx="15" cy="7" r="2" />
      <circle cx="9" cy="17" r="2" />
    </>
  ),
  approvals: (
    <>
      <circle cx="9" cy="8" r="3.5" />
      <path d="M3.5 19.5c.6-3.3 2.8-5.5 5.5-5.5 1.2 0 2.3.4 3.2 1.2" />
      <path d="m14 17.5 2.2 2.2 4.3-4.7" />
    </>
  ),
  // A receipt with a QR corner: an invoice the customer scans.
  invoices: (
    <>
      <path d="M5.5 3.5h13v17l-2.2-1.5-2.1 1.5-2.2-1.5-2.2 1.5-2.1-1.5-2.2 1.5z" />
      <path d="M8.5 8h4M8.5 11.5h7" />
      <rect x="12.5" y="14" width="3" height="2.5" rx=".5" />
    </>
  ),
  // A message leaving for the shop: an envelope with an arrow out.
  postbacks: (
    <>
      <rect x="3.5" y="6.5" width="12" height="10" rx="1.5" />
      <path d="m3.5 7.5 6 4.5 6-4.5" />
      <path d="M17 12h4.5M19 9.5l2.5 2.5-2.5 2.5" />
    </>
  )
}

export function Icon({ name, className }: { readonly name: IconName; readonly className?: string }) {
  return (
    <svg
      className={className}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.75}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[name]}
    </svg>
  )
}
