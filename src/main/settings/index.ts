// The merchant's preferences (network, business time zone) and saved ledger filters, kept in the
// settings table. Secrets are not here: they live in src/main/secrets.
export { SettingsService, DEFAULT_SETTINGS, type SettingsStore } from './settings-service'
export { settingsHandlers } from './handlers'
