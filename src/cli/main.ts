// Process entry of the CLI (bin/merchant-desk.js loads this). Kept apart from index.ts so tests
// can import buildProgram/runCli without running anything.
import { runCli } from './index'

// `merchant-desk payments list | head`: the reader left; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})

const code = await runCli(process.argv.slice(2))
if (code !== 0) process.exitCode = code
