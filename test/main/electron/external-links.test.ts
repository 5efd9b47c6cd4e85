import { describe, expect, it } from 'vitest'
import { isSafeExternalUrl, openExternalSafely } from '../../../src/main/electron/external-links'

describe('external links', () => {
  it.each([
    'https://blockexplorer.minepi.com/mainnet/tx/abc',
    'http://example.com/',
    'HTTPS://Example.com/path?q=1#x'
  ])('opens %s', async (url) => {
    const opened: string[] = []
    expect(await openExternalSafely(url, async (safe) => void opened.push(safe))).toBe(true)
    expect(opened).toEqual([new URL(url).toString()])
  })

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,hi',
    'smb://server/share',
    'ms-settings:privacy',
    'vscode://file/etc',
    'chrome://settings',
    'https://user:pass@example.com/',
    'http://user@example.com/',
    '//example.com',
    'example.com',
    ''
  ])('never opens %s', async (url) => {
    const opened: string[] = []
    expect(await openExternalSafely(url, async (safe) => void opened.push(safe))).toBe(false)
    expect(opened).toEqual([])
  })

  it('hands over the normalised URL, not the raw string', async () => {
    const opened: string[] = []
    await openExternalSafely(' https:/example.com/a b', async (safe) => void opened.push(safe))
    expect(opened).toEqual(['https://example.com/a%20b'])
    expect(isSafeExternalUrl(opened[0]!)).toBe(true)
  })
})
