// The dashboard: daily volume, status breakdown, refunds, fees and the incomplete queue, in SQL.
export {
  dashboardSummary,
  booksBetween,
  booksOfFilter,
  type DashboardRequest,
  type DashboardSummary,
  type DailyTotals,
  type StatusTotals,
  type QueueAge,
  type Tally
} from './dashboard-summary'
export { businessDays, MAX_DASHBOARD_DAYS, type BusinessDay } from './business-days'
export { dashboardHandlers, type DashboardHandlerDeps } from './handlers'
