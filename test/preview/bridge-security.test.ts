// The preview bridge lets exactly one page, the one it served, drive the router. Everything else
// (no or wrong token, another origin, a rebinding host name, a cross-site fetch, an oversized or
// malformed body) is refused with an envelope, and the handler never runs.
import { request as httpRequest } from 'node:http'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_MAX_BODY_BYTES } from '../../src/preview/server'
import { invokeAs, raw, startFixture, type Fixture } from './preview-fixture'

let fixture: Fixture

beforeEach(async () => {
  fixture = await startFixture()
})

afterEach(async () => {
  await fixture.close()
})

describe('preview bridge: who may call', () => {
  it('answers a call from its own page with the router envelope', async () => {
    const answer = await invokeAs(fixture, { channel: 'settings:update', input: { businessTimeZone: 'Asia/Tokyo' } })
    expect(answer.status).toBe(200)
    expect(answer.json()).toEqual({ ok: true, value: { network: 'sandbox', businessTimeZone: 'Asia/Tokyo' } })
    expect(fixture.calls).toEqual(['settings:update'])
  })

  it('answers a call without an Origin header (non-browser client holding the token)', async () => {
    const answer = await raw(fixture, {
      method: 'POST',
      path: '/bridge/invoke',
      headers: { 'content-type': 'application/json', 'x-merchant-desk-token': fixture.server.token },
      body: JSON.stringify({ channel: 'app:info' })
    })
    expect(answer.json()).toMatchObject({ ok: true, value: { network: 'sandbox', version: '9.9.9' } })
  })

  it('refuses a call without a token with 401 and runs no handler', async () => {
    const answer = await invokeAs(fixture, { channel: 'app:info' }, { 'x-merchant-desk-token': '' })
    expect(answer.status).toBe(401)
    expect(answer.json()).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } })
    expect(fixture.calls).toEqual([])
  })

  it('refuses wrong tokens of any length, and the token in the query string', async () => {
    const token = fixture.server.token
    const wrong = [`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, token.slice(1), `${token}x`, 'x', token.toUpperCase()]
    for (const candidate of wrong.filter((t) => t !== token)) {
      const answer = await invokeAs(fixture, { channel: 'app:info' }, { 'x-merchant-desk-token': candidate })
      expect(answer.status, candidate).toBe(401)
    }
    const inQuery = await raw(fixture, {
      method: 'POST',
      path: `/bridge/invoke?token=${token}`,
      headers: { 'content-type': 'application/json', origin: fixture.origin },
      body: JSON.stringify({ channel: 'app:info' })
    })
    expect(inQuery.status).toBe(401)
    expect(fixture.calls).toEqual([])
  })

  it('refuses another origin with 403 even when it holds the token', async () => {
    const port = new URL(fixture.server.url).port
    for (const origin of ['http://evil.example', 'null', `http://localhost:${port}`, `https://127.0.0.1:${port}`, 'http://127.0.0.1:1']) {
      const answer = await invokeAs(fixture, { channel: 'app:info' }, { origin })
      expect(answer.status, origin).toBe(403)
      expect(answer.json()).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } })
    }
    expect(fixture.calls).toEqual([])
  })

  it('refuses a cross-site fetch (Sec-Fetch-Site) with 403', async () => {
    for (const site of ['cross-site', 'same-site', 'none']) {
      const answer = await invokeAs(fixture, { channel: 'app:info' }, { 'sec-fetch-site': site })
      expect(answer.status, site).toBe(403)
    }
    expect(fixture.calls).toEqual([])
  })

  it('refuses a foreign Host (DNS rebinding) on bridge routes and on the page itself', async () => {
    const port = new URL(fixture.server.url).port
    for (const host of ['evil.example', `evil.example:${port}`, `localhost:${port}`, '127.0.0.1:1', '127.0.0.1']) {
      const call = await invokeAs(fixture, { channel: 'app:info' }, { host })
      expect(call.status, host).toBe(403)
      const page = await raw(fixture, { path: '/', headers: { host } })
      expect(page.status, host).toBe(403)
      expect(page.text).not.toContain(fixture.server.token)
    }
    expect(fixture.calls).toEqual([])
  })
})

describe('preview bridge: what a call may carry', () => {
  it('refuses a body over the limit with input_too_large and runs no handler', async () => {
    const padding = 'x'.repeat(DEFAULT_MAX_BODY_BYTES)
    const answer = await invokeAs(fixture, { channel: 'settings:update', input: { businessTimeZone: padding } })
    expect(answer.status).toBe(413)
    expect(answer.json()).toMatchObject({ ok: false, error: { code: 'input_too_large' } })
    expect(fixture.calls).toEqual([])
  })

  it('counts the bytes of a chunked body that declares no length', async () => {
    const small = await startFixture({ maxBodyBytes: 1024 })
    try {
      const url = new URL(small.server.url)
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: url.hostname,
            port: url.port,
            method: 'POST',
            path: '/bridge/invoke',
            headers: { 'content-type': 'application/json', 'x-merchant-desk-token': small.server.token }
          },
          (res) => {
            let body = ''
            res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
          }
        )
        req.on('error', reject)
        req.write('{"channel":"app:info","input":"')
        req.write('y'.repeat(4096))
        req.end('"}')
      })
      expect(answer.status).toBe(413)
      expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'input_too_large' } })
      expect(small.calls).toEqual([])
    } finally {
      await small.close()
    }
  })

  it('answers an unknown channel with unknown_channel', async () => {
    const answer = await invokeAs(fixture, { channel: 'payments:deleteAll', input: {} })
    expect(answer.json()).toEqual({ ok: false, error: { code: 'unknown_channel', message: 'This action is not available.' } })
    expect(fixture.calls).toEqual([])
  })

  it('answers malformed JSON and a body without a channel with invalid_input', async () => {
    for (const body of ['{"channel": "app:info"', 'not json', '[]', '"app:info"', '{"input":1}', '{"channel":7}']) {
      const answer = await invokeAs(fixture, body)
      expect(answer.status, body).toBe(400)
      expect(answer.json()).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    }
    expect(fixture.calls).toEqual([])
  })

  it('passes input validation failures through from the router', async () => {
    const answer = await invokeAs(fixture, { channel: 'settings:update', input: { businessTimeZone: 42 } })
    expect(answer.status).toBe(200)
    expect(answer.json()).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(fixture.calls).toEqual([])
  })

  it('accepts only POST with a JSON content type', async () => {
    const get = await raw(fixture, {
      path: '/bridge/invoke',
      headers: { 'x-merchant-desk-token': fixture.server.token }
    })
    expect(get.status).toBe(405)
    const form = await invokeAs(fixture, 'channel=app:info', { 'content-type': 'application/x-www-form-urlencoded' })
    expect(form.status).toBe(415)
    const plain = await invokeAs(fixture, JSON.stringify({ channel: 'app:info' }), { 'content-type': 'text/plain' })
    expect(plain.status).toBe(415)
    expect(fixture.calls).toEqual([])
  })
})

describe('preview bridge: the page and its files', () => {
  it('serves index.html with the token meta tag, the CSP header and no CORS header', async () => {
    const page = await raw(fixture, { path: '/' })
    expect(page.status).toBe(200)
    expect(page.text).toContain(`<meta name="merchant-desk-bridge" content="${fixture.server.token}" />`)
    expect(page.headers['content-security-policy']).toContain("script-src 'self'")
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(page.headers['x-content-type-options']).toBe('nosniff')
    expect(page.headers['cache-control']).toBe('no-store')
    expect(Object.keys(page.headers).filter((name) => name.startsWith('access-control-'))).toEqual([])
  })

  it('answers a CORS preflight without any Access-Control header', async () => {
    const preflight = await raw(fixture, {
      method: 'OPTIONS',
      path: '/bridge/invoke',
      headers: {
        origin: 'http://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-merchant-desk-token'
      }
    })
    expect(preflight.status).toBe(403)
    expect(Object.keys(preflight.headers).filter((name) => name.startsWith('access-control-'))).toEqual([])
  })

  it('serves files of the build and nothing outside it', async () => {
    expect((await raw(fixture, { path: '/assets/app.js' })).text).toBe('console.log("app")')
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/assets/link.txt', '/assets/%00', '/assets']) {
      const answer = await raw(fixture, { path })
      expect(answer.status, path).toBe(404)
      expect(answer.text).not.toContain('TOP-SECRET')
    }
  })

  it('binds to the loopback address only', () => {
    expect(new URL(fixture.server.url).hostname).toBe('127.0.0.1')
  })
})

describe('preview bridge: pushed events', () => {
  it('refuses the event stream without the right token', async () => {
    for (const path of ['/bridge/events', '/bridge/events?token=nope']) {
      const answer = await raw(fixture, { path })
      expect(answer.status, path).toBe(401)
    }
  })

  it('streams every event main emits to the page, as server-sent events', async () => {
    const url = new URL(fixture.server.url)
    const received = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(
        { host: url.hostname, port: url.port, path: `/bridge/events?token=${fixture.server.token}` },
        (res) => {
          expect(res.statusCode).toBe(200)
          expect(res.headers['content-type']).toContain('text/event-stream')
          let text = ''
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString('utf8')
            if (text.includes(': connected')) fixture.events.emit('settings:changed', { network: 'sandbox' })
            if (text.includes('event: settings:changed')) {
              req.destroy()
              resolve(text)
            }
          })
        }
      )
      req.on('error', (error) => (error.message.includes('aborted') ? undefined : reject(error)))
      req.end()
    })
    expect(received).toContain('event: settings:changed\ndata: {"network":"sandbox"}\n\n')
  })
})
