import { useAppInfo } from '../app/app-info'
import { describeNetwork } from '../app/network-badge'
import { Badge, Card, EmptyState, Icon, PageHeader } from '../ui'

export function DashboardPage() {
  const info = useAppInfo()
  const credentials = info.data?.credentials
  return (
    <>
      <PageHeader title="Dashboard" description="How your Pi app is doing: takings, open work, and the state of your setup." />
      <EmptyState
        icon={<Icon name="dashboard" />}
        title="No payments to show yet"
        hint="It fills in by itself after the first sync of your Pi app's payments."
      >
        Your takings at a glance will appear here: today's payments, this month's total in Pi, refunds sent, and any
        payment waiting for you in the queue.
      </EmptyState>
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
    </>
  )
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
