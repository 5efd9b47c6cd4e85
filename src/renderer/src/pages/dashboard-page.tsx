import { useEffect, useState } from 'react'
import { useChannelQuery } from '../api'
import { useAppInfo, useAppSettings } from '../app/app-info'
import { describeNetwork } from '../app/network-badge'
import { DashboardSummary } from '../dashboard/dashboard-summary'
import { PeriodPicker } from '../dashboard/period-picker'
import { periodRange, type DayRange, type PeriodKind } from '../dashboard/period'
import { useReloadOnLedgerChange } from '../ledger/use-reload-on-ledger-change'
import { Badge, Card, EmptyState, ErrorBanner, Icon, PageHeader } from '../ui'

export function DashboardPage() {
  const info = useAppInfo()
  const settings = useAppSettings()
  // One row is enough to know whether there is anything to chart at all.
  const anyPayment = useChannelQuery('ledger:list', { limit: 1 })
  useReloadOnLedgerChange(anyPayment.reload)

  const zone = settings.data?.businessTimeZone ?? null
  const [kind, setKind] = useState<PeriodKind>('this_month')
  const [custom, setCustom] = useState<DayRange | null>(null)
  const period = zone ? periodRange(kind, zone, new Date(), custom ?? thisMonth(zone)) : null
  // While a custom period is being fixed, the last good one stays on screen.
  const [lastGood, setLastGood] = useState<DayRange | null>(null)
  const goodKey = period?.ok ? `${period.range.from}/${period.range.to}` : null
  useEffect(() => {
    if (goodKey === null) return
    const [from = '', to = ''] = goodKey.split('/')
    setLastGood({ from, to })
  }, [goodKey])
  const range = period?.ok ? period.range : lastGood

  const empty = anyPayment.data !== null && anyPayment.data.rows.length === 0
  const hasData = anyPayment.data !== null && anyPayment.data.rows.length > 0
  const credentials = info.data?.credentials
  const setupIncomplete = credentials !== undefined && (!credentials.apiKeyConfigured || !credentials.walletConfigured)

  return (
    <>
      <PageHeader
        title="Dashboard"
        description="How your Pi app is doing: takings, open work, and the state of your setup."
        actions={
          hasData && zone ? (
            <PeriodPicker
              kind={kind}
              custom={custom ?? thisMonth(zone)}
              error={period && !period.ok ? period.error : null}
              onKind={(next) => {
                // Custom starts from the period on screen, so it is a small edit away.
                if (next === 'custom' && !custom && period?.ok) setCustom(period.range)
                setKind(next)
              }}
              onCustom={setCustom}
            />
          ) : null
        }
      />
      {anyPayment.error ? (
        <ErrorBanner error={anyPayment.error} title="The ledger could not be read" onRetry={anyPayment.reload} />
      ) : null}
      {settings.error ? (
        <ErrorBanner error={settings.error} title="The business time zone could not be read" onRetry={settings.reload} />
      ) : null}
      {empty ? (
        <EmptyState
          icon={<Icon name="dashboard" />}
          title="No payments to show yet"
          hint="It fills in by itself after the first sync of your Pi app's payments."
        >
          Your takings at a glance will appear here: today's payments, this month's total in Pi, refunds sent,
          and any payment waiting for you in the queue.
        </EmptyState>
      ) : null}
      {hasData && zone && range ? <DashboardSummary range={range} zone={zone} /> : null}
      {empty || setupIncomplete ? (
        <Card title="Getting started" description="What Merchant Desk needs before it can keep your books.">
          <ul className="checklist">
            <li className="checklist__item">
              <div>
                <p>Network</p>
                <p className="checklist__hint">{info.data ? describeNetwork(info.data) : 'Checking…'}</p>
              </div>
              {info.data ? <Badge tone="info">{info.data.networkLabel}</Badge> : null}
            </li>
            <li className="checklist__item">
              <div>
                <p>Pi app API key</p>
                <p className="checklist__hint">Lets Merchant Desk read and complete your app's payments.</p>
              </div>
              <SetupStatus done={credentials?.apiKeyConfigured} />
            </li>
            <li className="checklist__item">
              <div>
                <p>App wallet</p>
                <p className="checklist__hint">
                  {credentials?.walletPublicKey
                    ? `Refunds are paid from ${shorten(credentials.walletPublicKey)}.`
                    : 'Refunds to buyers are paid from this wallet.'}
                </p>
              </div>
              <SetupStatus done={credentials?.walletConfigured} />
            </li>
          </ul>
        </Card>
      ) : null}
    </>
  )
}

function thisMonth(zone: string): DayRange {
  const result = periodRange('this_month', zone, new Date(), { from: '', to: '' })
  return result.ok ? result.range : { from: '', to: '' }
}

function SetupStatus({ done }: { readonly done: boolean | undefined }) {
  if (done === undefined) return null
  return done ? (
    <Badge tone="success" dot>
      Ready
    </Badge>
  ) : (
    <Badge tone="warning" dot>
      Not set up
    </Badge>
  )
}

function shorten(publicKey: string): string {
  return `${publicKey.slice(0, 6)}…${publicKey.slice(-6)}`
}
