// Draws the app icon (`npm run icons`) in every size the installers need, into resources/:
// icon.png (1024 px: electron-builder makes the macOS .icns and the Windows .ico from it) and
// icons/<n>x<n>.png for Linux. Drawn from shapes, not scaled from one bitmap, so small sizes stay
// sharp; no image library, so the output is the same byte for byte on every machine (a test holds
// the committed files to it). The design: a ledger page on Pi purple, with a gold coin.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { crc32, deflateSync } from 'node:zlib'

export const LINUX_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const
export const MAIN_ICON_SIZE = 1024

type Rgb = readonly [number, number, number]
const PURPLE: Rgb = [0x59, 0x34, 0x8f]
const PAGE: Rgb = [0xfa, 0xf8, 0xf3]
const INK: Rgb = [0xb9, 0xae, 0xcc]
const GOLD: Rgb = [0xf2, 0xb1, 0x34]
const GOLD_DARK: Rgb = [0xc9, 0x86, 0x12]

/** The colour at (x, y) in a unit square, or null where the icon is transparent. */
function paint(x: number, y: number): Rgb | null {
  if (!insideRoundedRect(x, y, 0.04, 0.04, 0.96, 0.96, 0.2)) return null
  const coin = Math.hypot(x - 0.68, y - 0.68)
  if (coin < 0.2) {
    // π on the coin: a bar and two legs.
    if (inside(x, y, 0.58, 0.6, 0.78, 0.635) || inside(x, y, 0.61, 0.6, 0.645, 0.78) || inside(x, y, 0.705, 0.6, 0.74, 0.78)) {
      return GOLD_DARK
    }
    return coin < 0.17 ? GOLD : GOLD_DARK
  }
  if (insideRoundedRect(x, y, 0.2, 0.16, 0.66, 0.8, 0.05)) {
    for (const line of [0.3, 0.42, 0.54]) if (inside(x, y, 0.28, line, 0.58, line + 0.045)) return INK
    return PAGE
  }
  return PURPLE
}

function inside(x: number, y: number, left: number, top: number, right: number, bottom: number): boolean {
  return x >= left && x < right && y >= top && y < bottom
}

function insideRoundedRect(x: number, y: number, left: number, top: number, right: number, bottom: number, radius: number): boolean {
  if (!inside(x, y, left, top, right, bottom)) return false
  const cx = Math.min(Math.max(x, left + radius), right - radius)
  const cy = Math.min(Math.max(y, top + radius), bottom - radius)
  return Math.hypot(x - cx, y - cy) <= radius
}

/** RGBA pixels, each averaged over a grid of samples (anti-aliasing). */
function render(size: number): Buffer {
  const samples = size <= 64 ? 8 : 4
  const pixels = Buffer.alloc(size * size * 4)
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, covered = 0
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const colour = paint((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)
          if (colour === null) continue
          r += colour[0]
          g += colour[1]
          b += colour[2]
          covered++
        }
      }
      const at = (py * size + px) * 4
      if (covered === 0) continue
      pixels[at] = Math.round(r / covered)
      pixels[at + 1] = Math.round(g / covered)
      pixels[at + 2] = Math.round(b / covered)
      pixels[at + 3] = Math.round((255 * covered) / (samples * samples))
    }
  }
  return pixels
}

/** A PNG file: 8-bit RGBA, no filter, one IDAT. */
export function encodePng(size: number, rgba: Buffer): Buffer {
  const rows = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4)
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 6, 0, 0, 0], 8) // bit depth 8, RGBA, deflate, no filter method, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0))
  ])
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(typed))
  return Buffer.concat([length, typed, crc])
}

export function drawIcon(size: number): Buffer {
  return encodePng(size, render(size))
}

/** Writes every size under `folder` (resources/ by default) and returns the files written. */
export function writeIcons(folder: string): string[] {
  mkdirSync(join(folder, 'icons'), { recursive: true })
  const written = [join(folder, 'icon.png')]
  const drawn = new Map<number, Buffer>()
  const draw = (size: number) => drawn.get(size) ?? drawn.set(size, drawIcon(size)).get(size)!
  writeFileSync(written[0]!, draw(MAIN_ICON_SIZE))
  for (const size of LINUX_ICON_SIZES) {
    const file = join(folder, 'icons', `${size}x${size}.png`)
    writeFileSync(file, draw(size))
    written.push(file)
  }
  return written
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const folder = resolve(process.argv[2] ?? 'resources')
  for (const file of writeIcons(folder)) console.log(`icons: wrote ${file}`)
}
