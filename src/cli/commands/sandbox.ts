// `merchant-desk sandbox`: both simulated servers (Pi Platform API and Horizon) on loopback,
// until stopped. Prints one JSON line with everything a client needs to connect. The key and the
// seed it prints are the sandbox's own, generated from --seed: they move no real Pi.
import type { Command } from 'commander'
import { startSandbox } from '../../sandbox'
import { parseNonNegativeInt } from '../parse'

export function registerSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description('Start the sandbox network (simulated Pi Platform API and Horizon) on loopback until stopped.')
    .option('--port <n>', 'Pi Platform API port (Horizon listens on the next one); 0 picks free ports', '0')
    .option('--payments <n>', 'generate this many payments of sample history', '0')
    .option('--seed <n>', 'seed of the generated keys and history (same seed, same sandbox)', '1')
    .action(async (options: { port: string; payments: string; seed: string }) => {
      const sandbox = await startSandbox({
        port: parseNonNegativeInt(options.port, '--port'),
        payments: parseNonNegativeInt(options.payments, '--payments'),
        seed: parseNonNegativeInt(options.seed, '--seed')
      })
      process.stdout.write(
        `${JSON.stringify({
          platformUrl: sandbox.platformUrl,
          horizonUrl: sandbox.horizonUrl,
          apiKey: sandbox.apiKey,
          appWalletPublicKey: sandbox.appWallet.publicKey,
          appWalletSeed: sandbox.appWallet.seed,
          networkPassphrase: sandbox.networkPassphrase
        })}\n`
      )
      await new Promise<void>((resolve) => {
        const stop = () => resolve()
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      })
      await sandbox.close()
    })
}
