// Saved ledger filters: a merchant's named views ("Open this month", "Failed checks"), kept in
// the settings table and re-validated on every read so an old entry can never break the ledger.
import { z } from 'zod'
import { ledgerFilterSchema, type Handlers, type SavedFilterView } from '../../shared/contract'
import { UserFacingError } from '../../shared/errors'
import type { SettingsStore } from './settings-service'

const KEY = 'ledger_saved_filters'
const MAX_SAVED_FILTERS = 50
const savedFiltersSchema = z.array(z.object({ name: z.string().min(1), filter: ledgerFilterSchema }))

export function savedFilterHandlers(store: SettingsStore): Pick<Handlers, 'filters:list' | 'filters:save' | 'filters:delete'> {
  const read = (): Promise<SavedFilterView[]> => store.get(KEY, savedFiltersSchema, [])
  const write = async (filters: SavedFilterView[]) => {
    await store.put(KEY, filters)
    return filters
  }
  return {
    'filters:list': () => read(),
    'filters:save': async ({ name, filter }) => {
      const others = (await read()).filter((saved) => saved.name !== name)
      if (others.length >= MAX_SAVED_FILTERS) {
        throw new UserFacingError('too_many_filters', `You can keep ${MAX_SAVED_FILTERS} saved filters. Delete one first.`)
      }
      return write([...others, { name, filter }].sort((a, b) => a.name.localeCompare(b.name)))
    },
    'filters:delete': async ({ name }) => write((await read()).filter((saved) => saved.name !== name))
  }
}
