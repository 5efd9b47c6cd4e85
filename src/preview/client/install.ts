// Installs window.api for the browser preview, from the session token the preview server wrote
// into index.html. Without a token (page not served by the preview server) nothing is installed,
// and the app says it cannot start here.
import { createBridgeApi } from './bridge-api'

const TOKEN_META_NAME = 'merchant-desk-bridge'

export function installBridgeApi(doc: Document = document): boolean {
  const token = doc.querySelector<HTMLMetaElement>(`meta[name="${TOKEN_META_NAME}"]`)?.content
  if (!token) return false
  const api = createBridgeApi({
    token,
    fetch: (input, init) => window.fetch(input, init),
    openEvents: (url) => new EventSource(url)
  })
  // Like contextBridge: the page can use the api but not replace it.
  Object.defineProperty(window, 'api', { value: Object.freeze(api), writable: false, configurable: false, enumerable: true })
  return true
}
