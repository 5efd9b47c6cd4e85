// `merchant-desk gateway`: the shop's gateway (JSON-RPC start_payment, status.json, the checkout
// page) until SIGINT or SIGTERM, keeping its invoices settling meanwhile. Prints ONE JSON line
// once listening, so a supervisor or a script can read the URL; exits 0 when stopped. The token
// comes from MERCHANT_DESK_GATEWAY_TOKEN, never from an argument (arguments show in `ps`).
import type { Command } from 'commander'
import { UserFacingError } from '../../shared/errors'
import { DEFAULT_GATEWAY_HOST, DEFAULT_GATEWAY_PORT, GATEWAY_ALLOW_VARIABLE, GATEWAY_TOKEN_VARIABLE } from '../../main/gateway'
import { connectionFlags, openCliContext } from '../context'
import { withExamples } from '../help'
import { parseNonNegativeInt } from '../parse'

interface GatewayFlags {
  readonly host: string
  readonly port: string
  readonly allow?: string
}

export function registerGatewayCommand(program: Command): void {
  withExamples(
    program
      .command('gateway')
      .description(`Run the gateway a web shop starts payments through (JSON-RPC start_payment, /<id>/status.json, a checkout page), until stopped. Needs ${GATEWAY_TOKEN_VARIABLE}.`)
      .option('--host <address>', 'the address to listen on (a non-loopback one opens it to the network)', DEFAULT_GATEWAY_HOST)
      .option('--port <n>', 'the port to listen on; 0 picks a free one', String(DEFAULT_GATEWAY_PORT))
      .option('--allow <list>', `IPs and CIDR ranges, separated by commas, allowed to start payments (default: ${GATEWAY_ALLOW_VARIABLE}, else this machine only)`),
    [
      `merchant-desk gateway --port ${DEFAULT_GATEWAY_PORT}   # ${GATEWAY_TOKEN_VARIABLE} in the environment, e.g. from \`openssl rand -hex 32\``,
      'merchant-desk gateway --host 0.0.0.0 --allow 203.0.113.7,10.0.0.0/8 --network testnet'
    ]
  ).action(async (flags: GatewayFlags, command: Command) => {
    const port = parseNonNegativeInt(flags.port, '--port')
    if (port > 65_535) throw new UserFacingError('invalid_option', '--port takes a port from 1 to 65535, or 0 for a free one.')
    const context = await openCliContext(connectionFlags(command), { needs: 'settings' })
    try {
      const status = await context.gateway.start({ host: flags.host, port, ...(flags.allow === undefined ? {} : { allow: flags.allow.split(/[\s,]+/).filter((entry) => entry !== '') }) })
      process.stdout.write(`${JSON.stringify({ url: status.url, host: status.host, port: status.port, network: context.networkId, allow: status.allow, watching: status.watching })}\n`)
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve)
        process.once('SIGTERM', resolve)
      })
      await context.gateway.stop()
    } finally {
      await context.close()
    }
  })
}
