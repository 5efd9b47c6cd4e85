// A preview server over a real router and event bus, with handlers that record every call, and a
// raw HTTP client that can forge any header (fetch cannot set Host).
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRouter, EventBus } from '../../src/main/ipc'
import { handlersFor } from '../support/handlers'
import { startPreviewServer, type PreviewServer, type PreviewServerOptions } from '../../src/preview/server'

export interface Fixture {
  readonly server: PreviewServer
  readonly events: EventBus
  readonly calls: string[]
  readonly origin: string
  readonly hostPort: string
  readonly staticDir: string
  close(): Promise<void>
}

export async function startFixture(options: Partial<Pick<PreviewServerOptions, 'maxBodyBytes'>> = {}): Promise<Fixture> {
  const base = await mkdtemp(join(tmpdir(), 'md-preview-test-'))
  const staticDir = join(base, 'site')
  await mkdir(join(staticDir, 'assets'), { recursive: true })
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>')
  await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log("app")')
  // Next to the build, never to be served.
  await writeFile(join(base, 'secret.txt'), 'TOP-SECRET')
  await symlink(join(base, 'secret.txt'), join(staticDir, 'assets', 'link.txt'))

  const calls: string[] = []
  let zone = 'UTC'
  const handlers = handlersFor({
    'app:info': () => {
      calls.push('app:info')
      return {
        version: '9.9.9',
        network: 'sandbox',
        networkLabel: 'Sandbox',
        sandbox: true,
        credentials: { apiKeyConfigured: true, walletConfigured: true, walletPublicKey: null }
      }
    },
    'settings:get': () => {
      calls.push('settings:get')
      return { network: 'sandbox', businessTimeZone: zone }
    },
    'settings:update': (change) => {
      calls.push('settings:update')
      zone = change.businessTimeZone ?? zone
      return { network: 'sandbox', businessTimeZone: zone }
    },
    'shell:openExternal': () => {
      calls.push('shell:openExternal')
      return { opened: false }
    }
  })
  const events = new EventBus()
  const server = await startPreviewServer({
    services: { router: createRouter(handlers), events },
    staticDir,
    host: '127.0.0.1',
    ...options
  })
  const url = new URL(server.url)
  return {
    server,
    events,
    calls,
    origin: url.origin,
    hostPort: url.host,
    staticDir,
    async close() {
      await server.close()
      await rm(base, { recursive: true, force: true })
    }
  }
}

export interface RawAnswer {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly text: string
  json(): unknown
}

export function raw(
  fixture: Fixture,
  options: { method?: string; path: string; headers?: Record<string, string | number>; body?: string | Buffer }
): Promise<RawAnswer> {
  const url = new URL(fixture.server.url)
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? 'GET',
        path: options.path,
        // Node fills in Host unless we set it: tests that forge it pass their own.
        headers: { host: fixture.hostPort, ...options.headers }
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as unknown })
        })
        res.on('error', reject)
      }
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

/** A bridge call as the preview page makes it: own Origin, token header, JSON body. */
export function invokeAs(
  fixture: Fixture,
  body: unknown,
  headers: Record<string, string> = {}
): Promise<RawAnswer> {
  return raw(fixture, {
    method: 'POST',
    path: '/bridge/invoke',
    headers: {
      'content-type': 'application/json',
      origin: fixture.origin,
      'sec-fetch-site': 'same-origin',
      'x-merchant-desk-token': fixture.server.token,
      ...headers
    },
    body: typeof body === 'string' ? body : JSON.stringify(body)
  })
}
