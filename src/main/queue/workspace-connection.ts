// The queue's view of the app's workspace (src/main/app/workspace.ts): the same Pi and Horizon
// clients the sync uses, and the app wallet. Throws the workspace's own clear errors when the API
// key or the wallet address is missing.
import { requireAppWallet } from '../app/connection'
import type { Workspace } from '../app/workspace'
import type { QueueConnection } from './ports'

export function connectionFromWorkspace(workspace: Pick<Workspace, 'connection' | 'horizon' | 'pi'>): QueueConnection {
  return {
    networkId: workspace.connection.networkId,
    pi: workspace.pi(),
    horizon: workspace.horizon,
    appWallet: requireAppWallet(workspace.connection)
  }
}
