// One `app:info` for the whole window: the top bar, the dashboard and settings all show the same
// network, and all follow it when main announces a settings change.
import { createContext, useContext, type ReactNode } from 'react'
import type { AppInfo } from '../../../shared/contract'
import { useAppEvent, useInvoke, type InvokeState } from '../api'

const AppInfoContext = createContext<InvokeState<AppInfo> | null>(null)

export function AppInfoProvider({ children }: { readonly children: ReactNode }) {
  const info = useInvoke('app:info')
  useAppEvent('settings:changed', info.reload)
  return <AppInfoContext.Provider value={info}>{children}</AppInfoContext.Provider>
}

export function useAppInfo(): InvokeState<AppInfo> {
  const info = useContext(AppInfoContext)
  if (!info) throw new Error('useAppInfo is used outside <AppInfoProvider>')
  return info
}
