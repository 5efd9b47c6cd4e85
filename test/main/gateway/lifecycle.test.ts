// The gateway as Settings and the command line switch it: refused in words without a token (or
// with a weak one, or a wrong allow list) before anything listens; a port in use named with what
// to do; one gateway at a time; audited start and stop; stop() frees the port.
import { createServer, type Server } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../../src/sandbox'
import { ledgerSql, startTestSandbox } from '../../support'
import { openGatewayDesk, type GatewayDesk } from './fixture'

let sandbox: RunningSandbox
let desk: GatewayDesk | null = null
let blocker: Server | null = null

beforeAll(async () => {
  sandbox = await startTestSandbox()
})
afterAll(async () => sandbox?.close())
afterEach(async () => {
  await desk?.close()
  desk = null
  await new Promise<void>((resolve) => (blocker === null ? resolve() : blocker.close(() => resolve())))
  blocker = null
})

async function takenPort(): Promise<number> {
  blocker = createServer()
  await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve))
  return (blocker.address() as { port: number }).port
}

describe('starting the gateway', () => {
  it('refuses to start without a token, saying how to set one, and listens on nothing', async () => {
    const d = (desk = await openGatewayDesk(sandbox, { token: null, start: false }))
    expect(d.services.gateway.status()).toMatchObject({ running: false, tokenConfigured: false, url: null })
    await expect(d.services.gateway.start({ port: 0 })).rejects.toMatchObject({
      code: 'gateway_token_missing',
      message: expect.stringMatching(/set MERCHANT_DESK_GATEWAY_TOKEN to a long random secret \(for example the output of `openssl rand -hex 32`\)/)
    })
    expect(d.services.gateway.status().running).toBe(false)
    expect(await ledgerSql(d.services.store).value("SELECT COUNT(*) FROM audit_log WHERE action = 'gateway.start'")).toBe(0n)
  })

  it('refuses a token shorter than 16 characters and an allow list with a typo', async () => {
    const weak = (desk = await openGatewayDesk(sandbox, { token: 'letmein', start: false }))
    await expect(weak.services.gateway.start({ port: 0 })).rejects.toMatchObject({ code: 'gateway_token_weak', message: expect.stringMatching(/is 7 characters long; the gateway needs at least 16/) })
    await weak.close()
    const d = (desk = await openGatewayDesk(sandbox, { start: false }))
    for (const allow of [['10.0.0.0/33'], ['10.0.0'], ['example.com'], ['::1/129'], ['10.0.0.0/8/1']]) {
      await expect(d.services.gateway.start({ port: 0, allow }), allow.join()).rejects.toMatchObject({ code: 'gateway_allow_invalid', message: expect.stringContaining(`"${allow[0]}" is not an IP address or a CIDR range`) })
    }
    expect(d.services.gateway.status().running).toBe(false)
  })

  it('names the port in use and what to do', async () => {
    const port = await takenPort()
    const d = (desk = await openGatewayDesk(sandbox, { start: false }))
    await expect(d.services.gateway.start({ port })).rejects.toMatchObject({
      code: 'gateway_port_in_use',
      message: `Port ${port} on 127.0.0.1 is already in use (another gateway, or another program). Stop that program, or choose another port (--port N; 0 picks a free one) and start the gateway again.`
    })
    expect(d.services.gateway.status().running).toBe(false)
    expect(await ledgerSql(d.services.store).value("SELECT COUNT(*) FROM audit_log WHERE action = 'gateway.start'")).toBe(0n)
  })

  it('runs one gateway at a time, audits start and stop, and frees its port when stopped', async () => {
    const d = (desk = await openGatewayDesk(sandbox))
    const running = d.services.gateway.status()
    expect(running).toMatchObject({ running: true, host: '127.0.0.1', url: d.url, startedBy: 'amira', tokenConfigured: true })
    expect(d.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    await expect(d.services.gateway.start({ port: 0 })).rejects.toMatchObject({ code: 'gateway_running' })

    expect(await d.services.gateway.stop()).toMatchObject({ running: false, url: null, watching: null })
    await expect(fetch(`${d.url}inv_1111111111111111111z/status.json`)).rejects.toThrow()
    const audit = await ledgerSql(d.services.store).all<{ actor: string; action: string; subject: string }>("SELECT actor, action, subject FROM audit_log WHERE action LIKE 'gateway.%' ORDER BY seq")
    expect(audit).toEqual([
      { actor: 'amira', action: 'gateway.start', subject: d.url },
      { actor: 'amira', action: 'gateway.stop', subject: d.url }
    ])
    // The same port again, now free.
    const again = await d.services.gateway.start({ port: running.port ?? 0 })
    expect(again.url).toBe(d.url)
  })

  it('runs the postback deliverer beside it, from start to stop', async () => {
    const calls: string[] = []
    const d = (desk = await openGatewayDesk(sandbox, { postbacks: { start: () => void calls.push('start'), stop: async () => void calls.push('stop') } }))
    expect(calls).toEqual(['start'])
    await d.services.gateway.stop()
    expect(calls).toEqual(['start', 'stop'])
  })
})
