// Settings → Shop gateway: switch on the JSON-RPC gateway a web shop starts payments through (and
// its customers' status and checkout pages), see where it listens and since when, and switch it
// off. Only an owner may (main refuses anyone else with its sentence, shown here). The shop's token
// never crosses: main reads it from MERCHANT_DESK_GATEWAY_TOKEN and says only whether it is set.
import { useState, type FormEvent } from 'react'
import { useChannelAction, useChannelQuery } from '../api'
import { useBusinessZone } from '../app/app-info'
import { Badge, Button, Card, ErrorBanner, TextField, formatInstant } from '../ui'

const DEFAULT_PORT = '8477'

export function GatewayCard() {
  const status = useChannelQuery('gateway:status')
  const start = useChannelAction('gateway:start')
  const stop = useChannelAction('gateway:stop')
  const zone = useBusinessZone() ?? 'UTC'
  const [port, setPort] = useState(DEFAULT_PORT)
  const [portError, setPortError] = useState<string | null>(null)
  const view = status.data

  async function switchOn(event: FormEvent) {
    event.preventDefault()
    const typed = port.trim()
    if (!/^\d{1,5}$/.test(typed) || Number(typed) > 65_535) {
      setPortError('Enter a port number from 0 to 65535 (0 picks a free one).')
      return
    }
    setPortError(null)
    const answer = await start.run({ port: Number(typed) })
    if (answer.ok) status.reload()
  }

  async function switchOff() {
    const answer = await stop.run()
    if (answer.ok) status.reload()
  }

  return (
    <Card
      title="Shop gateway"
      description="Lets your web shop's backend start payments (JSON-RPC start_payment, with its token) and shows its customers a status page and a checkout page with the QR code. It listens on this computer only (127.0.0.1) unless told otherwise."
    >
      <div className="stack" data-gateway-card={view === null ? 'loading' : view.running ? 'running' : 'stopped'}>
        {status.error ? <ErrorBanner error={status.error} onRetry={status.reload} /> : null}
        {start.error ? <ErrorBanner error={start.error} title="The gateway did not start" /> : null}
        {stop.error ? <ErrorBanner error={stop.error} title="The gateway was not stopped" /> : null}
        {view === null ? null : view.running ? (
          <>
            <p>
              <Badge tone="success" dot>
                Running
              </Badge>{' '}
              at <span className="mono" data-gateway-url="">{view.url}</span>
            </p>
            <dl className="facts">
              <dt>Started</dt>
              <dd>
                {view.startedAt ? formatInstant(view.startedAt, zone) : '—'} by {view.startedBy ?? 'someone'}
              </dd>
              <dt>Shops allowed from</dt>
              <dd className="mono">{view.allow.join(', ') || 'this computer only'}</dd>
              <dt>Invoices kept up to date</dt>
              <dd>{view.watching === 'live' ? 'From the chain as payments arrive' : 'Settled every few seconds from what the desk has read'}</dd>
            </dl>
            <div className="form-row">
              <Button onClick={() => void switchOff()} disabled={stop.pending} data-gateway-stop="">
                {stop.pending ? 'Stopping…' : 'Stop the gateway'}
              </Button>
            </div>
          </>
        ) : (
          <form className="stack" noValidate onSubmit={(event) => void switchOn(event)}>
            <p>
              <Badge tone="neutral" dot>
                Off
              </Badge>{' '}
              {view.tokenConfigured
                ? 'The shop token is set (MERCHANT_DESK_GATEWAY_TOKEN).'
                : 'No shop token is set: start Merchant Desk with MERCHANT_DESK_GATEWAY_TOKEN (at least 16 characters) so only your shop can start payments.'}
            </p>
            <div className="form-row">
              <TextField
                label="Port"
                value={port}
                inputMode="numeric"
                autoComplete="off"
                onChange={(event) => setPort(event.target.value)}
                error={portError}
                data-gateway-port=""
              />
              <Button type="submit" variant="primary" disabled={start.pending || !view.tokenConfigured} data-gateway-start="">
                {start.pending ? 'Starting…' : 'Start the gateway'}
              </Button>
            </div>
          </form>
        )}
      </div>
    </Card>
  )
}
