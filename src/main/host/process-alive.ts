// Whether a process of this computer still runs: how a lease left by a desk or command that was
// killed (the payout wallet's, a sync's, the CLI's background sandbox) is recognised at once,
// without waiting for it to expire.

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
