// What a person sees of the layout, read from the DOM: does the page scroll sideways, and does any
// box inside it hide content behind a horizontal scrollbar or a clip? Text cut short on purpose
// (an ellipsis with the whole value in a title) is not hidden: hovering shows it.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'

/** Screenshots of the browser tests, kept for people to look at (gitignored). */
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../test-artifacts/', import.meta.url))

export const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 }
] as const

export interface HorizontalOverflow {
  /** document scrollWidth - clientWidth: more than 0 means the page scrolls sideways. */
  readonly page: number
  /** Inner boxes whose content is wider than the box, described as tag.class "#text" (+px). */
  readonly inner: readonly string[]
}

interface Box {
  readonly tagName: string
  readonly className: unknown
  readonly scrollWidth: number
  readonly clientWidth: number
  readonly textContent: string | null
  readonly title?: string
  readonly parentElement: Box | null
  closest(selector: string): Box | null
}

interface DomGlobals {
  readonly document: { readonly documentElement: Box; querySelectorAll(selector: string): Iterable<Box> }
  getComputedStyle(box: Box): { overflowX: string; textOverflow: string; display: string; position: string; clip: string; clipPath: string }
}

export async function horizontalOverflow(page: Page): Promise<HorizontalOverflow> {
  return page.evaluate(() => {
    const scope = globalThis as unknown as DomGlobals
    const root = scope.document.documentElement
    const inner: string[] = []
    for (const box of scope.document.querySelectorAll('body *')) {
      const extra = box.scrollWidth - box.clientWidth
      if (extra <= 1 || box.clientWidth === 0) continue
      const style = scope.getComputedStyle(box)
      if (style.overflowX === 'visible') continue
      // Screen-reader-only text is clipped by design.
      if (box.closest('.visually-hidden, .skip-link')) continue
      // Cut short with an ellipsis, the whole value on hover.
      if (style.textOverflow === 'ellipsis' && box.closest('[title]')) continue
      const name = typeof box.className === 'string' && box.className ? `.${box.className.split(/\s+/).join('.')}` : ''
      inner.push(`${box.tagName.toLowerCase()}${name} "${(box.textContent ?? '').trim().slice(0, 40)}" (+${extra}px)`)
    }
    return { page: root.scrollWidth - root.clientWidth, inner }
  })
}

/** A full-page screenshot under test-artifacts/, named by what it shows and the viewport. */
export async function keepScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true })
  const size = page.viewportSize()
  const path = join(ARTIFACTS_DIR, `${name}-${size?.width ?? 0}x${size?.height ?? 0}.png`)
  await page.screenshot({ path, fullPage: true })
  return path
}
