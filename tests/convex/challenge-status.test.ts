import { afterEach, describe, expect, test, vi } from 'vitest'
import { CHALLENGE_STATUS_PATH } from '../../lib/auth-routes'
import {
  TOTP_PERIOD_S,
  TWO_FACTOR_CHALLENGE_MAX_ATTEMPTS,
  TWO_FACTOR_LOCKOUT_DURATION_S,
  TWO_FACTOR_LOCKOUT_MAX_FAILURES,
} from '../../lib/policy'
import { parseTotpUri, totpCode } from '../support/totp'
import { AuthClient, createBackend, PASSWORD, type Backend } from './harness'

afterEach(() => {
  vi.useRealTimers()
})

async function enrolled(t: Backend, email: string) {
  const browser = new AuthClient(t, '203.0.113.120')
  await browser.signUp(email)
  const { secret } = parseTotpUri(
    (await browser.request('/two-factor/enable', { json: { password: PASSWORD } })).json.totpURI,
  )
  await browser.request('/two-factor/verify-totp', { json: { code: await totpCode(secret) } })
  await browser.signOut()
  return secret
}

const wrongCode = async (secret: string) =>
  ((Number(await totpCode(secret)) + 500_000) % 1_000_000).toString().padStart(6, '0')

describe('the second-factor challenge tells its holder where it stands', () => {
  test('the masked account and the tries left, counting down with each wrong code', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() })
    const t = createBackend()
    const secret = await enrolled(t, 'grace.hopper@example.com')
    vi.setSystemTime(Date.now() + TOTP_PERIOD_S * 1000)
    const phone = new AuthClient(t, '203.0.113.121')
    await phone.signIn('grace.hopper@example.com')

    const before = await phone.request(CHALLENGE_STATUS_PATH)
    expect(before.status).toBe(200)
    expect(before.json).toEqual({
      email: 'g••••••@example.com',
      triesLeft: TWO_FACTOR_CHALLENGE_MAX_ATTEMPTS,
      lockedForS: 0,
    })
    expect(JSON.stringify(before.json)).not.toContain('grace.hopper')

    await phone.request('/two-factor/verify-totp', { json: { code: await wrongCode(secret) } })
    expect((await phone.request(CHALLENGE_STATUS_PATH)).json.triesLeft).toBe(TWO_FACTOR_CHALLENGE_MAX_ATTEMPTS - 1)
  })

  test('without the challenge cookie, or with a forged one, nothing is told', async () => {
    const t = createBackend()
    await enrolled(t, 'someone@example.com')
    const nobody = new AuthClient(t, '203.0.113.122')
    expect((await nobody.request(CHALLENGE_STATUS_PATH)).status).toBe(401)
    const forged = await nobody.request(CHALLENGE_STATUS_PATH, {
      headers: { cookie: 'better-auth.two_factor=2fa-abc.forgedsignature' },
    })
    expect(forged.status).toBe(401)
    expect(forged.json?.email).toBeUndefined()
  })

  test('a locked second factor says for how long, and no tries are left', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() })
    const t = createBackend()
    const secret = await enrolled(t, 'locked@example.com')
    let client = new AuthClient(t, '203.0.113.123')
    await client.signIn('locked@example.com')
    for (let failure = 0; failure < TWO_FACTOR_LOCKOUT_MAX_FAILURES; failure++) {
      // A challenge allows only so many tries: start another, as an attacker would.
      if (failure > 0 && failure % TWO_FACTOR_CHALLENGE_MAX_ATTEMPTS === 0) {
        client = new AuthClient(t, `203.0.113.${124 + failure}`)
        await client.signIn('locked@example.com')
      }
      vi.setSystemTime(Date.now() + 4_000)
      await client.request('/two-factor/verify-totp', { json: { code: await wrongCode(secret) } })
    }
    const fresh = new AuthClient(t, '203.0.113.140')
    await fresh.signIn('locked@example.com')
    const status = (await fresh.request(CHALLENGE_STATUS_PATH)).json
    expect(status.triesLeft).toBe(0)
    expect(status.lockedForS).toBeGreaterThan(TWO_FACTOR_LOCKOUT_DURATION_S - 120)
    expect(status.lockedForS).toBeLessThanOrEqual(TWO_FACTOR_LOCKOUT_DURATION_S)
  })
})
