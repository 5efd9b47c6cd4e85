// The one place Electron's shell.openExternal is called, and only through the http(s) check.
import { shell } from 'electron'
import { openExternalSafely } from './external-links'

export function openInBrowser(url: string): Promise<boolean> {
  return openExternalSafely(url, (safe) => shell.openExternal(safe))
}
