// Invariant: the only way out of the app to the web. Only http(s) URLs, parsed with URL, reach the
// system browser: no file:, javascript:, smb:, custom protocols or credentials-bearing URLs.
// The side effect (Electron's shell.openExternal) is injected so this stays testable in Node.

export function isSafeExternalUrl(candidate: string): boolean {
  let url: URL
  try {
    url = new URL(candidate)
  } catch {
    return false
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false
  if (url.username !== '' || url.password !== '') return false
  return url.hostname.length > 0
}

export async function openExternalSafely(
  candidate: string,
  open: (url: string) => Promise<void>
): Promise<boolean> {
  if (!isSafeExternalUrl(candidate)) return false
  // Hand over the normalised form, never the raw string we were given.
  await open(new URL(candidate).toString())
  return true
}
