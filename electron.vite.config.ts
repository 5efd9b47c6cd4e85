import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

// The three Electron bundles. Node dependencies (better-sqlite3 above all: a native module) stay
// external in main (electron-vite's externalizeDeps, on by default) so they load from
// node_modules at run time instead of being inlined.
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/main/index.ts') },
        external: ['better-sqlite3']
      }
    }
  },
  preload: {
    build: {
      // No externalized deps: a sandboxed preload can only require('electron'), so everything it
      // uses is bundled (and it uses only zod-free contract files).
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // A sandboxed preload cannot be an ES module: emit CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } }
    }
  }
})
