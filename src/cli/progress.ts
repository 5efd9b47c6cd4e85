// The CLI's progress line: redrawn in place on a terminal, one line per phase in a log or a cron job.
import type { TaskProgress } from '../shared/contract'

export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): {
  update(progress: Omit<TaskProgress, 'task'>): void
  done(): void
} {
  let lastPhase: string | null = null
  let drawn = false
  return {
    update({ phase, done, total }) {
      const counts = total === null ? `${done}` : `${done}/${total}`
      const percent = total ? ` ${Math.floor((done / total) * 100)}%`.padStart(5) : ''
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${label(phase)}: ${counts}${percent}`)
        drawn = true
      } else if (phase !== lastPhase) {
        stream.write(`${label(phase)}...\n`)
      }
      lastPhase = phase
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K')
    }
  }
}

/** "reading_chain" → "Reading chain": engine phase names, said as words. */
function label(phase: string): string {
  const words = phase.replaceAll('_', ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}
