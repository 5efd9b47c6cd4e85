import { describe, expect, it } from 'vitest'
import { isOwnRendererUrl, isTrustedSender } from '../../../src/main/electron/trusted-sender'

const packaged = 'file:///opt/Merchant%20Desk/resources/app.asar/out/renderer/index.html'
const dev = 'http://localhost:5173/'

describe('isOwnRendererUrl', () => {
  it.each([
    [packaged, packaged],
    [`${packaged}#/ledger`, packaged],
    [`${packaged}?x=1`, packaged],
    ['http://localhost:5173/#/queue', dev],
    ['http://localhost:5173/index.html', dev]
  ])('accepts %s', (candidate, own) => {
    expect(isOwnRendererUrl(candidate, own)).toBe(true)
  })

  it.each([
    ['file:///opt/Merchant%20Desk/resources/app.asar/out/renderer/other.html', packaged],
    ['file:///etc/passwd', packaged],
    ['file://evil-host/opt/Merchant%20Desk/resources/app.asar/out/renderer/index.html', packaged],
    ['http://localhost:5173.evil.com/', dev],
    ['http://localhost:5174/', dev],
    ['https://localhost:5173/', dev],
    ['http://127.0.0.1:5173/', dev],
    ['http://evil.com/?http://localhost:5173/', dev],
    ['javascript:alert(1)', dev],
    ['data:text/html,<script>1</script>', packaged],
    ['about:blank', packaged],
    ['', packaged],
    ['not a url', dev],
    [packaged, dev],
    [dev, packaged]
  ])('refuses %s', (candidate, own) => {
    expect(isOwnRendererUrl(candidate, own)).toBe(false)
  })
})

describe('isTrustedSender', () => {
  const trusted = { webContentsIds: new Set([7]), rendererUrl: packaged }

  it('trusts our window main frame on our page', () => {
    expect(isTrustedSender({ webContentsId: 7, isMainFrame: true, frameUrl: `${packaged}#/` }, trusted)).toBe(true)
  })

  it('refuses another webContents, a sub-frame, an unknown frame URL and a foreign page', () => {
    expect(isTrustedSender({ webContentsId: 8, isMainFrame: true, frameUrl: packaged }, trusted)).toBe(false)
    expect(isTrustedSender({ webContentsId: 7, isMainFrame: false, frameUrl: packaged }, trusted)).toBe(false)
    expect(isTrustedSender({ webContentsId: 7, isMainFrame: true, frameUrl: null }, trusted)).toBe(false)
    expect(isTrustedSender({ webContentsId: 7, isMainFrame: true, frameUrl: 'https://evil.com/' }, trusted)).toBe(false)
  })
})
