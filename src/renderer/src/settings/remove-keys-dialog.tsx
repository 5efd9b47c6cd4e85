import type { SecretNetwork } from '../../../shared/contract'
import { Button, Modal } from '../ui'

export function RemoveKeysDialog({
  network,
  label,
  pending,
  onConfirm,
  onClose
}: {
  readonly network: SecretNetwork
  readonly label: string
  readonly pending: boolean
  readonly onConfirm: () => void
  readonly onClose: () => void
}) {
  return (
    <Modal
      title={`Remove the ${label} keys?`}
      description={`The API key and the wallet seed saved for ${label} are deleted from this computer. Merchant Desk cannot sync ${label} or pay refunds there until you enter them again.`}
      onClose={onClose}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Keep them
          </Button>
          <Button variant="primary" disabled={pending} onClick={onConfirm} data-confirm-remove={network}>
            {pending ? 'Removing…' : 'Remove keys'}
          </Button>
        </>
      }
    >
      <p>Your wallet and its Pi are not affected: only this computer's copy of the keys goes.</p>
    </Modal>
  )
}
