// Plain http is allowed only to this machine (the sandbox network). Anywhere else it would send the
// API key, and the merchant's payment data, readable to everyone on the way.

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1'])

export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.toLowerCase()
  return LOOPBACK_HOSTS.has(host) || /^127(?:\.\d{1,3}){3}$/.test(host)
}

/** Parses a server address and refuses anything but https, or http on loopback. */
export function parseServerUrl(text: string): URL | null {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return null
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return null
  if (url.protocol === 'https:') return url
  if (url.protocol === 'http:' && isLoopbackUrl(url)) return url
  return null
}
