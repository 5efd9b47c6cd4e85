// Invariant: only our own window's main frame, showing our own renderer, may call into main.
// An iframe, a window that navigated elsewhere, or any other webContents gets `forbidden_sender`.
// Pure functions: the Electron adapter feeds them facts from the IPC event, tests feed tables.

export interface SenderFacts {
  readonly webContentsId: number
  readonly isMainFrame: boolean
  /** The URL of the frame that sent the message; null when Electron could not tell. */
  readonly frameUrl: string | null
}

export interface TrustedRenderer {
  readonly webContentsIds: ReadonlySet<number>
  /** The renderer's entry URL: file:///.../index.html when packaged, http://localhost:5173/ in dev. */
  readonly rendererUrl: string
}

export function isTrustedSender(sender: SenderFacts, trusted: TrustedRenderer): boolean {
  if (!trusted.webContentsIds.has(sender.webContentsId)) return false
  if (!sender.isMainFrame) return false
  if (sender.frameUrl === null) return false
  return isOwnRendererUrl(sender.frameUrl, trusted.rendererUrl)
}

/**
 * Same document as our entry: for file: the exact path (a query or hash is fine: the SPA uses the
 * hash for its routes); for http(s) in development the exact origin. Compared on parsed URLs, so
 * prefix tricks (`http://localhost:5173.evil.com`, `file:///app/index.html/../../etc`) fail.
 */
export function isOwnRendererUrl(candidate: string, rendererUrl: string): boolean {
  let url: URL
  let own: URL
  try {
    url = new URL(candidate)
    own = new URL(rendererUrl)
  } catch {
    return false
  }
  if (url.protocol !== own.protocol) return false
  if (own.protocol === 'file:') return url.host === own.host && url.pathname === own.pathname
  if (own.protocol === 'http:' || own.protocol === 'https:') return url.origin === own.origin
  return false
}
