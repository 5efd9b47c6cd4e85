import { describe, expect, it } from 'vitest'
import { CHANNEL_NAMES, channels, EVENT_NAMES } from '../../src/shared/contract'

// Pinned on purpose: exposing a new capability to the renderer must show up in review as a change here.
describe('the exposed surface', () => {
  it('is exactly these channels', () => {
    expect([...CHANNEL_NAMES].sort()).toEqual(
      [
        'app:info',
        'settings:get',
        'settings:update',
        'shell:openExternal',
        'ledger:list',
        'ledger:detail',
        'ledger:totals',
        'ledger:refunds',
        'filters:list',
        'filters:save',
        'filters:delete',
        'dashboard:summary',
        'sync:start',
        'sync:cancel',
        'sync:status',
        'payments:track',
        'queue:list',
        'queue:act',
        'queue:review',
        'audit:list',
        'audit:verify',
        'secrets:status',
        'secrets:save',
        'secrets:unlock',
        'secrets:lock',
        'secrets:clear',
        'team:status',
        'team:check',
        'team:join',
        'team:leave',
        'payouts:list',
        'payouts:quote',
        'payouts:refund',
        'payouts:refundDirect',
        'payouts:payout',
        'payouts:resume',
        'payouts:cancel',
        'exports:run',
        'exports:count',
        'exports:cancel',
        'exports:verify',
        'exports:history',
        'reconcile:run',
        'reconcile:list',
        'reconcile:report',
        'reconcile:resolve',
        'people:status',
        'people:unlock',
        'people:lock',
        'people:list',
        'people:add',
        'people:remove',
        'people:idle',
        'policy:get',
        'policy:set',
        'requests:list',
        'requests:approve',
        'requests:deny',
        'invoices:create',
        'invoices:list',
        'invoices:show',
        'invoices:cancel',
        'postbacks:list',
        'postbacks:redeliver',
        'gateway:status',
        'gateway:start',
        'gateway:stop'
      ].sort()
    )
    expect(Object.keys(channels).sort()).toEqual([...CHANNEL_NAMES].sort())
  })

  it('names every channel domain:verb', () => {
    for (const name of CHANNEL_NAMES) expect(name).toMatch(/^[a-z]+:[a-z][A-Za-z]*$/)
  })

  it('pushes exactly these events', () => {
    expect([...EVENT_NAMES].sort()).toEqual(['ledger:changed', 'payouts:changed', 'people:changed', 'queue:changed', 'settings:changed', 'task:progress'])
  })
})
