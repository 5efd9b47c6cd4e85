// The payout journal's view of a workspace: its clients, wallet and signer. The desktop app and
// the CLI pay through the same one.
import type { PayoutConnection } from '../payouts'
import type { Workspace } from './workspace'

/** Throws the workspace's own clear error when the network has no API key. */
export function payoutConnectionOf(workspace: Pick<Workspace, 'connection' | 'pi' | 'horizon' | 'signer'>): PayoutConnection {
  return {
    networkId: workspace.connection.networkId,
    passphrase: workspace.connection.passphrase,
    pi: workspace.pi(),
    horizon: workspace.horizon,
    appWallet: workspace.connection.appWallet,
    explorerTxUrl: workspace.connection.explorerTxUrl,
    signer: () => workspace.signer()
  }
}
