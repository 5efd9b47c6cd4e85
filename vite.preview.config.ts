import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// The browser preview (development and tests only): the renderer with window.api over the
// loopback bridge instead of the preload. Built to .preview-build/, served by src/preview/serve.ts.
const clientRoot = fileURLToPath(new URL('./src/preview/client/', import.meta.url))

export default defineConfig({
  root: clientRoot,
  base: '/',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('./.preview-build/', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: { input: fileURLToPath(new URL('./src/preview/client/index.html', import.meta.url)) }
  }
})
