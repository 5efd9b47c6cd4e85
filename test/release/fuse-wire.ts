// A stand-in for an Electron executable: just enough bytes for @electron/fuses to find the fuse
// wire (its sentinel, then version 1 and the wire), set as Electron 45 ships it.
import { writeFileSync } from 'node:fs'
import { FuseV1Options, FuseState } from '@electron/fuses'

/** Where Electron's fuse wire starts (@electron/fuses/dist/constants.js; not exported by the package). */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'

/** Electron's defaults: RunAsNode, NODE_OPTIONS, --inspect, file: privileges and WASM trap handlers on. */
const SHIPPED = '101100011'

export function writeStandInElectron(path: string): void {
  const wire = Buffer.from(SHIPPED, 'latin1')
  writeFileSync(
    path,
    Buffer.concat([Buffer.from('\x7fELF a stand-in for the Electron executable\n'), Buffer.from(SENTINEL), Buffer.from([1, wire.length]), wire, Buffer.from('\nend\n')]),
    { mode: 0o755 }
  )
}

export type FuseName = keyof typeof FuseV1Options

/** Reads the wire back as on/off per named fuse. */
export function describeWire(config: object): Partial<Record<FuseName, boolean>> {
  const wire = config as Record<number, FuseState | undefined>
  const named: Partial<Record<FuseName, boolean>> = {}
  for (const [name, index] of Object.entries(FuseV1Options)) {
    if (typeof index !== 'number' || wire[index] === undefined) continue
    named[name as FuseName] = wire[index] === FuseState.ENABLE
  }
  return named
}

export const FUSES_AS_SIGNAL_SETS_THEM: Partial<Record<FuseName, boolean>> = {
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  // Left as Electron ships them:
  LoadBrowserProcessSpecificV8Snapshot: false,
  GrantFileProtocolExtraPrivileges: true,
  WasmTrapHandlers: true
}
