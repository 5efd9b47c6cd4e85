// "Complete with a transaction id": for a buyer who sends the txid instead of their wallet telling
// Pi. The id is checked on chain exactly like Pi's would be; nothing is completed otherwise.
import { useState } from 'react'
import { Button, Modal, TextField } from '../ui'

const TXID = /^[0-9a-fA-F]{64}$/

export function TypedTxidDialog({
  identifier,
  pending,
  onSubmit,
  onClose
}: {
  readonly identifier: string
  readonly pending: boolean
  readonly onSubmit: (txid: string) => void
  readonly onClose: () => void
}) {
  const [txid, setTxid] = useState('')
  const trimmed = txid.trim()
  const error = trimmed === '' || TXID.test(trimmed) ? null : 'A transaction id is 64 hexadecimal characters.'
  return (
    <Modal
      title="Complete with a transaction id"
      description={`Payment ${identifier}. Merchant Desk reads the transaction from the chain and completes only if it pays exactly this payment.`}
      onClose={onClose}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" disabled={pending || trimmed === '' || error !== null} onClick={() => onSubmit(trimmed)}>
            {pending ? 'Checking…' : 'Check and complete'}
          </Button>
        </>
      }
    >
      <TextField
        label="Transaction id"
        className="mono"
        spellCheck={false}
        autoComplete="off"
        value={txid}
        error={error}
        hint="From the buyer, or from a block explorer."
        onChange={(event) => setTxid(event.target.value)}
      />
    </Modal>
  )
}
