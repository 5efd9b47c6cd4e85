// The one way to start the UI, shared by both front doors that show it: the Electron renderer
// (window.api from the preload) and the browser preview (window.api over the loopback bridge).
import { QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createQueryClient } from '../api'
import { App } from './app'

export function renderApp(container: HTMLElement): void {
  const root = createRoot(container)
  if (typeof window.api?.invoke !== 'function') {
    // Opened outside Electron and outside the preview server: there is nothing to talk to.
    root.render(
      <main className="content">
        <h1>Merchant Desk cannot start here</h1>
        <p className="muted">Open it as the desktop app, or through the browser preview (npm run preview).</p>
      </main>
    )
    return
  }
  root.render(
    <StrictMode>
      <QueryClientProvider client={createQueryClient()}>
        <App />
      </QueryClientProvider>
    </StrictMode>
  )
}
