// `window.api` is the renderer's only way to reach main: the preload installs it in Electron, the
// preview client installs it in a plain browser. Both satisfy the same shared contract.
import type { MerchantDeskApi } from '../../../shared/contract/api'

declare global {
  interface Window {
    readonly api: MerchantDeskApi
  }
}

export {}
