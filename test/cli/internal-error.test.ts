// #13 item 5: an error Merchant Desk did not expect is told in one line that names the log file
// holding its stack, and says truthfully whether something may have been done.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { describeInternalError, errorDetails, internalErrorLogPath } from '../../src/cli/internal-error'

const dir = mkdtempSync(join(tmpdir(), 'md-internal-error-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('an internal error on the command line', () => {
  it('writes the stack to logs/cli-errors.log in the data folder and names that file', () => {
    const env = { MERCHANT_DESK_DATA_DIR: dir }
    const error = new TypeError('Cannot read properties of undefined')
    const sentence = describeInternalError(error, ['payouts', 'resume', '--db', 'shop.sqlite'], 'payouts resume', env)
    const log = join(dir, 'logs', 'cli-errors.log')
    expect(internalErrorLogPath(env)).toBe(log)
    expect(sentence).toBe(
      'something went wrong inside Merchant Desk. Part of it may have been done: check `merchant-desk payouts` and ' +
        `\`merchant-desk audit\` before you try again. The details are in ${log}; please include them when you report it.`
    )
    const written = readFileSync(log, 'utf8')
    expect(written).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z merchant-desk payouts resume --db shop\.sqlite\nTypeError: Cannot read properties of undefined\n {4}at /)
  })

  it('says nothing was changed only for a command that only reads', () => {
    const env = { MERCHANT_DESK_DATA_DIR: dir }
    expect(describeInternalError(new Error('x'), ['payments', 'list'], 'payments list', env)).toMatch(/^something went wrong inside Merchant Desk\. Nothing was changed\. The details are in /)
    expect(describeInternalError(new Error('x'), ['refund', 'A'], 'refund', env)).toMatch(/Part of it may have been done/)
    expect(describeInternalError(new Error('x'), ['export', 'payments'], 'export payments', env)).toMatch(/Nothing was changed/)
  })

  it('points to MERCHANT_DESK_DEBUG when no log can be written', () => {
    const blocked = join(dir, 'not-a-folder')
    writeFileSync(blocked, '')
    chmodSync(blocked, 0o400)
    const sentence = describeInternalError(new Error('x'), ['sync'], 'sync', { MERCHANT_DESK_DATA_DIR: blocked })
    expect(sentence).toMatch(/Run it again with MERCHANT_DESK_DEBUG=1 to see the details; please include them when you report it\.$/)
  })

  it('shows only the stack, never what an HTTP error carries, such as the API key in its headers', () => {
    const error = Object.assign(new Error('Request failed with status code 500'), {
      config: { headers: { Authorization: 'Key sandbox-secret-api-key' } }
    })
    const details = errorDetails(error)
    expect(details).toMatch(/^Error: Request failed with status code 500\n {4}at /)
    expect(details).not.toContain('sandbox-secret-api-key')
    const env = { MERCHANT_DESK_DATA_DIR: dir }
    describeInternalError(error, ['sync'], 'sync', env)
    expect(readFileSync(internalErrorLogPath(env), 'utf8')).not.toContain('sandbox-secret-api-key')
  })
})
