// THE IPC contract: every channel the renderer may call, its input schema and its result type.
// Main (router), preload (window.api), the CLI and the browser preview all implement or consume
// this one map. Adding a channel here is the only way to expose something to the renderer.
import { z } from 'zod'
import { NETWORK_IDS } from '../network'
import { isChannelName, type ChannelName } from './names'
import {
  dashboardInput,
  ledgerListInput,
  ledgerTotalsInput,
  paymentIdentifierInput,
  savedFilterInput,
  savedFilterNameInput,
  trackPaymentsInput,
  type DashboardView,
  type LedgerPageView,
  type PaymentDetailView,
  type SavedFilterView,
  type SyncStatusView,
  type TrackResultView
} from './ledger'
import {
  auditListInput,
  queueActInput,
  queueListInput,
  queueReviewInput,
  type AuditPageView,
  type AuditVerifyView,
  type QueueActView,
  type QueueReviewView,
  type QueueView
} from './queue'
import {
  payoutIdInput,
  payoutInput,
  payoutListInput,
  payoutQuoteInput,
  payoutResumeInput,
  refundInput,
  directRefundInput,
  type PayoutListView,
  type PayoutQuoteView,
  type PayoutResumeView,
  type PayoutView
} from './payouts'
import {
  secretsNetworkInput,
  secretsSaveInput,
  secretsUnlockInput,
  type SecretsSaveView,
  type SecretsStatusView
} from './secrets'
import {
  exportIdInput,
  exportRunInput,
  type ExportCancelView,
  type ExportCountView,
  type ExportHistoryView,
  type ExportRunView,
  type ExportVerifyView
} from './exports'
import {
  personAddInput,
  personNameInput,
  personUnlockInput,
  idleLockInput,
  policySetInput,
  requestDecisionInput,
  requestListInput,
  type ApprovalRequestView,
  type PeopleStatusView,
  type PersonView,
  type PolicyView,
  type RequestListView
} from './people'
import { teamDatabaseInput, type TeamCheckView, type TeamDatabaseView } from './team'
import type { AppInfo, AppSettings } from './types'
import type { BookTotalsView, LedgerRefundsView } from './books'
import {
  reconcileListInput,
  reconcileReportInput,
  reconcileResolveInput,
  reconcileRunInput,
  type ReconcileItemView,
  type ReconcileListView,
  type ReconcileReportView,
  type ReconcileRunView
} from './reconcile'
import {
  invoiceCancelInput,
  invoiceCreateInput,
  invoiceListInput,
  invoiceShowInput,
  type InvoiceSummaryView,
  type InvoiceView
} from './invoices'
import { POSTBACK_TOPICS, postbackRedeliverInput, type PostbackListView, type PostbackView } from './postbacks'
import { gatewayStartInput, type GatewayStatusView } from './gateway'

/** Carries a channel's result type without a runtime value. */
interface ChannelSpec<Input extends z.ZodType, Result> {
  readonly input: Input
  readonly __result?: Result
}

function channel<Result>() {
  return <Input extends z.ZodType>(input: Input): ChannelSpec<Input, Result> => ({ input })
}

const noInput = z.undefined()


export const channels = {
  'app:info': channel<AppInfo>()(noInput),
  'settings:get': channel<AppSettings>()(noInput),
  'settings:update': channel<AppSettings>()(
    z.strictObject({
      // Checked by the settings service, which says what was meant ("did you mean Europe/Berlin?").
      businessTimeZone: z.string().max(64).optional(),
      network: z.enum(NETWORK_IDS).optional()
    })
  ),
  'shell:openExternal': channel<{ readonly opened: boolean }>()(
    z.strictObject({ url: z.string().min(1).max(2048) })
  ),
  'ledger:list': channel<LedgerPageView>()(ledgerListInput),
  'ledger:detail': channel<PaymentDetailView>()(paymentIdentifierInput),
  'ledger:totals': channel<BookTotalsView>()(ledgerTotalsInput),
  'ledger:refunds': channel<LedgerRefundsView>()(noInput),
  'filters:list': channel<readonly SavedFilterView[]>()(noInput),
  'filters:save': channel<readonly SavedFilterView[]>()(savedFilterInput),
  'filters:delete': channel<readonly SavedFilterView[]>()(savedFilterNameInput),
  'dashboard:summary': channel<DashboardView>()(dashboardInput),
  'sync:start': channel<SyncStatusView>()(noInput),
  'sync:cancel': channel<SyncStatusView>()(noInput),
  'sync:status': channel<SyncStatusView>()(noInput),
  'payments:track': channel<TrackResultView>()(trackPaymentsInput),
  'queue:list': channel<QueueView>()(queueListInput),
  'queue:act': channel<QueueActView>()(queueActInput),
  'queue:review': channel<QueueReviewView>()(queueReviewInput),
  'audit:list': channel<AuditPageView>()(auditListInput),
  'audit:verify': channel<AuditVerifyView>()(noInput),
  'secrets:status': channel<SecretsStatusView>()(noInput),
  'secrets:save': channel<SecretsSaveView>()(secretsSaveInput),
  'secrets:unlock': channel<SecretsStatusView>()(secretsUnlockInput),
  'secrets:lock': channel<SecretsStatusView>()(noInput),
  'secrets:clear': channel<SecretsStatusView>()(secretsNetworkInput),
  'team:status': channel<TeamDatabaseView>()(noInput),
  'team:check': channel<TeamCheckView>()(teamDatabaseInput),
  'team:join': channel<TeamDatabaseView>()(teamDatabaseInput),
  'team:leave': channel<TeamDatabaseView>()(noInput),
  'payouts:list': channel<PayoutListView>()(payoutListInput),
  'payouts:quote': channel<PayoutQuoteView>()(payoutQuoteInput),
  'payouts:refund': channel<PayoutView>()(refundInput),
  'payouts:refundDirect': channel<PayoutView>()(directRefundInput),
  'payouts:payout': channel<PayoutView>()(payoutInput),
  'payouts:resume': channel<PayoutResumeView>()(payoutResumeInput),
  'payouts:cancel': channel<PayoutView>()(payoutIdInput),
  'exports:run': channel<ExportRunView>()(exportRunInput),
  'exports:count': channel<ExportCountView>()(exportRunInput),
  'exports:cancel': channel<ExportCancelView>()(noInput),
  'exports:verify': channel<ExportVerifyView>()(exportIdInput),
  'exports:history': channel<ExportHistoryView>()(noInput),
  'reconcile:run': channel<ReconcileRunView>()(reconcileRunInput),
  'reconcile:list': channel<ReconcileListView>()(reconcileListInput),
  'reconcile:report': channel<ReconcileReportView>()(reconcileReportInput),
  'reconcile:resolve': channel<ReconcileItemView>()(reconcileResolveInput),
  'people:status': channel<PeopleStatusView>()(noInput),
  'people:unlock': channel<PeopleStatusView>()(personUnlockInput),
  'people:lock': channel<PeopleStatusView>()(noInput),
  'people:list': channel<readonly PersonView[]>()(noInput),
  'people:add': channel<readonly PersonView[]>()(personAddInput),
  'people:remove': channel<readonly PersonView[]>()(personNameInput),
  'people:idle': channel<PeopleStatusView>()(idleLockInput),
  'policy:get': channel<PolicyView>()(noInput),
  'policy:set': channel<PolicyView>()(policySetInput),
  'requests:list': channel<RequestListView>()(requestListInput),
  'requests:approve': channel<{ readonly request: ApprovalRequestView; readonly payout: PayoutView }>()(requestDecisionInput),
  'requests:deny': channel<ApprovalRequestView>()(requestDecisionInput),
  'invoices:create': channel<InvoiceView>()(invoiceCreateInput),
  'invoices:list': channel<readonly InvoiceSummaryView[]>()(invoiceListInput),
  'invoices:show': channel<InvoiceView>()(invoiceShowInput),
  'invoices:cancel': channel<InvoiceView>()(invoiceCancelInput),
  'postbacks:list': channel<PostbackListView>()(
    z
      .strictObject({
        topic: z.enum(POSTBACK_TOPICS).optional(),
        /** One invoice's (or Pi payment's) postbacks, for its timeline. */
        subject: z.string().trim().min(1).max(64).optional()
      })
      .optional()
  ),
  'postbacks:redeliver': channel<PostbackView>()(postbackRedeliverInput),
  'gateway:status': channel<GatewayStatusView>()(noInput),
  'gateway:start': channel<GatewayStatusView>()(gatewayStartInput),
  'gateway:stop': channel<GatewayStatusView>()(noInput)
} as const

export type Channel = keyof typeof channels

// Compile-time proof that names.ts lists exactly the channels of this map.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const namesMatchChannels: Same<Channel, ChannelName> = true
void namesMatchChannels
export type ChannelInput<C extends Channel> = z.input<(typeof channels)[C]['input']>
export type ChannelParsedInput<C extends Channel> = z.output<(typeof channels)[C]['input']>
export type ChannelResult<C extends Channel> = NonNullable<(typeof channels)[C]['__result']>

export function isChannel(name: unknown): name is Channel {
  return isChannelName(name)
}

