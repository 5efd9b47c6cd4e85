// The channel and event names as plain data, with no runtime imports: the sandboxed preload
// bundles this (it cannot load zod from node_modules). channels.ts checks at compile time that
// this list and the channel map agree, and a security test pins it.

export const CHANNEL_NAMES = [
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
  'requests:deny'
] as const

export type ChannelName = (typeof CHANNEL_NAMES)[number]

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && (CHANNEL_NAMES as readonly string[]).includes(name)
}
