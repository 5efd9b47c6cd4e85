// Entry of `npm run preview` (tsx src/preview/serve.ts [--db FILE] [--port N] [--skip-build]).
// The work is in server/run-preview.ts, where the typechecker sees it.
import { runPreview } from './server/run-preview'

try {
  await runPreview(process.argv.slice(2))
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error))
  process.exitCode = 1
}
