// People, roles, the refund policy and approvals (issue 18): who is working at the desk, what
// their role lets them do, and the requests that wait for another person's decision.
export { ROLES, ROLE_LABELS, CAPABILITIES, can, isRole, rolesThatCan, type Capability, type Role } from './roles'
export { DEFAULT_PERSON_SECRET_COST, hashPersonSecret, personSecretMatches, type PersonSecretCost } from './secret-hash'
export { addPerson, removePerson, listPeople, hasPeople, findPersonRow, personName, type Person, type NewPerson } from './people-store'
export {
  DEFAULT_POLICY,
  POLICY_ROLES,
  readPolicy,
  setPolicy,
  policyFor,
  isPolicyRole,
  type PolicyChange,
  type PolicyRole,
  type RefundPolicy,
  type RolePolicy
} from './policy'
export {
  approveRequest,
  denyRequest,
  getRequest,
  heldByRequests,
  listRequests,
  markRequestPaid,
  recordRequest,
  requestByKey,
  decisionRefusal,
  type ApprovalRequest,
  type NewApprovalRequest
} from './requests'
export { refundRule, payoutRule, refundedToday, policySentences, type ActingPerson, type RuleContext } from './refund-rules'
export { DeskSession, notAllowed, type Acting, type DeskSessionOptions } from './session'
export { PeopleService, DEFAULT_IDLE_LOCK_MINUTES, IDLE_LOCK_MINUTES_SETTING, type PeopleStatus } from './service'
export { peopleHandlers, toPersonView, toPolicyView, toStatusView, type PeopleChannels } from './handlers'
export { grantPersonLogin, revokePersonLogin, LOGIN_GRANTS, type GrantedLogin, type PersonLogin } from './postgres'
