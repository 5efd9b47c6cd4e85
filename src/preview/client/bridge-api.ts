// window.api for a plain browser: the MerchantDeskApi of the shared contract over the preview
// server's loopback bridge (fetch for calls, EventSource for pushed events). Behaves like the
// preload: unknown channels and events are refused here, and every failure is an envelope.
import type { MerchantDeskApi } from '../../shared/contract/api'
import type { ContractError, Envelope } from '../../shared/contract/envelope'
import { EVENT_NAMES, isAppEventName, type AppEventName } from '../../shared/contract/events'
import { isChannelName } from '../../shared/contract/names'

// Kept in step with src/preview/server/preview-server.ts (not imported: that file is Node-only).
const INVOKE_PATH = '/bridge/invoke'
const EVENTS_PATH = '/bridge/events'
const TOKEN_HEADER = 'X-Merchant-Desk-Token'

const NOT_ANSWERING: ContractError = {
  code: 'internal_error',
  message: 'The preview server is not answering. Is `npm run preview` still running?'
}
const GARBLED: ContractError = {
  code: 'internal_error',
  message: 'The preview server answered something Merchant Desk did not understand. Nothing was changed.'
}

export interface BridgeDeps {
  readonly token: string
  readonly fetch: typeof fetch
  readonly openEvents: (url: string) => EventSource
}

export function createBridgeApi(deps: BridgeDeps): MerchantDeskApi {
  const events = createEventHub(() => deps.openEvents(`${EVENTS_PATH}?token=${encodeURIComponent(deps.token)}`))
  return {
    invoke: async (channel, ...args) => {
      if (!isChannelName(channel)) return failed({ code: 'unknown_channel', message: 'This action is not available.' })
      let body: string
      try {
        body = JSON.stringify(args[0] === undefined ? { channel } : { channel, input: args[0] })
      } catch {
        return failed({ code: 'invalid_input', message: 'The request was not understood: it cannot be sent.' })
      }
      let text: string
      try {
        const response = await deps.fetch(INVOKE_PATH, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: deps.token },
          body,
          cache: 'no-store',
          credentials: 'omit',
          redirect: 'error'
        })
        text = await response.text()
      } catch {
        return failed(NOT_ANSWERING)
      }
      try {
        const answer: unknown = JSON.parse(text)
        // The result's shape is the contract's promise, as with ipcRenderer.invoke in the preload.
        return isEnvelope(answer) ? (answer as Envelope<never>) : failed(GARBLED)
      } catch {
        return failed(GARBLED)
      }
    },
    on: (event, listener) => {
      if (!isAppEventName(event)) return () => undefined
      return events.add(event, listener as (payload: unknown) => void)
    }
  }
}

function failed(error: ContractError): Envelope<never> {
  return { ok: false, error }
}

/** One EventSource for all listeners, opened with the first and closed with the last. */
function createEventHub(open: () => EventSource) {
  const listeners = new Map<AppEventName, Set<(payload: unknown) => void>>()
  let source: EventSource | null = null

  const connect = (): EventSource => {
    const created = open()
    for (const name of EVENT_NAMES) {
      created.addEventListener(name, (message) => {
        let payload: unknown
        try {
          payload = JSON.parse((message as MessageEvent<string>).data) as unknown
        } catch {
          return
        }
        for (const listener of listeners.get(name) ?? []) listener(payload)
      })
    }
    return created
  }

  return {
    add(event: AppEventName, listener: (payload: unknown) => void): () => void {
      const set = listeners.get(event) ?? new Set()
      set.add(listener)
      listeners.set(event, set)
      source ??= connect()
      return () => {
        set.delete(listener)
        const anyLeft = [...listeners.values()].some((remaining) => remaining.size > 0)
        if (!anyLeft && source) {
          source.close()
          source = null
        }
      }
    }
  }
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false
  if (value.ok === true) return 'value' in value
  if (value.ok !== false || !('error' in value)) return false
  const error = value.error as Partial<ContractError> | null
  return typeof error === 'object' && error !== null && typeof error.code === 'string' && typeof error.message === 'string'
}
