// Other desks' commits, as they happen: the ledger's tables NOTIFY `merchant_desk_changes` with
// their name (statement triggers in the PostgreSQL migrations), and one connection per desk
// LISTENs while anything is subscribed; the desk's own commits are left out, as SQLite's
// data_version leaves out the connection's own. A dropped connection is opened again with backoff, and a
// reconnect is reported as a change (rows may have landed while it was away).
import pg from 'pg'

const CHANGES_CHANNEL = 'merchant_desk_changes'

export interface TeamChanges {
  subscribe(listener: (table: string | null) => void): () => void
  stop(): void
}

const MAX_RECONNECT_PAUSE_MS = 30_000

/** `isOwn` tells the desk's own server processes, whose commits are not news to it. */
export function watchTeamChanges(connection: pg.ClientConfig, isOwn: (backend: number) => boolean): TeamChanges {
  const listeners = new Set<(table: string | null) => void>()
  let client: pg.Client | null = null
  let stopped = false
  let pause = 500
  let retry: NodeJS.Timeout | null = null

  const tell = (table: string | null): void => {
    for (const listener of [...listeners]) listener(table)
  }

  const connect = (reconnecting: boolean): void => {
    if (stopped || listeners.size === 0 || client !== null) return
    const listening = new pg.Client(connection)
    client = listening
    const lost = (): void => {
      if (client !== listening) return
      client = null
      void listening.end().catch(() => undefined)
      if (stopped || listeners.size === 0) return
      retry = setTimeout(() => {
        retry = null
        connect(true)
      }, pause)
      retry.unref()
      pause = Math.min(pause * 2, MAX_RECONNECT_PAUSE_MS)
    }
    listening.on('error', lost)
    listening.on('end', lost)
    listening.on('notification', (message) => {
      if (message.channel === CHANGES_CHANNEL && !isOwn(message.processId)) tell(message.payload ?? null)
    })
    listening
      .connect()
      .then(() => listening.query(`LISTEN ${CHANGES_CHANNEL}`))
      .then(() => {
        pause = 500
        if (reconnecting) tell(null)
      })
      .catch(lost)
  }

  const disconnect = (): void => {
    if (retry !== null) clearTimeout(retry)
    retry = null
    const open = client
    client = null
    if (open !== null) void open.end().catch(() => undefined)
  }

  return {
    subscribe(listener) {
      listeners.add(listener)
      connect(false)
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0) disconnect()
      }
    },
    stop() {
      stopped = true
      listeners.clear()
      disconnect()
    }
  }
}
