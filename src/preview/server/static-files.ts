// Serves the built preview (vite.preview.config.ts output) and hands the page its session token.
// Invariant: only files inside staticDir are ever read (no `..`, no encoded escapes, no symlink
// out of it), and the token is written only into index.html, as a meta tag the CSP allows.
import { readFile, realpath, stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { sendText, setSecurityHeaders } from './http-answers'

export const TOKEN_META_NAME = 'merchant-desk-bridge'

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8'
}

export interface StaticSite {
  serve(pathname: string, res: ServerResponse, headOnly: boolean): Promise<void>
}

export async function openStaticSite(staticDir: string, token: string): Promise<StaticSite> {
  const root = await realpath(staticDir)
  const indexFile = join(root, 'index.html')
  await stat(indexFile).catch(() => {
    throw new Error(`No index.html in ${staticDir}: build the preview first (vite build --config vite.preview.config.ts).`)
  })

  return {
    async serve(pathname, res, headOnly) {
      const file = await resolveInside(root, pathname === '/' ? '/index.html' : pathname)
      if (file === null) return sendText(res, 404, 'Not found')
      let body: Buffer
      try {
        body = await readFile(file)
      } catch {
        return sendText(res, 404, 'Not found')
      }
      if (file === indexFile) body = Buffer.from(injectToken(body.toString('utf8'), token), 'utf8')
      setSecurityHeaders(res, 'page')
      res.writeHead(200, {
        'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': body.length
      })
      res.end(headOnly ? undefined : body)
    }
  }
}

/**
 * The token as a meta tag at the end of <head>. The page's entry is a module script, which runs
 * only after the whole document is parsed, so it always finds the tag.
 */
export function injectToken(html: string, token: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw new Error('Session token must be base64url')
  const at = html.search(/<\/head>/i)
  if (at < 0) throw new Error('index.html has no </head>')
  return `${html.slice(0, at)}  <meta name="${TOKEN_META_NAME}" content="${token}" />\n  ${html.slice(at)}`
}

async function resolveInside(root: string, pathname: string): Promise<string | null> {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const candidate = normalize(join(root, decoded))
  if (!candidate.startsWith(root + sep)) return null
  try {
    // Follow symlinks, then check again: a link inside the build must not lead out of it.
    const real = await realpath(candidate)
    if (!real.startsWith(root + sep)) return null
    const info = await stat(real)
    return info.isFile() ? real : null
  } catch {
    return null
  }
}
