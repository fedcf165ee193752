import { afterEach, describe, expect, test, vi } from 'vitest'
import { api, components, internal } from '../../convex/_generated/api'
import {
  EMAIL_CHANGE_REQUEST_PATH,
  EMAIL_CHANGE_UNDO_PATH,
  EMAIL_CHANGE_VERIFY_PATH,
  RECOVERY_CANCEL_PATH,
  RECOVERY_REQUEST_PATH,
  RECOVERY_START_PATH,
} from '../../lib/auth-routes'
import { ErrorCode } from '../../lib/error-codes'
import { SecurityEventType } from '../../lib/security-events'
import {
  ACCOUNT_LINK_EMAILS_MAX_PER_WINDOW,
  CREDENTIAL_RATE_LIMIT_MAX_REQUESTS,
  RECOVERY_WAITING_PERIOD_MS,
  TOTP_PERIOD_S,
} from '../../lib/policy'
import { totpCode } from '../support/totp'
import {
  AuthClient,
  createBackend,
  enrollTwoFactor,
  frozenClock,
  PASSWORD,
  setsSessionCookie,
  uniqueEmail,
  type Backend,
} from './harness'
import { linkTokenFromOutbox, securityEventTypes } from './links'

const START_MS = Date.UTC(2026, 11, 1, 9, 0, 5)
const SHORT_WAIT_MS = 60_000

afterEach(() => {
  vi.useRealTimers()
})

const { freeze: freezeClock, advance, now } = frozenClock(START_MS)

/** Someone who has the password and the inbox but neither the authenticator nor a backup code. */
async function startRecovery(t: Backend, email: string) {
  const person = new AuthClient(t, '203.0.113.150')
  expect((await person.signIn(email)).json).toMatchObject({ twoFactorRedirect: true })
  expect((await person.request(RECOVERY_REQUEST_PATH, { json: { email } })).status).toBe(200)
  const token = await linkTokenFromOutbox(t, email, /Recover your/, 'token')
  const wrong = await person.request(RECOVERY_START_PATH, { json: { token, password: 'not the password' } })
  expect(wrong.json.code).toBe(ErrorCode.InvalidPassword)
  const started = await person.request(RECOVERY_START_PATH, { json: { token, password: PASSWORD } })
  expect(started.status, JSON.stringify(started.json)).toBe(200)
  expect(setsSessionCookie(started.setCookies), 'starting a recovery signs nobody in').toBe(false)
  expect((await person.request('/convex/token')).status).toBe(401)
  const again = await person.request(RECOVERY_START_PATH, { json: { token, password: PASSWORD } })
  expect(again.status).toBe(410)
  expect(again.json.code).toBe(ErrorCode.LinkUsed)
  return { person, completesAt: started.json.completesAt as number }
}

/**
 * Runs the completion the recovery scheduled, at the time it was scheduled for (the clock is frozen, so the test
 * moves it there): the pending job must exist unless something cancelled it.
 */
async function runScheduledCompletion(t: Backend) {
  const jobs = await t.run(async (ctx) => await ctx.db.system.query('_scheduled_functions').collect())
  const completions = jobs.filter((job) => job.name === 'recovery:complete')
  for (const job of completions) {
    if (job.state.kind !== 'pending') continue
    vi.setSystemTime(job.scheduledTime)
    await t.mutation(internal.recovery.complete, job.args[0] as { recoveryId: never })
  }
  return completions.map((job) => job.state.kind)
}

async function twoFactorState(t: Backend, email: string) {
  return await t.run(async (ctx) => {
    const user = (await ctx.runQuery(components.betterAuth.adapter.findOne, {
      model: 'user',
      where: [{ field: 'email', value: email }],
    })) as {
      _id: string
      twoFactorEnabled?: boolean
    }
    const count = async (model: 'twoFactor' | 'session', field = 'userId') =>
      (
        (await ctx.runQuery(components.betterAuth.adapter.findMany, {
          model,
          where: [{ field, value: user._id }],
          paginationOpts: { cursor: null, numItems: 100 },
        })) as { page: unknown[] }
      ).page.length
    const trusted = (await ctx.runQuery(components.betterAuth.adapter.findMany, {
      model: 'verification',
      where: [
        { field: 'value', value: user._id },
        { field: 'identifier', operator: 'starts_with', value: 'trust-device-' },
      ],
      paginationOpts: { cursor: null, numItems: 100 },
    })) as { page: unknown[] }
    return {
      enabled: user.twoFactorEnabled === true,
      secrets: await count('twoFactor'),
      sessions: await count('session'),
      trustedDevices: trusted.page.length,
    }
  })
}

describe('recovery when the authenticator and the backup codes are both lost', () => {
  test('an unknown address, or one without two-factor, gets the same answer and no email', async () => {
    const t = createBackend()
    const plain = new AuthClient(t, '203.0.113.151')
    const email = uniqueEmail('plain')
    await plain.signUp(email)
    for (const address of [email, uniqueEmail('nobody')]) {
      const answer = await new AuthClient(t, '203.0.113.152').request(RECOVERY_REQUEST_PATH, {
        json: { email: address },
      })
      expect(answer.status).toBe(200)
      expect(answer.json).toEqual({ status: true })
    }
    await expect(linkTokenFromOutbox(t, email, /Recover your/, 'token')).rejects.toThrow(/No email/)
    const madeUp = await plain.request(RECOVERY_START_PATH, { json: { token: 'y'.repeat(43), password: PASSWORD } })
    expect(madeUp.status).toBe(400)
    expect(madeUp.json.code).toBe(ErrorCode.LinkInvalid)
  })

  test('recovery emails are capped per account, and requests per client', async () => {
    const t = createBackend()
    const { email } = await enrollTwoFactor(new AuthClient(t, '203.0.113.170'), uniqueEmail('bombed'))
    for (let i = 0; i <= ACCOUNT_LINK_EMAILS_MAX_PER_WINDOW; i++) {
      expect(
        (await new AuthClient(t, `203.0.113.${171 + i}`).request(RECOVERY_REQUEST_PATH, { json: { email } })).status,
      ).toBe(200)
    }
    const links = (await t.query(internal.emails.outbox, { to: email })).filter((m) => /Recover your/.test(m.subject))
    expect(links).toHaveLength(ACCOUNT_LINK_EMAILS_MAX_PER_WINDOW)

    const client = new AuthClient(t, '203.0.113.180')
    const statuses: number[] = []
    for (let i = 0; i <= CREDENTIAL_RATE_LIMIT_MAX_REQUESTS; i++) {
      statuses.push((await client.request(RECOVERY_REQUEST_PATH, { json: { email: uniqueEmail('nobody') } })).status)
    }
    expect(statuses.at(-1)).toBe(429)
  })

  test('one link started twice at once starts one recovery', async () => {
    const t = createBackend()
    const { email } = await enrollTwoFactor(new AuthClient(t, '203.0.113.185'), uniqueEmail('racer'))
    expect((await new AuthClient(t, '203.0.113.186').request(RECOVERY_REQUEST_PATH, { json: { email } })).status).toBe(
      200,
    )
    const token = await linkTokenFromOutbox(t, email, /Recover your/, 'token')
    const both = await Promise.all(
      ['203.0.113.187', '203.0.113.188'].map((ip) =>
        new AuthClient(t, ip).request(RECOVERY_START_PATH, { json: { token, password: PASSWORD } }),
      ),
    )
    expect(both.map((answer) => answer.status).sort()).toEqual([200, 410])
    const started = (await t.query(internal.emails.outbox, { to: email })).filter((m) =>
      /recovery of your account started/.test(m.subject),
    )
    expect(started).toHaveLength(1)
  })

  test(`waits ${RECOVERY_WAITING_PERIOD_MS / 3_600_000} hours by default, and the owner cancels with one click from the email`, async () => {
    freezeClock()
    const t = createBackend()
    const owner = new AuthClient(t, '203.0.113.153')
    const { email } = await enrollTwoFactor(owner, uniqueEmail('owner'))
    const { completesAt } = await startRecovery(t, email)
    expect(completesAt).toBe(now() + RECOVERY_WAITING_PERIOD_MS)

    const cancelToken = await linkTokenFromOutbox(t, email, /recovery of your account started/, 'cancel')
    const cancelled = await new AuthClient(t, '203.0.113.154').request(RECOVERY_CANCEL_PATH, {
      json: { token: cancelToken },
    })
    expect(cancelled.status).toBe(200)
    const twice = await new AuthClient(t, '203.0.113.154').request(RECOVERY_CANCEL_PATH, {
      json: { token: cancelToken },
    })
    expect(twice.json.code).toBe(ErrorCode.LinkUsed)

    expect(await runScheduledCompletion(t)).toEqual(['canceled'])
    expect(await twoFactorState(t, email)).toMatchObject({ enabled: true, secrets: 1 })
    expect((await owner.request('/convex/token')).status, 'the owner stays signed in').toBe(200)
    expect(await securityEventTypes(t, email)).toEqual(
      expect.arrayContaining([
        SecurityEventType.RecoveryRequested,
        SecurityEventType.RecoveryStarted,
        SecurityEventType.RecoveryCancelled,
      ]),
    )
  })

  test('a normal sign-in with the second factor cancels it', async () => {
    freezeClock()
    const t = createBackend()
    const { email, secret } = await enrollTwoFactor(new AuthClient(t, '203.0.113.155'), uniqueEmail('owner'))
    await startRecovery(t, email)

    advance(TOTP_PERIOD_S * 1000)
    const laptop = new AuthClient(t, '203.0.113.156')
    expect((await laptop.signIn(email)).json).toMatchObject({ twoFactorRedirect: true })
    expect((await laptop.request('/two-factor/verify-totp', { json: { code: await totpCode(secret) } })).status).toBe(
      200,
    )

    await runScheduledCompletion(t)
    expect(await twoFactorState(t, email)).toMatchObject({ enabled: true, secrets: 1 })
    expect(await securityEventTypes(t, email)).toContain(SecurityEventType.RecoveryCancelled)
  })

  test('once the (shortened) period ends, the second factor, trusted devices and every session are gone; until then no session', async () => {
    freezeClock()
    const t = createBackend()
    vi.stubEnv('RECOVERY_WAITING_PERIOD_MS', String(SHORT_WAIT_MS))
    const owner = new AuthClient(t, '203.0.113.157')
    const { email, secret } = await enrollTwoFactor(owner, uniqueEmail('owner'))
    advance(TOTP_PERIOD_S * 1000)
    const laptop = new AuthClient(t, '203.0.113.158')
    await laptop.signIn(email)
    expect(
      (await laptop.request('/two-factor/verify-totp', { json: { code: await totpCode(secret), trustDevice: true } }))
        .status,
    ).toBe(200)
    expect(await twoFactorState(t, email)).toMatchObject({ trustedDevices: 1, sessions: 2 })

    const { person, completesAt } = await startRecovery(t, email)
    expect(completesAt, 'the deployment shortened the period').toBe(now() + SHORT_WAIT_MS)
    const beforeEnd = await person.signIn(email)
    expect(beforeEnd.json, 'during the period the password alone still meets the challenge').toMatchObject({
      twoFactorRedirect: true,
    })
    expect(setsSessionCookie(beforeEnd.setCookies)).toBe(false)

    expect(await runScheduledCompletion(t)).toEqual(['pending'])
    expect(await twoFactorState(t, email)).toEqual({ enabled: false, secrets: 0, sessions: 0, trustedDevices: 0 })
    expect((await owner.request('/convex/token')).status).toBe(401)
    expect(await securityEventTypes(t, email)).toContain(SecurityEventType.RecoveryCompleted)

    const signedIn = await person.signIn(email)
    expect(signedIn.status).toBe(200)
    expect(setsSessionCookie(signedIn.setCookies)).toBe(true)
    const me = await (await person.asUser()).query(api.auth.getCurrentUser, {})
    expect(me).toMatchObject({ twoFactorEnabled: false, mustEnrollTwoFactor: true })
  })
})

describe('recovery after a change of address (a takeover: password, session, then an inbox of their own)', () => {
  async function changeAddress(t: Backend, owner: AuthClient, to: string) {
    expect((await owner.request(EMAIL_CHANGE_REQUEST_PATH, { json: { newEmail: to } })).status).toBe(200)
    const verifyToken = await linkTokenFromOutbox(t, to, /Confirm your new email/, 'verify')
    expect(
      (await new AuthClient(t, '203.0.113.191').request(EMAIL_CHANGE_VERIFY_PATH, { json: { token: verifyToken } }))
        .status,
    ).toBe(200)
  }

  test('no recovery link goes to an address the old one can still take back', async () => {
    const t = createBackend()
    const owner = new AuthClient(t, '203.0.113.194')
    await enrollTwoFactor(owner, uniqueEmail('owner'))
    const takerEmail = uniqueEmail('taker')
    await changeAddress(t, owner, takerEmail)
    expect(
      (await new AuthClient(t, '203.0.113.192').request(RECOVERY_REQUEST_PATH, { json: { email: takerEmail } })).status,
    ).toBe(200)
    await expect(linkTokenFromOutbox(t, takerEmail, /Recover your/, 'token')).rejects.toThrow(/No email/)
  })

  test('undoing the change stops a recovery under way', async () => {
    freezeClock()
    const t = createBackend()
    const owner = new AuthClient(t, '203.0.113.190')
    const { email } = await enrollTwoFactor(owner, uniqueEmail('owner'))
    await startRecovery(t, email)
    await changeAddress(t, owner, uniqueEmail('taker'))

    const undoToken = await linkTokenFromOutbox(t, email, /email address was changed/, 'undo')
    expect(
      (await new AuthClient(t, '203.0.113.193').request(EMAIL_CHANGE_UNDO_PATH, { json: { token: undoToken } })).status,
    ).toBe(200)
    expect(await runScheduledCompletion(t)).toEqual(['canceled'])
    expect(await twoFactorState(t, email)).toMatchObject({ enabled: true, secrets: 1 })
  })
})

describe('REQUIRE_TWO_FACTOR', () => {
  test('marks every signed-in user without a second factor for enrollment, and only them', async () => {
    const t = createBackend()
    const plain = new AuthClient(t, '203.0.113.160')
    await plain.signUp(uniqueEmail('plain'))
    const enrolled = new AuthClient(t, '203.0.113.161')
    await enrollTwoFactor(enrolled, uniqueEmail('enrolled'))
    const mustEnroll = async (client: AuthClient) =>
      (await (await client.asUser()).query(api.auth.getCurrentUser, {}))?.mustEnrollTwoFactor
    expect(await mustEnroll(plain)).toBe(false)
    vi.stubEnv('REQUIRE_TWO_FACTOR', 'true')
    expect(await mustEnroll(plain)).toBe(true)
    expect(await mustEnroll(enrolled)).toBe(false)
  })
})
