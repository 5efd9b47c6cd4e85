// What the chain shows about a payment's transaction, set beside what the payment claims, in the
// merchant's words. Shown on refused completions (and kept in their audit entries) and on the
// queue's failed verifications, so "do not deliver" always comes with the reason it rests on.
import type { PaymentClaim, TransactionFacts } from '../payments'
import type { ChainEvidenceView } from '../../shared/contract/queue'
import { formatPi } from '../../shared/money'
import { networkName, NETWORKS, type NetworkId } from '../../shared/network'
import type { ChainCheck, ChainFailureReason } from '../../shared/payments'

export interface EvidenceInput {
  readonly claim: PaymentClaim
  /** The transaction that was checked; null when none was found. */
  readonly txid: string | null
  readonly txidSource: ChainEvidenceView['txidSource']
  /** null: not on this network's chain; undefined: its facts are not at hand (only the verdict is). */
  readonly facts: TransactionFacts | null | undefined
  readonly check: ChainCheck
  /** The network the desk is on (Horizon is checked to serve it); named by its label in sentences. */
  readonly networkId: NetworkId
  readonly checkedAt: Date | null
}

export function buildEvidence(input: EvidenceInput): ChainEvidenceView {
  const reasons = input.check.outcome === 'failed' ? input.check.reasons : []
  const facts = input.facts ?? null
  return {
    txid: input.txid,
    txidSource: input.txidSource,
    verified: input.check.outcome === 'verified',
    reasons,
    explanations: reasons.map((reason) => explainReason(reason, input)),
    expected: {
      amount: formatPi(input.claim.amount),
      from: input.claim.fromAddress,
      to: input.claim.toAddress,
      memo: input.claim.identifier,
      network: input.claim.network
    },
    chainFacts: input.facts === undefined ? 'not_stored' : input.facts === null ? 'not_on_chain' : 'read',
    found:
      facts === null
        ? null
        : {
            successful: facts.successful,
            memoType: facts.memoType,
            memo: facts.memo,
            payments: facts.transfers.map((t) => ({ from: t.from, to: t.to, amount: formatPi(t.amount), native: t.native }))
          },
    checkedAt: input.checkedAt?.toISOString() ?? null
  }
}

export function explainReason(reason: ChainFailureReason, input: EvidenceInput): string {
  const { claim } = input
  const facts = input.facts ?? null
  const transfers = facts?.transfers ?? []
  switch (reason) {
    case 'not_found':
      return input.txid === null
        ? `No transaction carrying this payment's id is on the ${NETWORKS[input.networkId].label} chain.`
        : `Transaction ${input.txid} is not on the ${NETWORKS[input.networkId].label} chain (it may live on the other Pi network, or not exist).`
    case 'network_mismatch':
      return `The payment belongs to ${networkName(claim.network, input.networkId)}, but this desk is on ${NETWORKS[input.networkId].label}.`
    case 'transaction_failed':
      return 'The transaction failed on chain, so no Pi moved.'
    case 'memo_mismatch':
      return facts === null
        ? `Its memo is not this payment's id (${claim.identifier}).`
        : `Its memo is ${facts.memo === null ? 'empty' : `"${facts.memo}" (${facts.memoType})`}, not this payment's id ${claim.identifier}.`
    case 'destination_mismatch': {
      const paid = transfers.filter((t) => t.native).map((t) => `${formatPi(t.amount)} Pi to ${t.to}`)
      return paid.length === 0 || facts === null
        ? `It does not pay ${claim.toAddress}.`
        : `It pays ${paid.join(', ')}, not ${claim.toAddress}.`
    }
    case 'source_mismatch': {
      const senders = [...new Set(transfers.filter((t) => t.native && t.to === claim.toAddress).map((t) => t.from))]
      return senders.length === 0
        ? `It is not sent from ${claim.fromAddress}.`
        : `It is sent from ${senders.join(', ')}, not from ${claim.fromAddress}.`
    }
    case 'amount_mismatch': {
      const amounts = transfers
        .filter((t) => t.native && t.to === claim.toAddress && t.from === claim.fromAddress)
        .map((t) => `${formatPi(t.amount)} Pi`)
      return `It pays ${amounts.length === 0 ? 'another amount' : amounts.join(' and ')}, not ${formatPi(claim.amount)} Pi.`
    }
  }
}
