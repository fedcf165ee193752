import { afterEach, describe, expect, test, vi } from 'vitest'
import { api, internal } from '../../convex/_generated/api'
import { ErrorCode } from '../../lib/error-codes'
import { SecurityEventType } from '../../lib/security-events'
import {
  ACCOUNT_GUESSING_LOCKOUT_S,
  ACCOUNT_GUESSING_MAX_FAILURES,
  ACCOUNT_GUESSING_WINDOW_S,
  CREDENTIAL_RATE_LIMIT_MAX_REQUESTS,
  CREDENTIAL_RATE_LIMIT_WINDOW_S,
  TOTP_PERIOD_S,
} from '../../lib/policy'
import crons from '../../convex/crons'
import { getFunctionName } from 'convex/server'
import { parseTotpUri, totpCode } from '../support/totp'
import { AuthClient, createBackend, PASSWORD, uniqueEmail, type Backend } from './harness'

const WRONG = 'not the password at all'
const FIREFOX_120 = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0'
const FIREFOX_121 = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0'

afterEach(() => {
  vi.useRealTimers()
})

let addressCount = 0
const stranger = (t: Backend) => new AuthClient(t, `198.51.100.${++addressCount % 250}`)

/** The owner signs up on a laptop (which so gets a device cookie for the account) and signs out again. */
async function ownerWithLaptop(t: Backend, userAgent = FIREFOX_120) {
  const email = uniqueEmail('owner')
  const laptop = new AuthClient(t, '203.0.113.90')
  await laptop.request('/sign-up/email', {
    json: { email, name: 'Olive Owner', password: PASSWORD },
    headers: { 'user-agent': userAgent },
  })
  expect(laptop.cookieNames()).toContain('better-auth.device')
  await laptop.signOut()
  return { email, laptop }
}

/** Wrong passwords spread over several addresses, as a guesser who dodges the per-address limit does. */
async function guessFromManyAddresses(t: Backend, email: string, guesses: number) {
  for (let guess = 0; guess < guesses; guess++) {
    expect((await stranger(t).signIn(email, WRONG)).status).toBe(401)
  }
}

async function securityLog(client: AuthClient) {
  return (
    await (await client.asUser()).query(api.securityEvents.list, { paginationOpts: { cursor: null, numItems: 100 } })
  ).page
}

const outbox = (t: Backend, to: string) => t.query(internal.emails.outbox, { to })

// Each guess hashes a password (scrypt): these journeys make dozens on a shared 2-core machine.
describe('guessing protection per account', { timeout: 120_000 }, () => {
  test('after N wrong passwords from several addresses, new devices are refused even with the right password; the owner’s laptop is not', async () => {
    const t = createBackend()
    const { email, laptop } = await ownerWithLaptop(t)
    await guessFromManyAddresses(t, email, ACCOUNT_GUESSING_MAX_FAILURES)

    // The right password, from a device that never signed in: through the proxy and straight at the site URL.
    for (const client of [stranger(t), new AuthClient(t, null)]) {
      const refused = await client.signIn(email)
      expect(refused.status).toBe(429)
      expect(refused.json.code).toBe(ErrorCode.AccountSignInLocked)
      expect(refused.json.retryAfterS).toBeGreaterThan(ACCOUNT_GUESSING_LOCKOUT_S - 60)
      expect(Number(refused.headers.get('retry-after'))).toBe(refused.json.retryAfterS)
      expect((await client.request('/get-session')).json).toBeNull()
    }

    // The owner's laptop holds a device cookie from an earlier sign-in to this account.
    expect((await laptop.signIn(email)).status).toBe(200)
    const log = await securityLog(laptop)
    expect(log.map((e) => e.type)).toContain(SecurityEventType.SignInLocked)
    const failed = log.filter((e) => e.type === SecurityEventType.FailedSignIns)
    expect(failed).toHaveLength(1)
    expect(failed[0]!.count).toBe(ACCOUNT_GUESSING_MAX_FAILURES)
    expect((await outbox(t, email)).map((m) => m.subject)).toContainEqual(
      expect.stringMatching(/Sign-in paused after many wrong passwords/),
    )
  })

  test('an address that has no account is locked the same way, so the answer tells nothing', async () => {
    const t = createBackend()
    const nobody = uniqueEmail('nobody')
    await guessFromManyAddresses(t, nobody, ACCOUNT_GUESSING_MAX_FAILURES)
    const refused = await stranger(t).signIn(nobody)
    expect(refused.status).toBe(429)
    expect(refused.json.code).toBe(ErrorCode.AccountSignInLocked)
  })

  test('a device cookie earned on another account does not count for this one', async () => {
    const t = createBackend()
    const { email } = await ownerWithLaptop(t)
    const attacker = new AuthClient(t, '203.0.113.91')
    await attacker.signUp(uniqueEmail('attacker'))
    expect(attacker.cookieNames()).toContain('better-auth.device')
    await guessFromManyAddresses(t, email, ACCOUNT_GUESSING_MAX_FAILURES)
    const refused = await attacker.signIn(email)
    expect(refused.status).toBe(429)
    expect(refused.json.code).toBe(ErrorCode.AccountSignInLocked)
  })

  test('guesses sent all at once get no more than N passwords checked', async () => {
    const t = createBackend()
    const { email } = await ownerWithLaptop(t)
    const answers = await Promise.all(
      Array.from({ length: ACCOUNT_GUESSING_MAX_FAILURES + 6 }, () => stranger(t).signIn(email, WRONG)),
    )
    const statuses = answers.map((a) => a.status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(ACCOUNT_GUESSING_MAX_FAILURES)
    expect(statuses.filter((s) => s === 429)).toHaveLength(6)
  })

  test('a right password before the budget is spent starts the count again', async () => {
    const t = createBackend()
    const { email } = await ownerWithLaptop(t)
    await guessFromManyAddresses(t, email, ACCOUNT_GUESSING_MAX_FAILURES - 1)
    expect((await stranger(t).signIn(email)).status).toBe(200)
    await guessFromManyAddresses(t, email, ACCOUNT_GUESSING_MAX_FAILURES - 1)
    expect((await stranger(t).signIn(email)).status).toBe(200)
  })

  test('the lockout ends by itself', async () => {
    const startMs = Date.now()
    vi.useFakeTimers({ toFake: ['Date'], now: startMs })
    const t = createBackend()
    const { email } = await ownerWithLaptop(t)
    await guessFromManyAddresses(t, email, ACCOUNT_GUESSING_MAX_FAILURES)
    expect((await stranger(t).signIn(email)).status).toBe(429)
    vi.setSystemTime(startMs + (ACCOUNT_GUESSING_LOCKOUT_S - 5) * 1000)
    expect((await stranger(t).signIn(email)).status).toBe(429)
    vi.setSystemTime(startMs + (ACCOUNT_GUESSING_LOCKOUT_S + 1) * 1000)
    expect((await stranger(t).signIn(email)).status).toBe(200)
  })

  test('/reauthenticate counts like sign-in: a known device has its own budget, then the account’s; /verify-password is closed', async () => {
    const startMs = Date.now()
    vi.useFakeTimers({ toFake: ['Date'], now: startMs })
    const t = createBackend()
    const { email, laptop } = await ownerWithLaptop(t)
    const phone = new AuthClient(t, '203.0.113.92')
    expect((await phone.signIn(email)).status).toBe(200)
    expect((await laptop.signIn(email)).status).toBe(200)

    // Better Auth's own password check is not a door at all (lib/auth-routes.ts).
    expect((await laptop.request('/verify-password', { json: { password: WRONG } })).status).toBe(404)

    // Someone at the laptop guesses: first its own budget, then the account's.
    let clockMs = startMs
    for (let guess = 0; guess < 2 * ACCOUNT_GUESSING_MAX_FAILURES; guess++) {
      if (guess > 0 && guess % CREDENTIAL_RATE_LIMIT_MAX_REQUESTS === 0)
        vi.setSystemTime((clockMs += (CREDENTIAL_RATE_LIMIT_WINDOW_S + 1) * 1000))
      const wrong = await laptop.request('/reauthenticate', { json: { password: WRONG } })
      expect(wrong.status).toBe(400)
    }
    vi.setSystemTime((clockMs += (CREDENTIAL_RATE_LIMIT_WINDOW_S + 1) * 1000))
    const refused = await laptop.request('/reauthenticate', { json: { password: PASSWORD } })
    expect(refused.status).toBe(429)
    expect(refused.json.code).toBe(ErrorCode.AccountSignInLocked)
    // The phone, another device of the owner's, still re-authenticates.
    expect((await phone.request('/reauthenticate', { json: { password: PASSWORD } })).status).toBe(200)
  })
})

describe('new-device detection', () => {
  test('a browser update on a known device raises nothing; another device with the same browser does, named in words', async () => {
    const t = createBackend()
    const { email, laptop } = await ownerWithLaptop(t, FIREFOX_120)
    await laptop.request('/sign-in/email', {
      json: { email, password: PASSWORD },
      headers: { 'user-agent': FIREFOX_121 },
    })
    expect((await securityLog(laptop)).map((e) => e.type)).not.toContain(SecurityEventType.NewDeviceSignIn)

    const other = new AuthClient(t, '198.51.100.200')
    await other.request('/sign-in/email', {
      json: { email, password: PASSWORD },
      headers: { 'user-agent': FIREFOX_121 },
    })
    const alerts = (await securityLog(laptop)).filter((e) => e.type === SecurityEventType.NewDeviceSignIn)
    expect(alerts).toHaveLength(1)
    expect(alerts[0]).toMatchObject({ ipAddress: '198.51.100.200' })
    const email_ = (await outbox(t, email)).find((m) => /New sign-in/.test(m.subject))
    expect(email_?.text).toContain('Device: Firefox on Windows')
    expect(email_?.text).toContain('IP address: 198.51.100.200')
    expect(email_?.text).not.toContain('Mozilla/5.0')
  })

  test('a right password with the second factor still owed raises no alert; the issued session does', async () => {
    const enrolledAtMs = Date.now()
    vi.useFakeTimers({ toFake: ['Date'], now: enrolledAtMs })
    const t = createBackend()
    const { email, laptop } = await ownerWithLaptop(t)
    await laptop.signIn(email)
    const { secret } = parseTotpUri(
      (await laptop.request('/two-factor/enable', { json: { password: PASSWORD } })).json.totpURI,
    )
    await laptop.request('/two-factor/verify-totp', { json: { code: await totpCode(secret) } })

    const other = new AuthClient(t, '198.51.100.201')
    expect((await other.signIn(email)).json).toMatchObject({ twoFactorRedirect: true })
    expect(other.cookieNames()).not.toContain('better-auth.device')
    const newDeviceAlerts = async () =>
      (await securityLog(laptop)).filter((e) => e.type === SecurityEventType.NewDeviceSignIn)
    expect(await newDeviceAlerts()).toEqual([])
    expect((await outbox(t, email)).map((m) => m.subject)).not.toContainEqual(expect.stringMatching(/New sign-in/))

    vi.setSystemTime(enrolledAtMs + TOTP_PERIOD_S * 1000)
    expect((await other.request('/two-factor/verify-totp', { json: { code: await totpCode(secret) } })).status).toBe(
      200,
    )
    expect(await newDeviceAlerts()).toHaveLength(1)
    expect(other.cookieNames()).toContain('better-auth.device')
  })
})

describe('guessing counters do not pile up', () => {
  test('guesses at addresses that have no account leave counters, and the hourly sweep deletes them once they no longer count', async () => {
    const startMs = Date.now()
    vi.useFakeTimers({ toFake: ['Date'], now: startMs })
    const t = createBackend()
    const guessedAt = Array.from({ length: 3 }, () => uniqueEmail('nobody'))
    for (const email of guessedAt) expect((await stranger(t).signIn(email, WRONG)).status).toBe(401)
    const guards = () =>
      t.run(async (ctx) => (await ctx.db.query('passwordGuards').collect()).map((guard) => guard.email))
    expect(await guards()).toEqual(expect.arrayContaining(guessedAt))

    // More than one batch of old counters, then one still inside its window.
    await t.run(async (ctx) => {
      for (let i = 0; i < 1_200; i++) {
        await ctx.db.insert('passwordGuards', {
          email: `old-${i}@example.com`,
          failedPasswords: 1,
          failuresSince: startMs,
        })
      }
    })
    vi.setSystemTime(startMs + (ACCOUNT_GUESSING_WINDOW_S + ACCOUNT_GUESSING_LOCKOUT_S) * 1000 - 1)
    const recent = uniqueEmail('recent')
    expect((await stranger(t).signIn(recent, WRONG)).status).toBe(401)
    vi.setSystemTime(startMs + (ACCOUNT_GUESSING_WINDOW_S + ACCOUNT_GUESSING_LOCKOUT_S) * 1000 + 1)

    await t.mutation(internal.devices.deleteStaleGuards, {})
    await t.finishAllScheduledFunctions(() => {})
    expect(await guards()).toEqual([recent])
    const sweep = Object.values(crons.crons).find(
      (job) => job.name === getFunctionName(internal.devices.deleteStaleGuards),
    )
    expect(sweep?.schedule).toMatchObject({ type: 'hourly' })
  })
})
