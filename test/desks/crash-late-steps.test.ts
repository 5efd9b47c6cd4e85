// The desk killed at each journal step from the submission on, the other desk resuming (crash-resume.ts).
import { afterAll, beforeAll, describe, it } from 'vitest'
import type { RunningSandbox } from '../../src/sandbox'
import { journalSteps, killEachThenResume } from './crash-resume'
import { deskLedgers, startDeskSandbox } from './desks'

const STEPS = journalSteps('late')

let sandbox: RunningSandbox
beforeAll(async () => {
  sandbox = await startDeskSandbox()
})
afterAll(async () => sandbox.close())

describe.each(deskLedgers())('two desks on one $engine ledger', (ledgers) => {
  afterAll(() => ledgers.cleanUp())

  it(`a desk killed at ${STEPS.join(', ')}; the other resumes: each refund paid exactly once`, async () => {
    await killEachThenResume(sandbox, ledgers.location(), STEPS)
  }, 120_000)
})
