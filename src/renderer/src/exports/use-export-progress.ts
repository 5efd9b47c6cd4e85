// The running export's progress, from main's task:progress events (task "export").
import { useState } from 'react'
import type { TaskProgress } from '../../../shared/contract'
import { useAppEvent } from '../api'

export function useExportProgress(): { readonly progress: TaskProgress | null; readonly reset: () => void } {
  const [progress, setProgress] = useState<TaskProgress | null>(null)
  useAppEvent('task:progress', (event) => {
    if (event.task === 'export') setProgress(event)
  })
  return { progress, reset: () => setProgress(null) }
}
