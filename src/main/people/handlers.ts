// The people:* and policy:* channels over the PeopleService. Never a secret nor its hash in an answer.
import type { Handlers } from '../../shared/contract'
import type { PeopleStatusView, PersonView, PolicyView } from '../../shared/contract/people'
import { formatPi, type Stroops } from '../../shared/money'
import type { Person } from './people-store'
import { POLICY_ROLES, type RefundPolicy } from './policy'
import { policySentences } from './refund-rules'
import type { PeopleService, PeopleStatus } from './service'

export type PeopleChannels = 'people:status' | 'people:unlock' | 'people:lock' | 'people:list' | 'people:add' | 'people:remove' | 'people:idle' | 'policy:get' | 'policy:set'

export function peopleHandlers(service: PeopleService): Pick<Handlers, PeopleChannels> {
  return {
    'people:status': async () => toStatusView(await service.status()),
    'people:unlock': async ({ name, secret }) => toStatusView(await service.unlock(name, secret)),
    'people:lock': async () => toStatusView(await service.lock()),
    'people:list': async () => (await service.list()).map(toPersonView),
    'people:add': async (input) => (await service.add(input)).map(toPersonView),
    'people:remove': async ({ name }) => (await service.remove(name)).map(toPersonView),
    'people:idle': async ({ minutes }) => toStatusView(await service.setIdleLock(minutes)),
    'policy:get': async () => toPolicyView(await service.policy()),
    'policy:set': async (input) =>
      toPolicyView(
        await service.setPolicy({
          role: input.role,
          ...(input.maxRefund === undefined ? {} : { maxRefund: input.maxRefund }),
          ...(input.dailyLimit === undefined ? {} : { dailyLimit: input.dailyLimit }),
          ...(input.windowDays === undefined ? {} : { windowDays: input.windowDays }),
          ...(input.requireReason === undefined ? {} : { requireReason: input.requireReason }),
          ...(input.approvalAbove === undefined ? {} : { approvalAbove: input.approvalAbove }),
          ...(input.approvalValidHours === undefined ? {} : { approvalValidHours: input.approvalValidHours })
        })
      )
  }
}

export function toPersonView(person: Person): PersonView {
  return { name: person.name, role: person.role, dbLogin: person.dbLogin, addedAt: person.createdAt.toISOString(), addedBy: person.createdBy }
}

export function toStatusView(status: PeopleStatus): PeopleStatusView {
  return {
    peopleExist: status.peopleExist,
    current: status.current === null ? null : { name: status.current.name, role: status.current.role },
    people: status.people.map((person) => ({ name: person.name, role: person.role })),
    idleLockMinutes: status.idleLockMinutes,
    myPolicy: status.myPolicy
  }
}

const pi = (amount: Stroops | null): string | null => (amount === null ? null : formatPi(amount))

export function toPolicyView(policy: RefundPolicy): PolicyView {
  return {
    roles: POLICY_ROLES.map((role) => {
      const rules = policy.roles[role]
      return {
        role,
        maxRefund: pi(rules.maxRefund),
        dailyLimit: pi(rules.dailyLimit),
        windowDays: rules.windowDays,
        requireReason: rules.requireReason,
        approvalAbove: pi(rules.approvalAbove),
        setBy: policy.setBy[role]?.by ?? null,
        sentences: policySentences(role, rules, policy.approvalValidHours)
      }
    }),
    approvalValidHours: policy.approvalValidHours
  }
}
