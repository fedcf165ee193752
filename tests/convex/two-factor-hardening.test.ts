import { afterEach, describe, expect, test, vi } from 'vitest'
import { api } from '../../convex/_generated/api'
import { ErrorCode } from '../../lib/error-codes'
import { SecurityEventType } from '../../lib/security-events'
import {
  BACKUP_CODE_COUNT,
  TOTP_PERIOD_S,
  TWO_FACTOR_CHALLENGE_MAX_ATTEMPTS,
  TWO_FACTOR_LOCKOUT_DURATION_S,
  TWO_FACTOR_LOCKOUT_MAX_FAILURES,
} from '../../lib/policy'
import { parseTotpUri, totpCode } from '../support/totp'
import { AuthClient, createBackend, PASSWORD, uniqueEmail, type Backend } from './harness'

afterEach(() => {
  vi.useRealTimers()
})

/** Freezes Date (only Date: promises and I/O keep running) so TOTP windows are deterministic. */
function freezeClock(atMs: number) {
  vi.useFakeTimers({ toFake: ['Date'], now: atMs })
}

const START_MS = Date.UTC(2026, 10, 27, 12, 0, 5)

async function enroll(t: Backend, ip = '203.0.113.30') {
  const browser = new AuthClient(t, ip)
  const email = uniqueEmail('guard')
  await browser.signUp(email)
  const enable = await browser.request('/two-factor/enable', { json: { password: PASSWORD } })
  const { secret } = parseTotpUri(enable.json.totpURI)
  const enrolledWith = await totpCode(secret)
  expect((await browser.request('/two-factor/verify-totp', { json: { code: enrolledWith } })).status).toBe(200)
  return { browser, email, secret, enrolledWith, backupCodes: enable.json.backupCodes as string[] }
}

async function challenge(t: Backend, email: string, ip: string) {
  const browser = new AuthClient(t, ip)
  expect((await browser.signIn(email)).json).toMatchObject({ twoFactorRedirect: true })
  return browser
}

const wrongCode = async (secret: string) =>
  ((Number(await totpCode(secret)) + 500_000) % 1_000_000).toString().padStart(6, '0')

describe('two-factor hardening beyond Better Auth defaults', () => {
  test('a TOTP code already accepted is refused inside its window; the next code works', async () => {
    freezeClock(START_MS)
    const t = createBackend()
    const { email, secret, enrolledWith } = await enroll(t)

    vi.setSystemTime(START_MS + 1_000)
    const attacker = await challenge(t, email, '198.51.100.40')
    const replay = await attacker.request('/two-factor/verify-totp', { json: { code: enrolledWith } })
    expect(replay.status).toBe(401)
    expect(replay.json.code).toBe(ErrorCode.TotpReplayed)
    expect((await attacker.request('/get-session')).json).toBeNull()

    vi.setSystemTime(START_MS + TOTP_PERIOD_S * 1000)
    const owner = await challenge(t, email, '203.0.113.30')
    expect((await owner.request('/two-factor/verify-totp', { json: { code: await totpCode(secret) } })).status).toBe(
      200,
    )
  })

  test('a mistyped code is not burned: the claim is released when Better Auth refuses it', async () => {
    freezeClock(START_MS)
    const t = createBackend()
    const { email, secret } = await enroll(t)
    vi.setSystemTime(START_MS + TOTP_PERIOD_S * 1000)
    const browser = await challenge(t, email, '203.0.113.31')
    expect((await browser.request('/two-factor/verify-totp', { json: { code: await wrongCode(secret) } })).status).toBe(
      401,
    )
    expect((await browser.request('/two-factor/verify-totp', { json: { code: await totpCode(secret) } })).status).toBe(
      200,
    )
  })

  test('a backup code works exactly once', async () => {
    const t = createBackend()
    const { email, backupCodes } = await enroll(t)
    const first = await challenge(t, email, '203.0.113.32')
    expect((await first.request('/two-factor/verify-backup-code', { json: { code: backupCodes[0] } })).status).toBe(200)
    expect(await (await first.asUser()).query(api.twoFactor.backupCodesRemaining, {})).toBe(BACKUP_CODE_COUNT - 1)

    const second = await challenge(t, email, '203.0.113.33')
    const reused = await second.request('/two-factor/verify-backup-code', { json: { code: backupCodes[0] } })
    expect(reused.status).toBe(401)
    expect((await second.request('/get-session')).json).toBeNull()
    expect((await second.request('/two-factor/verify-backup-code', { json: { code: backupCodes[1] } })).status).toBe(
      200,
    )
  })

  test('one challenge allows a few wrong codes, then the user must sign in again', async () => {
    const t = createBackend()
    const { email, secret } = await enroll(t)
    const browser = await challenge(t, email, '203.0.113.34')
    for (let attempt = 0; attempt < TWO_FACTOR_CHALLENGE_MAX_ATTEMPTS; attempt++) {
      expect(
        (await browser.request('/two-factor/verify-totp', { json: { code: await wrongCode(secret) } })).status,
      ).toBe(401)
    }
    const exhausted = await browser.request('/two-factor/verify-totp', { json: { code: await wrongCode(secret) } })
    expect(exhausted.status).toBe(400)
    expect(exhausted.json.code).toBe('TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE')
    expect((await browser.request('/get-session')).json).toBeNull()
  })

  test('wrong codes from many clients lock the account, report the time left, and unlock after it', async () => {
    freezeClock(START_MS)
    const t = createBackend()
    const { email, secret } = await enroll(t)
    let failures = 0
    for (let client = 0; failures < TWO_FACTOR_LOCKOUT_MAX_FAILURES; client++) {
      const attacker = await challenge(t, email, `198.51.100.${50 + client}`)
      for (
        let attempt = 0;
        attempt < TWO_FACTOR_CHALLENGE_MAX_ATTEMPTS && failures < TWO_FACTOR_LOCKOUT_MAX_FAILURES;
        attempt++
      ) {
        expect(
          (await attacker.request('/two-factor/verify-totp', { json: { code: await wrongCode(secret) } })).status,
        ).toBe(401)
        failures++
      }
    }

    const owner = await challenge(t, email, '203.0.113.35')
    const locked = await owner.request('/two-factor/verify-totp', { json: { code: await totpCode(secret) } })
    expect(locked.status).toBe(429)
    expect(locked.json).toMatchObject({ code: ErrorCode.TwoFactorLocked, retryAfterS: TWO_FACTOR_LOCKOUT_DURATION_S })
    expect(locked.headers.get('retry-after')).toBe(String(TWO_FACTOR_LOCKOUT_DURATION_S))
    // The lockout is in the owner's security log once, with the address of the attempt that caused it, and emailed.
    const lockEvents = await t.run(async (ctx) =>
      (await ctx.db.query('securityEvents').collect()).filter(
        (event) => event.type === SecurityEventType.TwoFactorLocked,
      ),
    )
    expect(lockEvents).toHaveLength(1)
    expect(lockEvents[0]!.ipAddress).toMatch(/^198\.51\.100\./)
    const lockEmails = await t.run(async (ctx) =>
      (await ctx.db.query('devOutbox').collect()).filter((mail) => mail.to === email && /locked/i.test(mail.subject)),
    )
    expect(lockEmails).toHaveLength(1)

    vi.setSystemTime(START_MS + (TWO_FACTOR_LOCKOUT_DURATION_S + 1) * 1000)
    const later = await challenge(t, email, '203.0.113.36')
    expect((await later.request('/two-factor/verify-totp', { json: { code: await totpCode(secret) } })).status).toBe(
      200,
    )
  })

  test('changing a factor requires the password', async () => {
    const t = createBackend()
    const { browser, backupCodes } = await enroll(t)
    const wrong = { password: 'not my password at all' }
    for (const path of [
      '/two-factor/disable',
      '/two-factor/generate-backup-codes',
      '/two-factor/forget-trusted-devices',
      '/two-factor/enable',
    ]) {
      const response = await browser.request(path, { json: wrong })
      expect(response.status, path).toBe(400)
    }
    const asUser = await browser.asUser()
    expect((await asUser.query(api.auth.getCurrentUser, {}))?.twoFactorEnabled).toBe(true)
    expect(
      (await browser.request('/reauthenticate', { json: { password: PASSWORD, purpose: 'view-backup-codes' } })).status,
    ).toBe(200)
    expect((await asUser.query(api.twoFactor.viewBackupCodes, {})).backupCodes).toEqual(backupCodes)
  })

  test('regenerated backup codes replace the old ones', async () => {
    const t = createBackend()
    const { browser, email, backupCodes } = await enroll(t)
    const regenerated = await browser.request('/two-factor/generate-backup-codes', { json: { password: PASSWORD } })
    expect(regenerated.status).toBe(200)
    const fresh = regenerated.json.backupCodes as string[]
    expect(fresh).toHaveLength(BACKUP_CODE_COUNT)
    expect(fresh).not.toContain(backupCodes[0])

    const next = await challenge(t, email, '203.0.113.37')
    expect((await next.request('/two-factor/verify-backup-code', { json: { code: backupCodes[0] } })).status).toBe(401)
    expect((await next.request('/two-factor/verify-backup-code', { json: { code: fresh[0] } })).status).toBe(200)
  })

  test('a trusted device skips the challenge until the user forgets trusted devices', async () => {
    const t = createBackend()
    const { email, backupCodes } = await enroll(t)
    const laptop = await challenge(t, email, '203.0.113.38')
    expect(
      (await laptop.request('/two-factor/verify-backup-code', { json: { code: backupCodes[0], trustDevice: true } }))
        .status,
    ).toBe(200)
    await laptop.signOut()

    const trusted = await laptop.signIn(email)
    expect(trusted.json.twoFactorRedirect).toBeUndefined()
    expect((await laptop.request('/get-session')).json.user.email).toBe(email)

    expect((await laptop.request('/two-factor/forget-trusted-devices', { json: { password: PASSWORD } })).status).toBe(
      200,
    )
    await laptop.signOut()
    expect((await laptop.signIn(email)).json).toMatchObject({ twoFactorRedirect: true })
  })

  test('every two-factor change and backup-code sign-in is in the owner’s security log', async () => {
    const t = createBackend()
    const { browser, email, backupCodes } = await enroll(t)
    const fresh = (await browser.request('/two-factor/generate-backup-codes', { json: { password: PASSWORD } })).json
      .backupCodes
    await browser.signOut()

    const phone = await challenge(t, email, '203.0.113.39')
    await phone.request('/two-factor/verify-backup-code', {
      json: { code: fresh[0] },
      headers: { 'user-agent': 'PhoneBrowser/1.0' },
    })
    await phone.request('/two-factor/disable', { json: { password: PASSWORD } })

    const { page: events } = await (
      await phone.asUser()
    ).query(api.securityEvents.list, { paginationOpts: { cursor: null, numItems: 50 } })
    // Newest first. The backup-code sign-in and the new-device notice come from one request, in either order.
    const types = events.map((e) => e.type)
    expect(types[0]).toBe(SecurityEventType.TwoFactorDisabled)
    expect(types.slice(1, 3).sort()).toEqual(
      [SecurityEventType.BackupCodeSignIn, SecurityEventType.NewDeviceSignIn].sort(),
    )
    expect(types.slice(3)).toEqual([
      SecurityEventType.BackupCodesRegenerated,
      SecurityEventType.TwoFactorEnabled,
      SecurityEventType.TwoFactorSetupStarted,
    ])
    expect(events.find((e) => e.type === SecurityEventType.BackupCodeSignIn)).toMatchObject({
      ipAddress: '203.0.113.39',
      userAgent: 'PhoneBrowser/1.0',
    })
    expect(backupCodes).toHaveLength(BACKUP_CODE_COUNT)

    const stranger = new AuthClient(t, '203.0.113.40')
    await stranger.signUp(uniqueEmail('stranger'))
    expect(
      (
        await (
          await stranger.asUser()
        ).query(api.securityEvents.list, { paginationOpts: { cursor: null, numItems: 50 } })
      ).page,
    ).toEqual([])
  })
})
