// The team database saved in Settings does not open at start: the merchant chooses, in words,
// before any window, between this desk's own file for now and quitting. Never chosen for them: the
// desk's own ledger is not the team's.
import { dialog } from 'electron'

export async function askWhenTeamUnavailable(sentence: string): Promise<'desk' | 'quit'> {
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    title: 'Team database',
    message: 'Merchant Desk could not open the team database.',
    detail: `${sentence}\n\nOpen this desk's own file for now (to fix the address in Settings > Team database), or quit and try again later.`,
    buttons: ["Open this desk's own file", 'Quit'],
    defaultId: 1,
    cancelId: 1
  })
  return response === 0 ? 'desk' : 'quit'
}
