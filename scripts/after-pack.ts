// electron-builder's afterPack hook (electron-builder.yml): flips Electron's fuses in the packed
// binary before it is signed, as Signal Desktop does. The packaged app holds the wallet seed, so
// nothing may turn it into a plain Node (ELECTRON_RUN_AS_NODE, NODE_OPTIONS, --inspect) or make
// it load code from outside its checked ASAR. Node loads this file as is (type stripping):
// erasable TypeScript only.
import { join } from 'node:path'
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses'

/** The part of electron-builder's AfterPackContext this hook reads. */
export interface PackedApp {
  readonly appOutDir: string
  readonly electronPlatformName: string
  /** electron-builder's Arch: 1 is x64, 3 is arm64, 4 is universal. */
  readonly arch: number
  readonly packager: { readonly appInfo: { readonly productFilename: string }; readonly executableName?: string }
}

const ARM64 = 3
const UNIVERSAL = 4

export const MERCHANT_DESK_FUSES = {
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true
} as const

/** Where electron-builder put the Electron executable it renamed to the app's name. */
export function packedBinary(context: PackedApp): string {
  const { appOutDir, electronPlatformName, packager } = context
  const name = packager.appInfo.productFilename
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return join(appOutDir, `${name}.app`)
  if (electronPlatformName === 'win32') return join(appOutDir, `${name}.exe`)
  return join(appOutDir, packager.executableName ?? name)
}

export async function afterPack(context: PackedApp): Promise<void> {
  const darwin = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas'
  await flipFuses(packedBinary(context), {
    ...MERCHANT_DESK_FUSES,
    // Changing the binary breaks an arm64 ad-hoc signature, without which macOS will not start
    // it; electron-builder's real signature comes after this hook.
    resetAdHocDarwinSignature: darwin && (context.arch === ARM64 || context.arch === UNIVERSAL)
  })
}
