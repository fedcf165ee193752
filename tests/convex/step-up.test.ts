import { afterEach, describe, expect, test, vi } from 'vitest'
import { api } from '../../convex/_generated/api'
import { createAuth } from '../../convex/auth'
import { ErrorCode } from '../../lib/error-codes'
import { FRESH_SESSION_MAX_AGE_S, TOTP_PERIOD_S, TWO_FACTOR_LOCKOUT_MAX_FAILURES } from '../../lib/policy'
import { parseTotpUri, totpCode } from '../support/totp'
import { AuthClient, countRows, createBackend, PASSWORD, uniqueEmail, type Backend } from './harness'

afterEach(() => {
  vi.useRealTimers()
})

const START_MS = Date.UTC(2026, 10, 27, 12, 0, 5)

/** The Cookie header a browser holding this sign-in response's cookies would send. */
function cookieHeader(setCookies: string[]) {
  return setCookies.map((line) => line.split(';')[0]).join('; ')
}

async function withTwoFactor(t: Backend) {
  const browser = new AuthClient(t, '203.0.113.90')
  const email = uniqueEmail('stepup')
  await browser.signUp(email)
  const enable = await browser.request('/two-factor/enable', { json: { password: PASSWORD } })
  const { secret } = parseTotpUri(enable.json.totpURI)
  await browser.request('/two-factor/verify-totp', { json: { code: await totpCode(secret) } })
  return { browser, email, secret, backupCodes: enable.json.backupCodes as string[] }
}

describe('deleting the account always needs the password, and the second factor when it is on', () => {
  test('a session fresh from sign-up cannot delete the account without the password', async () => {
    const t = createBackend()
    const browser = new AuthClient(t)
    await browser.signUp(uniqueEmail('delete'))
    for (const body of [{}, { password: '' }, { token: 'anything' }, { callbackURL: '/' }]) {
      const refused = await browser.request('/delete-user', { json: body })
      expect(refused.status, JSON.stringify(body)).toBe(400)
      expect(refused.json.code).toBe(ErrorCode.PasswordRequired)
    }
    expect((await browser.request('/delete-user', { json: { password: 'not the password' } })).json.code).toBe(
      ErrorCode.InvalidPassword,
    )
    expect((await countRows(t)).authUsers).toBe(1)
    expect((await browser.request('/delete-user', { json: { password: PASSWORD } })).status).toBe(200)
    expect((await countRows(t)).authUsers).toBe(0)
  })

  test('with two-factor on, the password alone is not enough; a current code or a backup code is', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: START_MS })
    const t = createBackend()
    const { browser, secret, backupCodes } = await withTwoFactor(t)
    vi.setSystemTime(START_MS + TOTP_PERIOD_S * 1000)

    const passwordOnly = await browser.request('/delete-user', { json: { password: PASSWORD } })
    expect(passwordOnly.status).toBe(400)
    expect(passwordOnly.json.code).toBe(ErrorCode.TwoFactorCodeRequired)
    const wrongCode = await browser.request('/delete-user', { json: { password: PASSWORD, code: '000000' } })
    expect(wrongCode.status).toBe(401)
    expect(wrongCode.json.code).toBe(ErrorCode.InvalidTwoFactorCode)
    // A right code with a wrong password is refused before the code is looked at, so it is not spent.
    const wrongPassword = await browser.request('/delete-user', { json: { password: 'not it', code: backupCodes[0] } })
    expect(wrongPassword.json.code).toBe(ErrorCode.InvalidPassword)
    expect((await countRows(t)).authUsers).toBe(1)

    expect(
      (await browser.request('/delete-user', { json: { password: PASSWORD, code: await totpCode(secret) } })).status,
    ).toBe(200)
    expect((await countRows(t)).authUsers).toBe(0)
  })
})

describe('second-factor codes asked for outside sign-in', () => {
  test('count toward the same lockout as sign-in, so they cannot be guessed without limit', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: START_MS })
    const t = createBackend()
    const { browser, email, secret } = await withTwoFactor(t)
    for (let attempt = 0; attempt < TWO_FACTOR_LOCKOUT_MAX_FAILURES; attempt++) {
      const wrong = await browser.request('/delete-user', {
        json: { password: PASSWORD, code: String(100000 + attempt) },
      })
      expect(wrong.json.code).toBe(ErrorCode.InvalidTwoFactorCode)
    }
    // Past the per-address rate limit's window, still inside the lockout.
    vi.setSystemTime(START_MS + 2 * 60_000)
    const locked = await browser.request('/delete-user', { json: { password: PASSWORD, code: await totpCode(secret) } })
    expect(locked.status).toBe(429)
    expect(locked.json.code).toBe(ErrorCode.TwoFactorLocked)
    expect((await countRows(t)).authUsers).toBe(1)
    const owner = new AuthClient(t, '203.0.113.93')
    await owner.signIn(email)
    expect((await owner.request('/two-factor/verify-totp', { json: { code: await totpCode(secret) } })).status).toBe(
      429,
    )
  })
})

describe('one fresh-session rule for listing and ending sessions, whichever door', () => {
  test('Better Auth’s own session endpoints, called through auth.api, need a fresh session too', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: START_MS })
    const t = createBackend()
    const email = uniqueEmail('door')
    const laptop = new AuthClient(t, '203.0.113.91')
    const signUp = await laptop.signUp(email)
    const phone = new AuthClient(t, '203.0.113.92')
    await phone.signIn(email)
    const headers = new Headers({ cookie: cookieHeader(signUp.setCookies) })
    vi.setSystemTime(START_MS + (FRESH_SESSION_MAX_AGE_S + 1) * 1000)

    for (const call of [
      (auth: ReturnType<typeof createAuth>) => auth.api.listSessions({ headers }),
      (auth: ReturnType<typeof createAuth>) => auth.api.revokeOtherSessions({ headers }),
      (auth: ReturnType<typeof createAuth>) => auth.api.revokeSessions({ headers }),
    ]) {
      await expect(t.run(async (ctx) => await call(createAuth(ctx)))).rejects.toMatchObject({
        body: { code: ErrorCode.SessionNotFresh },
      })
    }
    await expect((await laptop.asUser()).mutation(api.sessions.revokeOthers, {})).rejects.toMatchObject({
      data: { code: ErrorCode.SessionNotFresh },
    })
    expect((await phone.request('/get-session')).json.user.email).toBe(email)

    // Password re-entry makes the session fresh for Better Auth's endpoints as it does for the Convex functions.
    expect((await laptop.request('/reauthenticate', { json: { password: PASSWORD } })).status).toBe(200)
    await t.run(async (ctx) => await createAuth(ctx).api.revokeOtherSessions({ headers }))
    expect((await phone.request('/get-session')).json).toBeNull()
  })
})
