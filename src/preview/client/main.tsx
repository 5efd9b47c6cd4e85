// Browser-preview entry: install window.api over the loopback bridge, then start the very same
// React app the Electron renderer starts.
import '../../renderer/src/zod-config'
import { renderApp } from '../../renderer/src/app/render-app'
import { installBridgeApi } from './install'

installBridgeApi()
const container = document.getElementById('root')
if (!container) throw new Error('index.html has no #root element')
renderApp(container)
