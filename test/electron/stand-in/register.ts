// `node --import ./register.ts out/main/index.js`: every `import ... from 'electron'` (and
// `require('electron')`) of the built app resolves to the stand-in next to this file instead of
// the real package, whose binary may not exist. In-thread hooks, so nothing else changes.
import { registerHooks } from 'node:module'

const standIn = new URL('./electron.ts', import.meta.url).href

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'electron') return { url: standIn, shortCircuit: true }
    return nextResolve(specifier, context)
  }
})
