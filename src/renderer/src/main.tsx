// Electron renderer entry. The preload has already installed window.api.
import './zod-config'
import { renderApp } from './app/render-app'

const container = document.getElementById('root')
if (!container) throw new Error('index.html has no #root element')
renderApp(container)
