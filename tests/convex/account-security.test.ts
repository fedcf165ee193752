import { afterEach, describe, expect, test, vi } from 'vitest'
import { api, components, internal } from '../../convex/_generated/api'
import { ErrorCode } from '../../lib/error-codes'
import { SecurityEventType } from '../../lib/security-events'
import { FRESH_SESSION_MAX_AGE_S, PASSWORD_RESET_TOKEN_TTL_S, TOTP_PERIOD_S } from '../../lib/policy'
import { parseTotpUri, totpCode } from '../support/totp'
import { authLinkFromOutbox } from './accounts'
import { AuthClient, createBackend, PASSWORD, SITE_URL, stubDeploymentEnv, uniqueEmail, type Backend } from './harness'

const NEW_PASSWORD = 'a brand new passphrase'
const LAPTOP = { 'user-agent': 'Laptop/1.0' }
const PHONE = { 'user-agent': 'Phone/2.0' }

afterEach(() => {
  vi.useRealTimers()
})

const FIRST_PAGE = { paginationOpts: { cursor: null, numItems: 50 } }

const outbox = (t: Backend, to: string) => t.query(internal.emails.outbox, { to })

async function signedInTwice(t: Backend) {
  const email = uniqueEmail('sessions')
  const laptop = new AuthClient(t, '203.0.113.50')
  await laptop.request('/sign-up/email', { json: { email, name: 'Sam', password: PASSWORD }, headers: LAPTOP })
  const phone = new AuthClient(t, '203.0.113.51')
  await phone.request('/sign-in/email', { json: { email, password: PASSWORD }, headers: PHONE })
  return { email, laptop, phone }
}

/** Every row, in every table of the app and of Better Auth, that still mentions this user. */
async function rowsMentioning(t: Backend, needles: string[]) {
  const appTables = [
    'users',
    'securityEvents',
    'knownDevices',
    'reauthentications',
    'acceptedTotpCodes',
    'backupCodeViewGrants',
    'passwordResetEmails',
    'devOutbox',
  ] as const
  const authModels = ['user', 'session', 'account', 'twoFactor', 'verification'] as const
  return await t.run(async (ctx) => {
    const rows: unknown[] = []
    for (const table of appTables) rows.push(...(await ctx.db.query(table).collect()))
    for (const model of authModels) {
      const result = await ctx.runQuery(components.betterAuth.adapter.findMany, {
        model,
        paginationOpts: { cursor: null, numItems: 500 },
      })
      rows.push(...(result as { page: unknown[] }).page)
    }
    return rows.filter((row) => needles.some((needle) => JSON.stringify(row).includes(needle)))
  })
}

describe('sessions', () => {
  test('a user sees where they are signed in and signs another device out', async () => {
    const t = createBackend()
    const { laptop, phone } = await signedInTwice(t)
    const asLaptop = await laptop.asUser()
    const sessions = (await asLaptop.query(api.sessions.list, FIRST_PAGE)).page
    expect(sessions).toHaveLength(2)
    expect(sessions[0]).toMatchObject({ current: true, userAgent: 'Laptop/1.0', ipAddress: '203.0.113.50' })
    expect(sessions[1]).toMatchObject({ current: false, userAgent: 'Phone/2.0', ipAddress: '203.0.113.51' })
    expect(JSON.stringify(sessions)).not.toMatch(/token/i)

    const asPhone = await phone.asUser()
    await asLaptop.mutation(api.sessions.revoke, { sessionId: sessions[1]!.id })
    expect((await phone.request('/get-session')).json).toBeNull()
    // The phone's Convex token is still unexpired, but its session is gone.
    expect(await asPhone.query(api.auth.getCurrentUser, {})).toBeNull()
    expect((await laptop.request('/get-session')).json.user).toBeTruthy()

    await expect(asLaptop.mutation(api.sessions.revoke, { sessionId: sessions[0]!.id })).rejects.toMatchObject({
      data: { code: ErrorCode.SessionNotFound },
    })
  })

  test('another user’s session cannot be revoked', async () => {
    const t = createBackend()
    const { phone } = await signedInTwice(t)
    const victimSession = (await (await phone.asUser()).query(api.sessions.current, {}))!
    const { laptop: attacker } = await signedInTwice(t)
    await expect(
      (await attacker.asUser()).mutation(api.sessions.revoke, { sessionId: victimSession.id }),
    ).rejects.toMatchObject({
      data: { code: ErrorCode.SessionNotFound },
    })
    expect((await phone.request('/get-session')).json.user).toBeTruthy()
  })

  test('revoking all other sessions keeps only this one', async () => {
    const t = createBackend()
    const { email, laptop, phone } = await signedInTwice(t)
    const tablet = new AuthClient(t, '203.0.113.52')
    await tablet.signIn(email)
    expect(await (await laptop.asUser()).mutation(api.sessions.revokeOthers, {})).toBe(2)
    expect((await phone.request('/get-session')).json).toBeNull()
    expect((await tablet.request('/get-session')).json).toBeNull()
    expect((await (await laptop.asUser()).query(api.sessions.list, FIRST_PAGE)).page).toHaveLength(1)
  })

  test('a stale session must re-enter the password before listing or revoking', async () => {
    const signedInAtMs = Date.now()
    vi.useFakeTimers({ toFake: ['Date'], now: signedInAtMs })
    const t = createBackend()
    const { laptop, phone } = await signedInTwice(t)
    vi.setSystemTime(signedInAtMs + (FRESH_SESSION_MAX_AGE_S + 1) * 1000)
    const asLaptop = await laptop.asUser()
    await expect(asLaptop.query(api.sessions.list, FIRST_PAGE)).rejects.toMatchObject({
      data: { code: ErrorCode.SessionNotFresh },
    })
    await expect(asLaptop.mutation(api.sessions.revokeOthers, {})).rejects.toMatchObject({
      data: { code: ErrorCode.SessionNotFresh },
    })
    expect((await phone.request('/get-session')).json.user).toBeTruthy()

    const wrong = await laptop.request('/reauthenticate', { json: { password: 'not the password' } })
    expect(wrong.status).toBe(400)
    expect(wrong.json.code).toBe(ErrorCode.InvalidPassword)
    await expect(asLaptop.query(api.sessions.list, FIRST_PAGE)).rejects.toMatchObject({
      data: { code: ErrorCode.SessionNotFresh },
    })

    expect((await laptop.request('/reauthenticate', { json: { password: PASSWORD } })).status).toBe(200)
    expect((await asLaptop.query(api.sessions.list, FIRST_PAGE)).page).toHaveLength(2)
  })
})

describe('passwords', () => {
  test('changing the password needs the current one and signs other sessions out', async () => {
    const t = createBackend()
    const { email, laptop, phone } = await signedInTwice(t)
    const wrong = await laptop.request('/change-password', {
      json: { currentPassword: 'not it at all', newPassword: NEW_PASSWORD, revokeOtherSessions: true },
    })
    expect(wrong.status).toBe(400)
    expect((await phone.request('/get-session')).json.user).toBeTruthy()

    const changed = await laptop.request('/change-password', {
      json: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, revokeOtherSessions: true },
    })
    expect(changed.status).toBe(200)
    expect((await phone.request('/get-session')).json).toBeNull()
    expect((await new AuthClient(t, '203.0.113.53').signIn(email, PASSWORD)).status).toBe(401)
    expect((await new AuthClient(t, '203.0.113.54').signIn(email, NEW_PASSWORD)).status).toBe(200)

    const events = (await (await laptop.asUser()).query(api.securityEvents.list, FIRST_PAGE)).page
    expect(events.map((e) => e.type)).toContain(SecurityEventType.PasswordChanged)
    expect((await outbox(t, email)).map((m) => m.subject)).toContainEqual(expect.stringMatching(/password was changed/))
  })

  test('a reset request answers the same whether or not the email exists', async () => {
    const t = createBackend()
    const email = uniqueEmail('reset')
    await new AuthClient(t).signUp(email)
    const known = await new AuthClient(t, '203.0.113.55').request('/request-password-reset', {
      json: { email, redirectTo: '/reset-password' },
    })
    const unknown = await new AuthClient(t, '203.0.113.56').request('/request-password-reset', {
      json: { email: uniqueEmail('nobody'), redirectTo: '/reset-password' },
    })
    expect(known.status).toBe(200)
    expect({ status: unknown.status, json: unknown.json }).toEqual({ status: known.status, json: known.json })
    expect((await outbox(t, email)).filter((m) => /Reset your/.test(m.subject))).toHaveLength(1)
  })

  test('a reset link works once, signs every session out and keeps two-factor on', async () => {
    const enrolledAtMs = Date.now()
    vi.useFakeTimers({ toFake: ['Date'], now: enrolledAtMs })
    const t = createBackend()
    const email = uniqueEmail('reset2fa')
    const owner = new AuthClient(t, '203.0.113.57')
    await owner.signUp(email)
    const { secret } = parseTotpUri(
      (await owner.request('/two-factor/enable', { json: { password: PASSWORD } })).json.totpURI,
    )
    await owner.request('/two-factor/verify-totp', { json: { code: await totpCode(secret) } })

    const requester = new AuthClient(t, '203.0.113.58')
    await requester.request('/request-password-reset', { json: { email, redirectTo: `${SITE_URL}/reset-password` } })
    const link = await authLinkFromOutbox(t, email, /Reset your/)
    const opened = await requester.request(link)
    expect(opened.status).toBe(302)
    const token = new URL(opened.headers.get('location')!).searchParams.get('token')
    expect(token).toBeTruthy()

    expect((await requester.request('/reset-password', { json: { token, newPassword: NEW_PASSWORD } })).status).toBe(
      200,
    )
    expect((await owner.request('/get-session')).json).toBeNull()
    const again = await requester.request('/reset-password', { json: { token, newPassword: 'yet another passphrase' } })
    expect(again.status).toBe(400)

    vi.setSystemTime(enrolledAtMs + TOTP_PERIOD_S * 1000)
    const signIn = await new AuthClient(t, '203.0.113.59').signIn(email, NEW_PASSWORD)
    expect(signIn.json).toMatchObject({ twoFactorRedirect: true })
    expect((await outbox(t, email)).map((m) => m.subject)).toContainEqual(expect.stringMatching(/password was reset/))
  })

  test('a reset link expires', async () => {
    const requestedAtMs = Date.now()
    vi.useFakeTimers({ toFake: ['Date'], now: requestedAtMs })
    const t = createBackend()
    const email = uniqueEmail('expired')
    await new AuthClient(t).signUp(email)
    const requester = new AuthClient(t, '203.0.113.60')
    await requester.request('/request-password-reset', { json: { email, redirectTo: `${SITE_URL}/reset-password` } })
    const token = (await authLinkFromOutbox(t, email, /Reset your/)).split('?')[0]!.split('/').pop()
    vi.setSystemTime(requestedAtMs + (PASSWORD_RESET_TOKEN_TTL_S + 1) * 1000)
    const late = await requester.request('/reset-password', { json: { token, newPassword: NEW_PASSWORD } })
    expect(late.status).toBe(400)
    expect(late.json.code).toBe('INVALID_TOKEN')
    expect((await new AuthClient(t, '203.0.113.61').signIn(email)).status).toBe(200)
  })
})

describe('email verification and delivery', () => {
  test('sign-up sends a verification link; opening it verifies the email; resending has a cooldown', async () => {
    const t = createBackend()
    const email = uniqueEmail('verify')
    const browser = new AuthClient(t)
    await browser.signUp(email)
    expect((await (await browser.asUser()).query(api.auth.getCurrentUser, {}))?.emailVerified).toBe(false)

    expect((await browser.request('/send-verification-email', { json: { email } })).status).toBe(200)
    expect((await browser.request('/send-verification-email', { json: { email } })).status).toBe(429)

    const opened = await browser.request(await authLinkFromOutbox(t, email, /Verify your email/))
    expect(opened.status).toBeLessThan(400)
    expect((await (await browser.asUser()).query(api.auth.getCurrentUser, {}))?.emailVerified).toBe(true)
  })

  test('REQUIRE_EMAIL_VERIFICATION=true keeps unverified users out', async () => {
    const t = createBackend()
    const email = uniqueEmail('required')
    await new AuthClient(t).signUp(email)
    stubDeploymentEnv({ REQUIRE_EMAIL_VERIFICATION: 'true' })
    const refused = await new AuthClient(t, '203.0.113.62').signIn(email)
    expect(refused.status).toBe(403)
    expect(refused.json.code).toBe('EMAIL_NOT_VERIFIED')
  })

  test('a public deployment without an email provider fails naming RESEND_API_KEY, and never uses the outbox', async () => {
    const t = createBackend()
    stubDeploymentEnv({ SITE_URL: 'https://app.example.com' })
    await expect(t.mutation(internal.emails.send, { to: 'a@example.com', subject: 's', text: 't' })).rejects.toThrow(
      /RESEND_API_KEY is not set/,
    )
    expect(await t.query(internal.emails.outbox, {})).toEqual([])
  })
})

describe('account deletion', () => {
  test('deleting the account needs the password and leaves no row of the user anywhere', async () => {
    const t = createBackend()
    const { email, laptop } = await signedInTwice(t)
    const enable = await laptop.request('/two-factor/enable', { json: { password: PASSWORD } })
    const { secret } = parseTotpUri(enable.json.totpURI)
    await laptop.request('/two-factor/verify-totp', { json: { code: await totpCode(secret) } })
    await laptop.request('/reauthenticate', { json: { password: PASSWORD, purpose: 'view-backup-codes' } })
    await laptop.request('/request-password-reset', { json: { email, redirectTo: '/reset-password' } })
    const authUserId = (await laptop.request('/get-session')).json.user.id as string

    expect((await laptop.request('/delete-user', { json: { password: 'not my password' } })).status).toBe(400)
    expect(await rowsMentioning(t, [authUserId, email])).not.toHaveLength(0)

    expect(
      (await laptop.request('/delete-user', { json: { password: PASSWORD, code: enable.json.backupCodes[0] } })).status,
    ).toBe(200)
    // The rest of the account goes in scheduled batches (tests/convex/account-deletion.test.ts).
    await t.finishAllScheduledFunctions(() => {})
    expect(await rowsMentioning(t, [authUserId, email])).toEqual([])
    expect((await laptop.request('/get-session')).json).toBeNull()
  })
})
