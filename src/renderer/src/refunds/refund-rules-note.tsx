// Before the amount is typed, the refund form says which rules of the refund policy apply to the
// person working (main's sentences: limits, the daily total, the sale's age, the reason): above
// them the refund becomes a request for someone else to approve. A desk without people has none.
import { useId } from 'react'
import { useDeskPerson } from '../people/desk-person'

export function RefundRulesNote() {
  const { current, status } = useDeskPerson()
  const sentences = status.data?.myPolicy ?? []
  const titleId = useId()
  if (current === null || sentences.length === 0) return null
  return (
    <section className="refund-rules" aria-labelledby={titleId} data-refund-rules={current.role}>
      <p id={titleId} className="refund-rules__title">
        Rules for {current.name} ({current.role})
      </p>
      <ul className="bullet-list">
        {sentences.map((sentence) => (
          <li key={sentence}>{sentence}</li>
        ))}
      </ul>
    </section>
  )
}
