import { useState, type FormEvent } from 'react'
import { useChannelAction, useChannelQuery } from '../api'
import { useAppInfo, useAppSettings } from '../app/app-info'
import { describeNetwork, NetworkBadge } from '../app/network-badge'
import { useDeskPerson } from '../people/desk-person'
import { GatewayCard } from '../settings/gateway-card'
import { NetworkChoice } from '../settings/network-choice'
import { PeopleCard } from '../settings/people-card'
import { PiAppKeys } from '../settings/pi-app-keys'
import { PolicyCard } from '../settings/policy-card'
import { TeamDatabaseCard } from '../settings/team-database-card'
import { Button, Card, ErrorBanner, PageHeader, ZoneSelect, formatInstant } from '../ui'

export function SettingsPage() {
  const info = useAppInfo()
  const settings = useAppSettings()
  const secrets = useChannelQuery('secrets:status')
  const credentialsReady = (network: string): boolean | null => {
    const keys = secrets.data?.networks.find((view) => view.network === network)
    return keys ? keys.managedBySandbox || (keys.apiKeyConfigured && keys.walletConfigured) : null
  }
  const { peopleExist } = useDeskPerson()
  const update = useChannelAction('settings:update')
  const [draft, setDraft] = useState<string | null>(null)
  const [savedZone, setSavedZone] = useState<string | null>(null)

  const currentZone = settings.data?.businessTimeZone ?? ''
  const value = draft ?? currentZone

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setSavedZone(null)
    const envelope = await update.run({ businessTimeZone: value.trim() })
    if (!envelope.ok) return
    setDraft(null)
    setSavedZone(envelope.value.businessTimeZone)
    settings.reload()
  }

  // A refused zone is the merchant's to fix in the field; anything else is a banner.
  const fieldError = update.error?.code === 'invalid_time_zone' || update.error?.code === 'invalid_input' ? update.error.message : null
  const otherError = update.error && fieldError === null ? update.error : null

  return (
    <>
      <PageHeader title="Settings" description="The network Merchant Desk works on, the time zone of your business, your Pi app's keys and the team database." />
      {settings.error ? <ErrorBanner error={settings.error} onRetry={settings.reload} /> : null}
      {otherError ? <ErrorBanner error={otherError} /> : null}
      <div className="grid-2">
        <Card title="Network" description="Where payments are read from and refunds are paid.">
          <div className="stack">
            <dl className="facts">
              <dt>In use</dt>
              <dd>
                <NetworkBadge info={info.data} />
              </dd>
              <dt>What this means</dt>
              <dd>{info.data ? describeNetwork(info.data) : 'Checking…'}</dd>
            </dl>
            <NetworkChoice info={info.data} credentialsReady={credentialsReady} />
          </div>
        </Card>
        <Card
          title="Business time zone"
          description="Days, periods and export timestamps follow this zone, whatever the computer's clock says."
        >
          <form className="stack" onSubmit={(event) => void save(event)} noValidate>
            <dl className="facts">
              <dt>In use</dt>
              <dd data-current-zone="">{currentZone || 'Loading…'}</dd>
              <dt>Local time there</dt>
              <dd className="numeric">{currentZone ? timeIn(currentZone) : '…'}</dd>
            </dl>
            <div className="form-row">
              <ZoneSelect
                label="Time zone"
                name="businessTimeZone"
                value={value}
                disabled={settings.data === null}
                hint="Type to search: a zone name such as Europe/Berlin, America/New_York or UTC."
                error={fieldError}
                onChange={(zone) => {
                  setDraft(zone)
                  setSavedZone(null)
                  update.clearError()
                }}
              />
            </div>
            <div className="form-row">
              <Button
                type="submit"
                variant="primary"
                disabled={update.pending || settings.data === null || value.trim() === currentZone}
              >
                {update.pending ? 'Saving…' : 'Save time zone'}
              </Button>
              <p className="form-status" role="status">
                {savedZone ? `Saved. Days now follow ${savedZone}.` : ''}
              </p>
            </div>
          </form>
        </Card>
      </div>
      <PiAppKeys />
      <TeamDatabaseCard />
      <GatewayCard />
      <PeopleCard />
      {/* The policy binds people; a desk run by its owner alone has nobody it applies to. */}
      {peopleExist ? <PolicyCard /> : null}
    </>
  )
}

/** Now in that zone, as every date of the app reads (YYYY-MM-DD HH:mm). */
function timeIn(zone: string): string {
  return formatInstant(new Date().toISOString(), zone)
}
