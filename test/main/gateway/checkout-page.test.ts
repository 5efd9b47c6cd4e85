// Security and content of the checkout page (`GET /<id>`): the QR code of the SEP-0007 URI with
// the bare address, amount and memo beside it; every text of the invoice escaped (a shop's order
// reference or data is whatever its customer typed); a Content-Security-Policy that lets only
// the page's own nonce-carrying script and style run, and loads nothing from anywhere.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { escapeHtml } from '../../../src/main/gateway'
import type { RunningSandbox } from '../../../src/sandbox'
import { startTestSandbox } from '../../support'
import { eventually, openGatewayDesk, type GatewayDesk } from './fixture'

let sandbox: RunningSandbox
let desk: GatewayDesk | null = null

beforeAll(async () => {
  sandbox = await startTestSandbox()
})
afterAll(async () => sandbox?.close())
afterEach(async () => {
  await desk?.close()
  desk = null
})

const HOSTILE = `"><script>alert('order')</script><img src=x onerror=alert(1)>`

async function page(d: GatewayDesk, id: string): Promise<{ html: string; headers: Headers; status: number }> {
  const response = await fetch(`${d.url}${id}`)
  return { html: await response.text(), headers: response.headers, status: response.status }
}

describe('the checkout page', () => {
  it('shows the QR code of the pay URI, and the address, amount and memo in text beside it', async () => {
    const d = (desk = await openGatewayDesk(sandbox))
    const started = (await d.rpc('start_payment', { amount: '7.5', memo: 'counter-12' })).body.result as { id: string; uri: string }
    const { html, headers, status } = await page(d, started.id)
    expect(status).toBe(200)
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(headers.get('cache-control')).toBe('no-store')
    expect(html).toMatch(/<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+"[^>]*><path /)
    expect(html).toContain('<dd id="amount">7.5000000 Pi</dd>')
    expect(html).toContain(`<dd id="address">${sandbox.appWallet.publicKey}</dd>`)
    expect(html).toContain('<dd id="memo">counter-12</dd>')
    expect(html).toContain('>Waiting for payment</p>')
  })

  it('escapes a hostile order reference and data, and allows only its own nonce script', async () => {
    const d = (desk = await openGatewayDesk(sandbox))
    const started = (await d.rpc('start_payment', { amount: '1', order: HOSTILE, data: { note: HOSTILE, html: '</script><script>alert(2)</script>' } })).body.result as { id: string }
    const { html, headers } = await page(d, started.id)
    expect(html).toContain(`Order ${escapeHtml(HOSTILE)}`)
    expect(html).not.toContain("<script>alert('order')")
    expect(html).not.toContain('<img src=x')
    expect(html).not.toContain('alert(2)')
    // One script, one style: both carry the nonce the policy names.
    const policy = headers.get('content-security-policy') ?? ''
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1]
    expect(nonce).toBeDefined()
    expect(policy).toContain("default-src 'none'")
    expect(policy).toContain(`style-src 'nonce-${nonce}'`)
    expect(policy).toContain("connect-src 'self'")
    expect(policy).toContain("frame-ancestors 'none'")
    expect(policy).not.toContain('unsafe-inline')
    expect(html.match(/<script\b/g)).toHaveLength(1)
    expect(html).toContain(`<script nonce="${nonce}">`)
    expect(html).toContain(`<style nonce="${nonce}">`)
    expect(html).not.toMatch(/<[^>]*\son[a-z]+=/i)
    expect(headers.get('x-content-type-options')).toBe('nosniff')
    // A fresh nonce per response.
    expect((await page(d, started.id)).headers.get('content-security-policy')).not.toBe(policy)
  })

  it('says a clear "Paid" once the invoice is paid', async () => {
    const d = (desk = await openGatewayDesk(sandbox))
    const started = (await d.rpc('start_payment', { amount: '2' })).body.result as { id: string; address: string; memo: string }
    await eventually(async () => (d.services.gateway.status().watching === 'live' ? true : null))
    d.pay(started.address, 30_000_000n, started.memo)
    const html = await eventually(async () => {
      const now = await page(d, started.id)
      return now.html.includes('data-status="new"') ? null : now.html
    })
    expect(html).toContain('data-status="overpaid"')
    expect(html).toContain('<p id="status" class="status paid" role="status" aria-live="polite">Paid</p>')
    expect(html).toContain('<dd id="received">3.0000000 Pi</dd>')
  })
})

describe('escapeHtml', () => {
  it('escapes the five characters that end a text or an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;')
  })
})
