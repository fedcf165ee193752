import { afterEach, describe, expect, test, vi } from 'vitest'
import { api, internal } from '../../convex/_generated/api'
import {
  EMAIL_CHANGE_REQUEST_PATH,
  EMAIL_CHANGE_UNDO_PATH,
  EMAIL_CHANGE_VERIFY_PATH,
  REAUTHENTICATE_PATH,
} from '../../lib/auth-routes'
import { ErrorCode } from '../../lib/error-codes'
import { SecurityEventType } from '../../lib/security-events'
import { EMAIL_CHANGE_UNDO_MS, FRESH_SESSION_MAX_AGE_S } from '../../lib/policy'
import { AuthClient, createBackend, PASSWORD, uniqueEmail, type Backend } from './harness'
import { linkTokenFromOutbox, securityEventTypes } from './links'

const START_MS = Date.UTC(2026, 11, 1, 9, 0, 0)

afterEach(() => {
  vi.useRealTimers()
})

async function signedUp(t: Backend, ip = '203.0.113.120') {
  const browser = new AuthClient(t, ip)
  const email = uniqueEmail('old')
  expect((await browser.signUp(email)).status).toBe(200)
  return { browser, email }
}

async function changeEmail(t: Backend, browser: AuthClient, newEmail: string) {
  const requested = await browser.request(EMAIL_CHANGE_REQUEST_PATH, { json: { newEmail } })
  expect(requested.status, JSON.stringify(requested.json)).toBe(200)
  const token = await linkTokenFromOutbox(t, newEmail, /Confirm your new email/, 'verify')
  // A fresh client: the link may be opened anywhere, signed in or not.
  return await new AuthClient(t, '203.0.113.121').request(EMAIL_CHANGE_VERIFY_PATH, { json: { token } })
}

const currentEmail = async (browser: AuthClient) =>
  (await (await browser.asUser()).query(api.auth.getCurrentUser, {}))?.email

describe('changing the email address', () => {
  test('takes effect only once the new address opened its link, keeps the app table in step, and the link works once', async () => {
    const t = createBackend()
    const { browser, email } = await signedUp(t)
    const newEmail = uniqueEmail('new')

    expect((await browser.request(EMAIL_CHANGE_REQUEST_PATH, { json: { newEmail } })).status).toBe(200)
    expect(await currentEmail(browser), 'nothing changes before the link is opened').toBe(email)
    const token = await linkTokenFromOutbox(t, newEmail, /Confirm your new email/, 'verify')

    const verified = await new AuthClient(t, '203.0.113.121').request(EMAIL_CHANGE_VERIFY_PATH, { json: { token } })
    expect(verified.status).toBe(200)
    expect(
      verified.setCookies.some((c) => /session_token=[^;]+/.test(c)),
      'the link signs nobody in',
    ).toBe(false)
    expect(await currentEmail(browser)).toBe(newEmail)
    const appUsers = await t.run(async (ctx) => (await ctx.db.query('users').collect()).map((u) => u.email))
    expect(appUsers).toEqual([newEmail])

    const again = await new AuthClient(t, '203.0.113.122').request(EMAIL_CHANGE_VERIFY_PATH, { json: { token } })
    expect(again.status).toBe(410)
    expect(again.json.code).toBe(ErrorCode.LinkUsed)

    expect((await new AuthClient(t, '203.0.113.123').signIn(email)).status, 'the old address no longer signs in').toBe(
      401,
    )
    expect((await new AuthClient(t, '203.0.113.124').signIn(newEmail)).status).toBe(200)
    const notice = (await t.query(internal.emails.outbox, { to: email })).find((m) =>
      /email address was changed/.test(m.subject),
    )
    expect(notice?.text).toContain(newEmail)
    expect(await securityEventTypes(t, newEmail)).toEqual(
      expect.arrayContaining([SecurityEventType.EmailChangeRequested, SecurityEventType.EmailChanged]),
    )
  })

  test('the old address can undo it once: the address comes back and every session ends', async () => {
    const t = createBackend()
    const { browser, email } = await signedUp(t)
    const newEmail = uniqueEmail('taker')
    expect((await changeEmail(t, browser, newEmail)).status).toBe(200)
    const other = new AuthClient(t, '203.0.113.125')
    expect((await other.signIn(newEmail)).status).toBe(200)

    const undoToken = await linkTokenFromOutbox(t, email, /email address was changed/, 'undo')
    const undone = await new AuthClient(t, '203.0.113.126').request(EMAIL_CHANGE_UNDO_PATH, {
      json: { token: undoToken },
    })
    expect(undone.status).toBe(200)
    expect(undone.json.email).toBe(email)

    expect((await browser.request('/convex/token')).status, 'every session ended').toBe(401)
    expect((await other.request('/convex/token')).status).toBe(401)
    expect((await new AuthClient(t, '203.0.113.127').signIn(email)).status).toBe(200)
    expect(await t.run(async (ctx) => (await ctx.db.query('users').collect()).map((u) => u.email))).toEqual([email])
    expect(await securityEventTypes(t, email)).toContain(SecurityEventType.EmailChangeUndone)

    const twice = await new AuthClient(t, '203.0.113.128').request(EMAIL_CHANGE_UNDO_PATH, {
      json: { token: undoToken },
    })
    expect(twice.status).toBe(410)
    expect(twice.json.code).toBe(ErrorCode.LinkUsed)
  })

  test('while the change can be undone, nobody can take the old address: not by sign-up, not by changing to it', async () => {
    const t = createBackend()
    const { browser, email } = await signedUp(t)
    expect((await changeEmail(t, browser, uniqueEmail('taker'))).status).toBe(200)

    const squatter = new AuthClient(t, '203.0.113.133')
    expect((await squatter.signUp(email, 'Squatter')).status).toBeGreaterThanOrEqual(400)
    const { browser: other } = await signedUp(t, '203.0.113.134')
    expect((await other.request(EMAIL_CHANGE_REQUEST_PATH, { json: { newEmail: email } })).status).toBe(200)
    expect(
      (await t.query(internal.emails.outbox, { to: email })).some((m) => /Confirm your new email/.test(m.subject)),
    ).toBe(false)

    const undoToken = await linkTokenFromOutbox(t, email, /email address was changed/, 'undo')
    expect(
      (await new AuthClient(t, '203.0.113.135').request(EMAIL_CHANGE_UNDO_PATH, { json: { token: undoToken } })).status,
    ).toBe(200)
  })

  test(`undo is refused after ${EMAIL_CHANGE_UNDO_MS / 3_600_000} hours, and a made-up token is refused`, async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: START_MS })
    const t = createBackend()
    const { browser, email } = await signedUp(t)
    const newEmail = uniqueEmail('late')
    expect((await changeEmail(t, browser, newEmail)).status).toBe(200)
    const undoToken = await linkTokenFromOutbox(t, email, /email address was changed/, 'undo')
    vi.setSystemTime(START_MS + EMAIL_CHANGE_UNDO_MS + 60_000)

    const late = await new AuthClient(t, '203.0.113.129').request(EMAIL_CHANGE_UNDO_PATH, {
      json: { token: undoToken },
    })
    expect(late.status).toBe(410)
    expect(late.json.code).toBe(ErrorCode.LinkExpired)
    const madeUp = await new AuthClient(t, '203.0.113.130').request(EMAIL_CHANGE_UNDO_PATH, {
      json: { token: 'x'.repeat(43) },
    })
    expect(madeUp.status).toBe(400)
    expect(madeUp.json.code).toBe(ErrorCode.LinkInvalid)
    expect(await t.run(async (ctx) => (await ctx.db.query('users').collect()).map((u) => u.email))).toEqual([newEmail])
  })

  test('needs a fresh session, straight at the endpoint; re-entering the password gives one', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: START_MS })
    const t = createBackend()
    const { browser } = await signedUp(t)
    vi.setSystemTime(START_MS + (FRESH_SESSION_MAX_AGE_S + 60) * 1000)
    const newEmail = uniqueEmail('stale')

    const stale = await browser.request(EMAIL_CHANGE_REQUEST_PATH, { json: { newEmail } })
    expect(stale.status).toBe(403)
    expect(stale.json.code).toBe(ErrorCode.SessionNotFresh)
    expect(await t.query(internal.emails.outbox, { to: newEmail })).toEqual([])
    expect(
      (await new AuthClient(t, '203.0.113.131').request(EMAIL_CHANGE_REQUEST_PATH, { json: { newEmail } })).status,
      'signed out',
    ).toBe(401)

    expect((await browser.request(REAUTHENTICATE_PATH, { json: { password: PASSWORD } })).status).toBe(200)
    expect((await browser.request(EMAIL_CHANGE_REQUEST_PATH, { json: { newEmail } })).status).toBe(200)
  })

  test('a taken address gets the same answer as any other, but no link, and nothing changes', async () => {
    const t = createBackend()
    const { browser, email } = await signedUp(t)
    const { email: taken } = await signedUp(t, '203.0.113.132')

    const requested = await browser.request(EMAIL_CHANGE_REQUEST_PATH, { json: { newEmail: taken } })
    expect(requested.status).toBe(200)
    expect(requested.json).toEqual({ status: true })
    const mail = await t.query(internal.emails.outbox, { to: taken })
    expect(mail.some((m) => /Confirm your new email/.test(m.subject))).toBe(false)
    expect(mail.some((m) => /tried to use your email/.test(m.subject))).toBe(true)
    expect(
      await (await browser.asUser()).query(api.emailChanges.pending, {}),
      'the settings page shows it as waiting, like any other',
    ).toMatchObject({ newEmail: taken })
    expect(await currentEmail(browser)).toBe(email)

    const invalid = await browser.request(EMAIL_CHANGE_REQUEST_PATH, { json: { newEmail: 'not an address' } })
    expect(invalid.json.code).toBe(ErrorCode.InvalidEmail)
    expect(
      (await browser.request(EMAIL_CHANGE_REQUEST_PATH, { json: { newEmail: email.toUpperCase() } })).json.code,
    ).toBe(ErrorCode.EmailUnchanged)
  })
})
