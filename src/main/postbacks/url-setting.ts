// The shop's postback URL for payment events, as the app keeps it: one setting of the ledger, so
// every desk of a team tells the same backend. The command line may give its own
// (MERCHANT_DESK_POSTBACK_URL), which wins for that command.
import { z } from 'zod'
import { getSetting, putSetting, type MerchantDb } from '../db'
import { checkPostbackUrl } from './postback-url'

export const POSTBACK_URL_SETTING = 'postbacks.url'

export async function readPostbackUrlSetting(store: Pick<MerchantDb, 'db'>): Promise<string | null> {
  return getSetting(store, POSTBACK_URL_SETTING, z.string().nullable(), null)
}

/** Saves it (checked: http(s) only), or clears it with null: then no payment postback is queued. */
export async function savePostbackUrlSetting(store: Pick<MerchantDb, 'db' | 'now'>, url: string | null): Promise<string | null> {
  const value = url === null || url.trim() === '' ? null : checkPostbackUrl(url)
  await putSetting(store, POSTBACK_URL_SETTING, value)
  return value
}
