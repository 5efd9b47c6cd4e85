// Contract pieces of the shop's gateway (issue 19): what Settings sends to switch it on, and what
// the desk shows about it. The token is never part of either: it comes from the desk's
// environment (MERCHANT_DESK_GATEWAY_TOKEN) or a provider main holds, and only "is one set" crosses.
import { z } from 'zod'

export const gatewayStartInput = z
  .strictObject({
    /** Default 127.0.0.1: this machine only. */
    host: z.string().trim().min(1).max(255).optional(),
    /** Default 8477; 0 picks a free port. */
    port: z.number().int().min(0).max(65_535).optional(),
    /** IPs and CIDR ranges allowed to start payments; default: the environment's list, else loopback only. */
    allow: z.array(z.string().trim().min(1).max(64)).max(100).optional()
  })
  .optional()
export type GatewayStartInput = z.input<typeof gatewayStartInput>

export interface GatewayStatusView {
  readonly running: boolean
  /** http://host:port/ while running. */
  readonly url: string | null
  readonly host: string | null
  readonly port: number | null
  /** The allow list in force (normalised), empty while stopped. */
  readonly allow: readonly string[]
  /** ISO-8601 UTC. */
  readonly startedAt: string | null
  readonly startedBy: string | null
  /** 'live': the chain's stream is followed; 'settling': invoices settle on a timer only (the app's live mode follows the chain, or the stream could not start). */
  readonly watching: 'live' | 'settling' | null
  /** Whether MERCHANT_DESK_GATEWAY_TOKEN (or the injected provider) has a token: the switch says why it cannot start otherwise. */
  readonly tokenConfigured: boolean
}
