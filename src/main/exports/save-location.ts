// Where an export is saved is the merchant's choice, made in main: the renderer never sends a
// path (a compromised page could otherwise write anywhere the app may). The composition root
// injects how to ask: Electron's save dialog in the desktop app (src/main/electron/save-dialog.ts),
// a fixed folder in the browser preview and in tests (saveIntoFolder).
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'

/** Asks where to save a file suggested as `suggestedName`; null when the merchant cancelled. */
export type ChooseSaveLocation = (suggestedName: string) => Promise<string | null>

/**
 * No dialog: files go into `folder` (created when missing) under the suggested name, with " (2)",
 * " (3)"... before the extension rather than over an earlier export.
 */
export function saveIntoFolder(folder: string): ChooseSaveLocation {
  return async (suggestedName) => {
    mkdirSync(folder, { recursive: true })
    const safe = plainName(suggestedName)
    const dot = safe.lastIndexOf('.')
    const [stem, extension] = dot > 0 ? [safe.slice(0, dot), safe.slice(dot)] : [safe, '']
    for (let attempt = 1; ; attempt++) {
      const candidate = join(folder, attempt === 1 ? safe : `${stem} (${attempt})${extension}`)
      if (!existsSync(candidate)) return candidate
    }
  }
}

/** The file names exports suggest: `merchant-desk-payments-2025-03-01-to-2025-03-31.csv`. */
export function suggestedExportName(report: string, from: string, to: string): string {
  return plainName(`merchant-desk-${report}-${from}-to-${to}.csv`)
}

/** Letters, digits, dot, dash and underscore only: never a folder, never a hidden file. */
function plainName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '')
  return cleaned === '' ? 'export.csv' : cleaned
}
