// `npm test` runs this first (pretest): on a Node older than .nvmrc's, better-sqlite3 13 does not
// fail with an error but crashes the process, so say what is wrong before anything loads it.
// Plain JavaScript, so it runs on the old Node it is there to refuse.
import { readFileSync } from 'node:fs'

const wanted = Number(readFileSync(new URL('../.nvmrc', import.meta.url), 'utf8').trim().replace(/^v/, '').split('.')[0])
const running = Number(process.versions.node.split('.')[0])
if (running < wanted) {
  console.error(
    `Merchant Desk needs Node ${wanted} or newer (.nvmrc), and this is Node ${process.versions.node}: install Node ${wanted} (for example \`nvm install\`), or run .ci/run, which installs it.`
  )
  process.exit(1)
}
