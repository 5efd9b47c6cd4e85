// One `app:info` and one `settings:get` for the whole window: the top bar, every page and Settings
// show the same network and business time zone, and all follow main's events (the query cache is
// invalidated by them; see api/use-invalidate-on-events), instead of each page fetching them and
// passing `zone` down by hand.
import { createContext, useContext, type ReactNode } from 'react'
import type { AppInfo, AppSettings } from '../../../shared/contract'
import { useChannelQuery, type ChannelQueryState } from '../api'

const AppInfoContext = createContext<ChannelQueryState<AppInfo> | null>(null)
const AppSettingsContext = createContext<ChannelQueryState<AppSettings> | null>(null)

export function AppInfoProvider({ children }: { readonly children: ReactNode }) {
  const info = useChannelQuery('app:info')
  const settings = useChannelQuery('settings:get')
  return (
    <AppInfoContext.Provider value={info}>
      <AppSettingsContext.Provider value={settings}>{children}</AppSettingsContext.Provider>
    </AppInfoContext.Provider>
  )
}

export function useAppInfo(): ChannelQueryState<AppInfo> {
  const info = useContext(AppInfoContext)
  if (!info) throw new Error('useAppInfo is used outside <AppInfoProvider>')
  return info
}

/** The merchant's settings (network, business time zone), loading and error included. */
export function useAppSettings(): ChannelQueryState<AppSettings> {
  const settings = useContext(AppSettingsContext)
  if (!settings) throw new Error('useAppSettings is used outside <AppInfoProvider>')
  return settings
}

/** The business time zone, or null until main has said it. */
export function useBusinessZone(): string | null {
  return useAppSettings().data?.businessTimeZone ?? null
}
