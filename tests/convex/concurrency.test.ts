/**
 * HTTP actions run concurrently on Convex, and so they do here: counters that Better Auth would read in one
 * function call and write in another must still count every request.
 */
import { describe, expect, test } from 'vitest'
import { ErrorCode } from '../../lib/error-codes'
import { CREDENTIAL_RATE_LIMIT_MAX_REQUESTS, TWO_FACTOR_LOCKOUT_MAX_FAILURES } from '../../lib/policy'
import { totpCode } from '../support/totp'
import { AuthClient, createBackend, enrollTwoFactor, uniqueEmail } from './harness'

const ATTEMPTS = 50
// Each attempt hashes or checks a password on a shared 2-core machine: generous, not a performance check.
const WRONG_PASSWORD = 'definitely not it'

const tally = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>((counts, s) => ({ ...counts, [s]: (counts[s] ?? 0) + 1 }), {})

describe('limits are exact when requests arrive at once', () => {
  test(`${ATTEMPTS} concurrent wrong passwords from one client admit exactly the configured number`, async () => {
    const t = createBackend()
    const email = uniqueEmail()
    await new AuthClient(t, '192.0.2.1').signUp(email)

    const guesser = new AuthClient(t, '198.51.100.1')
    const responses = await Promise.all(Array.from({ length: ATTEMPTS }, () => guesser.signIn(email, WRONG_PASSWORD)))

    expect(tally(responses.map((r) => r.status))).toEqual({
      401: CREDENTIAL_RATE_LIMIT_MAX_REQUESTS,
      429: ATTEMPTS - CREDENTIAL_RATE_LIMIT_MAX_REQUESTS,
    })
    // Still limited afterwards: no increment was lost.
    expect((await guesser.signIn(email, WRONG_PASSWORD)).status).toBe(429)
  }, 120_000)

  test(`${ATTEMPTS} concurrent wrong TOTP codes from many clients lock the second factor at exactly the configured count`, async () => {
    const t = createBackend()
    const { email, secret } = await enrollTwoFactor(new AuthClient(t, '192.0.2.2'))
    // One sign-in challenge per client, each from its own address, so neither the per-client rate limit nor the
    // per-challenge attempt limit stops anyone: only the account lockout is left to count.
    const attackers: AuthClient[] = []
    for (let i = 0; i < ATTEMPTS; i++) {
      const attacker = new AuthClient(t, `198.51.100.${10 + i}`)
      expect((await attacker.signIn(email)).json).toMatchObject({ twoFactorRedirect: true })
      attackers.push(attacker)
    }
    const wrong = ((Number(await totpCode(secret)) + 500_000) % 1_000_000).toString().padStart(6, '0')

    const responses = await Promise.all(
      attackers.map((a) => a.request('/two-factor/verify-totp', { json: { code: wrong } })),
    )

    expect(tally(responses.map((r) => r.status))).toEqual({
      401: TWO_FACTOR_LOCKOUT_MAX_FAILURES,
      429: ATTEMPTS - TWO_FACTOR_LOCKOUT_MAX_FAILURES,
    })
    for (const locked of responses.filter((r) => r.status === 429))
      expect(locked.json.code).toBe(ErrorCode.TwoFactorLocked)

    const owner = new AuthClient(t, '192.0.2.2')
    await owner.signIn(email)
    const refused = await owner.request('/two-factor/verify-totp', { json: { code: await totpCode(secret) } })
    expect(refused.status).toBe(429)
    expect(refused.json.code).toBe(ErrorCode.TwoFactorLocked)
  }, 120_000)
})
