// The top bar's "who is working" and its Lock button, shown once people exist: everyone at the
// desk sees whose name their clicks are recorded under, and locks it when they leave.
import { PERSON_ROLE_LABELS } from '../../../shared/contract'
import { Button } from '../ui'
import { useDeskPerson } from './desk-person'

export function WorkingPerson() {
  const { current, lock } = useDeskPerson()
  if (current === null) return null
  return (
    <span className="working-person" data-working-person={current.name}>
      <span className="visually-hidden">Working: </span>
      <span className="working-person__name">{current.name}</span>
      <span className="working-person__role" data-working-role={current.role}>
        {PERSON_ROLE_LABELS[current.role]}
      </span>
      <Button size="small" variant="ghost" onClick={() => void lock()} data-desk-lock="">
        Lock
      </Button>
    </span>
  )
}
