// Issue 18 through the router, as the window calls it: a desk without people works as before, as
// its owner; the first person is an owner; once people exist the desk is locked until someone
// unlocks it with their secret (wrong secrets rate-limited and audited), and every channel checks
// the role of the person working before it acts. Runs on both engines.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createMainServices, type MainServices } from '../../../src/main/app/compose'
import { ledgerSql, tempDatabasePath } from '../../support'

const CHEAP = { N: 2 ** 10, r: 8, p: 1 } as const
const open: MainServices[] = []
const dirs: string[] = []

afterEach(async () => {
  for (const services of open.splice(0)) await services.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

async function desk(): Promise<MainServices> {
  const dir = mkdtempSync(join(tmpdir(), 'md-people-'))
  dirs.push(dir)
  const services = await createMainServices({
    databasePath: tempDatabasePath(dir, 'ledger.sqlite'),
    deskDatabasePath: join(dir, 'desk.sqlite'),
    personSecretCost: CHEAP,
    scryptCost: CHEAP,
    version: '0.0.0-test',
    actor: 'desktop'
  })
  open.push(services)
  return services
}

async function withTeam(services: MainServices): Promise<void> {
  expect(await services.router.call('people:add', { name: 'Olga', role: 'owner', secret: '4242' })).toMatchObject({ ok: true })
  // From now on the desk asks who is working.
  expect(await services.router.call('people:add', { name: 'Sam', role: 'staff', secret: '1111' })).toMatchObject({ ok: false, error: { code: 'desk_locked' } })
  expect(await services.router.call('people:unlock', { name: 'olga', secret: '4242' })).toMatchObject({ ok: true, value: { current: { name: 'Olga', role: 'owner' } } })
  for (const [name, role, secret] of [
    ['Sam', 'staff', '1111'],
    ['Alex', 'accountant', '2222'],
    ['Maya', 'manager', '3333']
  ] as const) {
    expect(await services.router.call('people:add', { name, role, secret })).toMatchObject({ ok: true })
  }
}

describe('a desk without people', () => {
  it('is its owner: every channel answers as before, and the log names "desktop"', async () => {
    const services = await desk()
    expect(await services.router.call('people:status', undefined)).toEqual({
      ok: true,
      value: { peopleExist: false, current: { name: 'desktop', role: 'owner' }, people: [], idleLockMinutes: 10, myPolicy: ['Owners refund and pay without limits or approval.'] }
    })
    expect(await services.router.call('ledger:list', {})).toMatchObject({ ok: true })
    expect(await services.router.call('settings:update', { businessTimeZone: 'Europe/Berlin' })).toMatchObject({ ok: true })
  })

  it('takes an owner first, and never stores the secret', async () => {
    const services = await desk()
    expect(await services.router.call('people:add', { name: 'Sam', role: 'staff', secret: '1111' })).toMatchObject({
      ok: false,
      error: { code: 'first_person_owner', message: expect.stringContaining('The first person must be an owner') as unknown }
    })
    expect(await services.router.call('people:add', { name: 'Olga', role: 'owner', secret: 'a long passphrase' })).toMatchObject({ ok: true, value: [{ name: 'Olga', role: 'owner' }] })
    const stored = await ledgerSql(services.store).get<{ secret_json: string }>('SELECT secret_json FROM people')
    expect(stored?.secret_json).not.toContain('a long passphrase')
    expect(JSON.parse(stored!.secret_json)).toMatchObject({ algorithm: 'scrypt' })
    expect(await ledgerSql(services.store).all('SELECT actor, action, subject FROM audit_log WHERE action LIKE ?', 'person.%')).toEqual([{ actor: 'desktop', action: 'person.add', subject: 'Olga' }])
  })
})

describe('a desk with people', () => {
  it('answers nothing but the who-is-working screen until someone unlocks it', async () => {
    const services = await desk()
    await withTeam(services)
    expect(await services.router.call('people:lock', undefined)).toMatchObject({ ok: true, value: { current: null } })
    const status = await services.router.call('people:status', undefined)
    expect(status).toMatchObject({ ok: true, value: { peopleExist: true, current: null, myPolicy: [] } })
    expect(status.ok && status.value.people.map((person) => person.name)).toEqual(['Alex', 'Maya', 'Olga', 'Sam'])
    for (const channel of ['ledger:list', 'payouts:list', 'audit:list', 'exports:history'] as const) {
      expect(await services.router.call(channel, channel === 'ledger:list' ? {} : undefined)).toMatchObject({ ok: false, error: { code: 'desk_locked' } })
    }
    expect(await services.router.call('app:info', undefined)).toMatchObject({ ok: true })
  })

  it('refuses wrong secrets, waits after three, audits every attempt and never what was typed', async () => {
    const services = await desk()
    await withTeam(services)
    await services.router.call('people:lock', undefined)
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      expect(await services.router.call('people:unlock', { name: 'Sam', secret: `999${attempt}` })).toMatchObject({ ok: false, error: { code: 'wrong_secret' } })
    }
    // After the fourth wrong secret even the right one waits.
    expect(await services.router.call('people:unlock', { name: 'Sam', secret: '1111' })).toMatchObject({
      ok: false,
      error: { code: 'unlock_wait', message: expect.stringMatching(/^Too many wrong secrets for Sam: wait \d+ seconds/) as unknown }
    })
    expect(await services.router.call('people:unlock', { name: 'Nobody', secret: '1111' })).toMatchObject({ ok: false, error: { code: 'person_unknown' } })
    const refused = await ledgerSql(services.store).all<{ actor: string; after_json: string }>("SELECT actor, after_json FROM audit_log WHERE action = 'person.unlock_refused' ORDER BY seq")
    expect(refused.map((entry) => entry.actor)).toEqual(['Sam', 'Sam', 'Sam', 'Sam', 'Sam', 'unknown person'])
    expect(JSON.stringify(refused)).not.toMatch(/999\d|1111/)
    // Another person is not held up by Sam's wrong tries.
    expect(await services.router.call('people:unlock', { name: 'Maya', secret: '3333' })).toMatchObject({ ok: true, value: { current: { name: 'Maya' } } })
  })

  it('checks the role of the person working on every channel, and audits the refusal', async () => {
    const services = await desk()
    await withTeam(services)
    await services.router.call('people:unlock', { name: 'Sam', secret: '1111' })
    expect(await services.router.call('ledger:list', {})).toMatchObject({ ok: true })
    expect(await services.router.call('settings:update', { network: 'testnet' })).toMatchObject({
      ok: false,
      error: { code: 'not_allowed', message: "Sam works as staff, who may not change the desk's settings (network, time zone): ask an owner. Nothing was done." }
    })
    for (const [channel, input] of [
      ['people:add', { name: 'Eve', role: 'owner', secret: '5555' }],
      ['policy:set', { role: 'staff', maxRefund: '1000' }],
      ['secrets:clear', { network: 'testnet' }],
      ['exports:history', undefined],
      ['requests:approve', { id: 1, note: '' }]
    ] as const) {
      expect(await services.router.call(channel, input)).toMatchObject({ ok: false, error: { code: 'not_allowed' } })
    }
    await services.router.call('people:unlock', { name: 'Alex', secret: '2222' })
    expect(await services.router.call('exports:history', undefined)).toMatchObject({ ok: true })
    expect(await services.router.call('queue:review', { id: 'A'.repeat(28), reviewed: true, note: 'x' })).toMatchObject({ ok: false, error: { code: 'not_allowed' } })
    const refusals = await ledgerSql(services.store).all<{ actor: string; subject: string }>("SELECT actor, subject FROM audit_log WHERE action = 'access.refused' ORDER BY seq")
    expect(refusals).toEqual([
      { actor: 'Sam', subject: 'settings' },
      { actor: 'Sam', subject: 'people' },
      { actor: 'Sam', subject: 'policy' },
      { actor: 'Sam', subject: 'secrets' },
      { actor: 'Sam', subject: 'export' },
      { actor: 'Sam', subject: 'approve' },
      { actor: 'Alex', subject: 'queue' }
    ])
  })

  it("shows each person the policy that applies to them, and lets only the owner change it", async () => {
    const services = await desk()
    await withTeam(services)
    expect(await services.router.call('policy:set', { role: 'staff', maxRefund: '2.5', dailyLimit: 'none', windowDays: 7 })).toMatchObject({ ok: true })
    await services.router.call('people:unlock', { name: 'Sam', secret: '1111' })
    const status = await services.router.call('people:status', undefined)
    expect(status.ok && status.value.myPolicy).toEqual([
      'Refunds above 2.5000000 Pi need approval.',
      'No daily limit.',
      'Sales older than 7 days need approval to refund.',
      'Say the reason in words.',
      'Every payout needs approval.',
      'An approval stays good for 24 hours.'
    ])
    await services.router.call('people:unlock', { name: 'Alex', secret: '2222' })
    const accountant = await services.router.call('people:status', undefined)
    expect(accountant.ok && accountant.value.myPolicy).toEqual(['Accountants move no money: refunds and payouts are for owners, managers and staff.'])
    expect(await ledgerSql(services.store).all("SELECT actor, subject FROM audit_log WHERE action = 'policy.set'")).toEqual([{ actor: 'Olga', subject: 'staff' }])
  })

  it('locks the window after the idle minutes the owner chose, audited; nobody else may change them', async () => {
    const services = await desk()
    await withTeam(services)
    expect(await services.router.call('people:idle', { minutes: 3 })).toMatchObject({ ok: true, value: { idleLockMinutes: 3 } })
    expect(await services.router.call('people:idle', { minutes: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    await services.router.call('people:unlock', { name: 'Maya', secret: '3333' })
    expect(await services.router.call('people:idle', { minutes: 600 })).toMatchObject({ ok: false, error: { code: 'not_allowed' } })
    expect(await services.router.call('people:status', undefined)).toMatchObject({ ok: true, value: { idleLockMinutes: 3 } })
    expect(await ledgerSql(services.store).all("SELECT actor, before_json, after_json FROM audit_log WHERE action = 'desk.idle_lock'")).toEqual([
      { actor: 'Olga', before_json: '{"minutes":10}', after_json: '{"minutes":3}' }
    ])
  })

  it('keeps the last owner while others remain; a removed person can no longer unlock', async () => {
    const services = await desk()
    await withTeam(services)
    expect(await services.router.call('people:remove', { name: 'Olga' })).toMatchObject({ ok: false, error: { code: 'last_owner' } })
    expect(await services.router.call('people:remove', { name: 'Sam' })).toMatchObject({ ok: true })
    expect(await services.router.call('people:unlock', { name: 'Sam', secret: '1111' })).toMatchObject({ ok: false, error: { code: 'person_unknown' } })
    // The log still names Sam: added, removed, and the refused try afterwards.
    expect(await ledgerSql(services.store).all("SELECT action FROM audit_log WHERE subject = 'Sam' AND action LIKE 'person.%' ORDER BY seq")).toEqual([
      { action: 'person.add' },
      { action: 'person.remove' },
      { action: 'person.unlock_refused' }
    ])
  })
})
