// What was checked when keys were saved, one line each: passed, failed, or not decided yet (a
// server could not be reached; Merchant Desk checks again later).
import type { SecretCheckView } from '../../../shared/contract'
import { Badge } from '../ui'
import { CHECK_LABELS } from './secret-words'

export function SecretChecks({ checks }: { readonly checks: readonly SecretCheckView[] }) {
  if (checks.length === 0) return null
  return (
    <ul className="checklist secret-checks" aria-label="Checks of the saved keys" data-secret-checks="">
      {checks.map((check) => (
        <li key={check.check} className="checklist__item" data-check={check.check} data-check-ok={String(check.ok)}>
          <div>
            <p>{CHECK_LABELS[check.check]}</p>
            <p className="checklist__hint">{check.message}</p>
          </div>
          {check.ok === true ? (
            <Badge tone="success" dot>
              Passed
            </Badge>
          ) : check.ok === false ? (
            <Badge tone="danger" dot>
              Failed
            </Badge>
          ) : (
            <Badge tone="warning" dot>
              Not checked yet
            </Badge>
          )}
        </li>
      ))}
    </ul>
  )
}
