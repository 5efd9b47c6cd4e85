// The desktop app's answer to "where should this export go?": the system save dialog, attached to
// the app window, starting in the Documents folder with the suggested name. Main alone learns the
// path; the renderer only ever hears the file's name.
import { join } from 'node:path'
import { app, dialog, type BrowserWindow } from 'electron'
import type { ChooseSaveLocation } from '../exports'

export function chooseSaveLocationWithDialog(window: () => BrowserWindow | null): ChooseSaveLocation {
  return async (suggestedName) => {
    const options = {
      title: 'Save export',
      defaultPath: join(app.getPath('documents'), suggestedName),
      buttonLabel: 'Save',
      filters: [{ name: 'CSV files', extensions: ['csv'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'] as ('createDirectory' | 'showOverwriteConfirmation')[]
    }
    const owner = window()
    const answer = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options)
    return answer.canceled || !answer.filePath ? null : answer.filePath
  }
}
