import { symmetricEncrypt } from 'better-auth/crypto'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { api, components, internal } from '../../convex/_generated/api'
import { VIEW_BACKUP_CODES_PURPOSE } from '../../lib/auth-routes'
import { ErrorCode } from '../../lib/error-codes'
import { SecurityEventType } from '../../lib/security-events'
import {
  BACKUP_CODE_COUNT,
  BACKUP_CODES_LOW_COUNT,
  BACKUP_CODES_VIEW_STEP_UP_MAX_AGE_S,
  TOTP_PERIOD_S,
  TRUSTED_DEVICE_MAX_AGE_S,
} from '../../lib/policy'
import { parseTotpUri, totpCode } from '../support/totp'
import { AuthClient, createBackend, frozenClock, PASSWORD, SITE_URL, uniqueEmail, type Backend } from './harness'

const NEW_PASSWORD = 'a different passphrase'
const DAY_MS = 24 * 60 * 60 * 1000
const START_MS = Date.UTC(2026, 10, 27, 12, 0, 5)

afterEach(() => {
  vi.useRealTimers()
})

// Every step moves the frozen clock on by whole TOTP periods.
const { freeze: freezeClock, advance } = frozenClock(START_MS)
const nextPeriod = () => advance(TOTP_PERIOD_S * 1000)

const outbox = (t: Backend, to: string) => t.query(internal.emails.outbox, { to })
const subjects = async (t: Backend, to: string) => (await outbox(t, to)).map((m) => m.subject)

async function enrolled(t: Backend, ip = '203.0.113.70') {
  const browser = new AuthClient(t, ip)
  const email = uniqueEmail('lifecycle')
  await browser.signUp(email)
  const enable = await browser.request('/two-factor/enable', { json: { password: PASSWORD } })
  const { secret } = parseTotpUri(enable.json.totpURI)
  expect((await browser.request('/two-factor/verify-totp', { json: { code: await totpCode(secret) } })).status).toBe(
    200,
  )
  return { browser, email, secret, backupCodes: enable.json.backupCodes as string[] }
}

/** A laptop that passed the second factor with "trust this device", then signed out. */
async function trustedLaptop(t: Backend, email: string, secret: string) {
  nextPeriod()
  const laptop = new AuthClient(t, '203.0.113.71')
  expect((await laptop.signIn(email)).json).toMatchObject({ twoFactorRedirect: true })
  expect(
    (await laptop.request('/two-factor/verify-totp', { json: { code: await totpCode(secret), trustDevice: true } }))
      .status,
  ).toBe(200)
  await laptop.signOut()
  expect((await laptop.signIn(email)).json.twoFactorRedirect, 'the device is trusted to begin with').toBeUndefined()
  await laptop.signOut()
  return laptop
}

async function skipsSecondFactor(laptop: AuthClient, email: string, password = PASSWORD) {
  const signIn = await laptop.signIn(email, password)
  expect(signIn.status).toBe(200)
  const skipped = signIn.json.twoFactorRedirect !== true
  if (skipped) await laptop.signOut()
  return skipped
}

async function resetPassword(t: Backend, email: string) {
  const requester = new AuthClient(t, '203.0.113.79')
  await requester.request('/request-password-reset', { json: { email, redirectTo: `${SITE_URL}/reset-password` } })
  const url = (await outbox(t, email)).find((m) => /Reset your/.test(m.subject))!.text.match(/https?:\/\/\S+/)![0]
  const token = new URL(url).pathname.split('/').pop()
  expect((await requester.request('/reset-password', { json: { token, newPassword: NEW_PASSWORD } })).status).toBe(200)
}

describe('trusted devices end when what they vouch for changes', () => {
  const events: [string, (setup: Awaited<ReturnType<typeof enrolled>> & { t: Backend }) => Promise<string | void>][] = [
    [
      'two-factor is turned off and on again with a new secret',
      async ({ browser }) => {
        // Past the credential rate limit's window for this client's earlier two-factor requests.
        advance(60_000)
        const off = await browser.request('/two-factor/disable', { json: { password: PASSWORD } })
        expect(off.status, JSON.stringify(off.json)).toBe(200)
        const on = await browser.request('/two-factor/enable', { json: { password: PASSWORD } })
        expect(on.status, JSON.stringify(on.json)).toBe(200)
        nextPeriod()
        const verified = await browser.request('/two-factor/verify-totp', {
          json: { code: await totpCode(parseTotpUri(on.json.totpURI).secret) },
        })
        expect(verified.status, JSON.stringify(verified.json)).toBe(200)
      },
    ],
    [
      'the authenticator is replaced',
      async ({ browser, backupCodes }) => {
        const replaced = await browser.request('/two-factor/enable', {
          json: { password: PASSWORD, code: backupCodes[1] },
        })
        expect(replaced.status).toBe(200)
      },
    ],
    [
      'the password is changed',
      async ({ browser }) => {
        const changed = await browser.request('/change-password', {
          json: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
        })
        expect(changed.status).toBe(200)
        return NEW_PASSWORD
      },
    ],
    [
      'the password is reset by email',
      async ({ t, email }) => {
        await resetPassword(t, email)
        return NEW_PASSWORD
      },
    ],
    [
      'the owner signs out everywhere else',
      async ({ browser }) => {
        await (await browser.asUser()).mutation(api.sessions.revokeOthers, {})
      },
    ],
  ]

  test.each(events)('%s', async (_name, change) => {
    freezeClock()
    const t = createBackend()
    const account = await enrolled(t)
    const laptop = await trustedLaptop(t, account.email, account.secret)
    const password = (await change({ ...account, t })) ?? PASSWORD
    expect(await skipsSecondFactor(laptop, account.email, password)).toBe(false)
    // The refused cookie is cleared, so the browser stops presenting it.
    expect(laptop.cookieNames().some((name) => name.endsWith('trust_device'))).toBe(false)
  })

  test('trust lasts 30 days from when it was given, however often the device signs in', async () => {
    freezeClock()
    const t = createBackend()
    const { email, secret } = await enrolled(t)
    const laptop = await trustedLaptop(t, email, secret)
    for (let day = 9; day <= 27; day += 9) {
      advance(9 * DAY_MS)
      expect(await skipsSecondFactor(laptop, email), `day ${day}`).toBe(true)
    }
    // Each of those sign-ins renewed Better Auth's record; the trust still ends 30 days after it was given.
    advance(TRUSTED_DEVICE_MAX_AGE_S * 1000 - 27 * DAY_MS + 60_000)
    expect(await skipsSecondFactor(laptop, email)).toBe(false)
  })

  test('deleting the account removes its trusted devices', async () => {
    freezeClock()
    const t = createBackend()
    const { browser, email, secret, backupCodes } = await enrolled(t)
    await trustedLaptop(t, email, secret)
    const userId = (await browser.request('/get-session')).json.user.id as string
    expect((await browser.request('/delete-user', { json: { password: PASSWORD, code: backupCodes[0] } })).status).toBe(
      200,
    )
    // The account's rows go in scheduled batches after the deletion itself.
    await t.finishAllScheduledFunctions(() => {})
    const left = await t.run(async (ctx) => {
      const rows = await ctx.runQuery(components.betterAuth.adapter.findMany, {
        model: 'verification',
        where: [{ field: 'value', value: userId }],
        paginationOpts: { cursor: null, numItems: 100 },
      })
      return (rows as { page: unknown[] }).page.length
    })
    expect(left).toBe(0)
  })
})

describe('replacing the authenticator', () => {
  test('needs the password and a current code; without a code enable is refused and nothing changes', async () => {
    freezeClock()
    const t = createBackend()
    const { browser, email, secret, backupCodes } = await enrolled(t)

    const noCode = await browser.request('/two-factor/enable', { json: { password: PASSWORD } })
    expect(noCode.status).toBe(400)
    expect(noCode.json.code).toBe(ErrorCode.TwoFactorAlreadyEnabled)
    expect(noCode.json.totpURI).toBeUndefined()

    const wrongCode = await browser.request('/two-factor/enable', {
      json: { password: PASSWORD, code: 'ABCD-EFGH-JKMN' },
    })
    expect(wrongCode.status).toBe(401)
    expect(wrongCode.json.code).toBe(ErrorCode.InvalidTwoFactorCode)

    const wrongPassword = await browser.request('/two-factor/enable', {
      json: { password: 'not the password', code: backupCodes[0] },
    })
    expect(wrongPassword.status).toBe(400)
    expect(wrongPassword.json.code).toBe(ErrorCode.InvalidPassword)

    // Nothing was replaced, and the backup code offered with the wrong password is still unused.
    nextPeriod()
    const owner = new AuthClient(t, '203.0.113.72')
    await owner.signIn(email)
    expect((await owner.request('/two-factor/verify-backup-code', { json: { code: backupCodes[0] } })).status).toBe(200)
    nextPeriod()
    const again = new AuthClient(t, '203.0.113.73')
    await again.signIn(email)
    expect((await again.request('/two-factor/verify-totp', { json: { code: await totpCode(secret) } })).status).toBe(
      200,
    )
    expect(await subjects(t, email)).not.toContainEqual(expect.stringMatching(/replaced/))
  })

  test('with a current authenticator code the secret and the backup codes are replaced, logged and emailed', async () => {
    freezeClock()
    const t = createBackend()
    const { browser, email, secret, backupCodes } = await enrolled(t)
    nextPeriod()
    const replaced = await browser.request('/two-factor/enable', {
      json: { password: PASSWORD, code: await totpCode(secret) },
    })
    expect(replaced.status).toBe(200)
    const newSecret = parseTotpUri(replaced.json.totpURI).secret
    expect(newSecret).not.toBe(secret)

    nextPeriod()
    const oldApp = new AuthClient(t, '203.0.113.74')
    await oldApp.signIn(email)
    expect((await oldApp.request('/two-factor/verify-totp', { json: { code: await totpCode(secret) } })).status).toBe(
      401,
    )
    expect((await oldApp.request('/two-factor/verify-backup-code', { json: { code: backupCodes[2] } })).status).toBe(
      401,
    )
    expect(
      (await oldApp.request('/two-factor/verify-totp', { json: { code: await totpCode(newSecret) } })).status,
    ).toBe(200)

    const events = (
      await (await browser.asUser()).query(api.securityEvents.list, { paginationOpts: { cursor: null, numItems: 50 } })
    ).page.map((e) => e.type)
    expect(events).toContain(SecurityEventType.TwoFactorReplaced)
    expect(await subjects(t, email)).toContainEqual(expect.stringMatching(/authenticator app was replaced/))
  })

  test('the code cannot be replayed to replace it twice', async () => {
    freezeClock()
    const t = createBackend()
    const { browser, secret } = await enrolled(t)
    nextPeriod()
    const code = await totpCode(secret)
    const thief = new AuthClient(t, '198.51.100.80')
    await thief.signIn((await browser.request('/get-session')).json.user.email)
    expect((await thief.request('/two-factor/verify-totp', { json: { code } })).status).toBe(200)
    const replay = await thief.request('/two-factor/enable', { json: { password: PASSWORD, code } })
    expect(replay.status).toBe(401)
    expect(replay.json.code).toBe(ErrorCode.TotpReplayed)
  })
})

describe('seeing the backup codes again', () => {
  test('needs the password re-entered for that purpose within minutes; the view is logged and emailed', async () => {
    freezeClock()
    const t = createBackend()
    const { browser, email, backupCodes } = await enrolled(t)
    const asOwner = await browser.asUser()
    // A brand-new session, or a password re-entry for something else, is not enough.
    await expect(asOwner.query(api.twoFactor.viewBackupCodes, {})).rejects.toMatchObject({
      data: { code: ErrorCode.StepUpRequired },
    })
    expect((await browser.request('/reauthenticate', { json: { password: PASSWORD } })).status).toBe(200)
    await expect(asOwner.query(api.twoFactor.viewBackupCodes, {})).rejects.toMatchObject({
      data: { code: ErrorCode.StepUpRequired },
    })

    const wrong = await browser.request('/reauthenticate', {
      json: { password: 'not the password', purpose: VIEW_BACKUP_CODES_PURPOSE },
    })
    expect(wrong.status).toBe(400)
    await expect(asOwner.query(api.twoFactor.viewBackupCodes, {})).rejects.toMatchObject({
      data: { code: ErrorCode.StepUpRequired },
    })
    expect(await subjects(t, email)).not.toContainEqual(expect.stringMatching(/backup codes were viewed/))

    expect(
      (await browser.request('/reauthenticate', { json: { password: PASSWORD, purpose: VIEW_BACKUP_CODES_PURPOSE } }))
        .status,
    ).toBe(200)
    expect((await asOwner.query(api.twoFactor.viewBackupCodes, {})).backupCodes).toEqual(backupCodes)
    expect(
      (await asOwner.query(api.securityEvents.list, { paginationOpts: { cursor: null, numItems: 50 } })).page[0],
    ).toMatchObject({ type: SecurityEventType.BackupCodesViewed, ipAddress: '203.0.113.70' })
    expect(await subjects(t, email)).toContainEqual(expect.stringMatching(/backup codes were viewed/))

    advance(BACKUP_CODES_VIEW_STEP_UP_MAX_AGE_S * 1000 + 1000)
    await expect((await browser.asUser()).query(api.twoFactor.viewBackupCodes, {})).rejects.toMatchObject({
      data: { code: ErrorCode.StepUpRequired },
    })
  })

  test('one session’s password re-entry does not open the codes to another session', async () => {
    freezeClock()
    const t = createBackend()
    const { browser, email, secret } = await enrolled(t)
    nextPeriod()
    const thief = new AuthClient(t, '198.51.100.81')
    await thief.signIn(email)
    await thief.request('/two-factor/verify-totp', { json: { code: await totpCode(secret) } })
    expect(
      (await browser.request('/reauthenticate', { json: { password: PASSWORD, purpose: VIEW_BACKUP_CODES_PURPOSE } }))
        .status,
    ).toBe(200)
    await expect((await thief.asUser()).query(api.twoFactor.viewBackupCodes, {})).rejects.toMatchObject({
      data: { code: ErrorCode.StepUpRequired },
    })
  })

  test('the owner is told by email when only a few backup codes are left', async () => {
    const t = createBackend()
    const { email, backupCodes } = await enrolled(t)
    const toUse = BACKUP_CODE_COUNT - BACKUP_CODES_LOW_COUNT
    let last: AuthClient | undefined
    for (const [index, code] of backupCodes.slice(0, toUse).entries()) {
      if (index === toUse - 1)
        expect(await subjects(t, email)).not.toContainEqual(expect.stringMatching(/running out of backup codes/))
      last = new AuthClient(t, `203.0.113.${100 + index}`)
      await last.signIn(email)
      expect((await last.request('/two-factor/verify-backup-code', { json: { code } })).status).toBe(200)
    }
    expect(await (await last!.asUser()).query(api.twoFactor.backupCodesRemaining, {})).toBe(BACKUP_CODES_LOW_COUNT)
    expect(await subjects(t, email)).toContainEqual(expect.stringMatching(/running out of backup codes/))
  })
})

describe('backup codes people can type', () => {
  test('new codes have no look-alikes and are accepted in lower case and without hyphens', async () => {
    const t = createBackend()
    const { email, backupCodes } = await enrolled(t)
    for (const code of backupCodes) expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/)
    const phone = new AuthClient(t, '203.0.113.75')
    await phone.signIn(email)
    expect(
      (
        await phone.request('/two-factor/verify-backup-code', {
          json: { code: backupCodes[0]!.toLowerCase().replace(/-/g, '') },
        })
      ).status,
    ).toBe(200)
    // Used is used, in whatever case it is typed.
    const again = new AuthClient(t, '203.0.113.76')
    await again.signIn(email)
    expect((await again.request('/two-factor/verify-backup-code', { json: { code: backupCodes[0] } })).status).toBe(401)
  })

  test('codes issued in Better Auth’s old case-sensitive format keep working until regenerated', async () => {
    const t = createBackend()
    const { browser, email } = await enrolled(t)
    const legacy = ['aB3dE-f9Gh2', 'Zx8Qw-Lm4Pk']
    const userId = (await browser.request('/get-session')).json.user.id as string
    await t.run(async (ctx) => {
      const data = await symmetricEncrypt({ key: process.env.BETTER_AUTH_SECRET!, data: JSON.stringify(legacy) })
      await ctx.runMutation(components.betterAuth.adapter.updateOne, {
        input: { model: 'twoFactor', where: [{ field: 'userId', value: userId }], update: { backupCodes: data } },
      })
    })
    const wrongCase = new AuthClient(t, '203.0.113.77')
    await wrongCase.signIn(email)
    expect((await wrongCase.request('/two-factor/verify-backup-code', { json: { code: 'AB3DE-F9GH2' } })).status).toBe(
      401,
    )
    expect((await wrongCase.request('/two-factor/verify-backup-code', { json: { code: 'aB3dEf9Gh2' } })).status).toBe(
      200,
    )

    const regenerated = await browser.request('/two-factor/generate-backup-codes', { json: { password: PASSWORD } })
    const later = new AuthClient(t, '203.0.113.78')
    await later.signIn(email)
    expect((await later.request('/two-factor/verify-backup-code', { json: { code: legacy[1] } })).status).toBe(401)
    expect(
      (
        await later.request('/two-factor/verify-backup-code', {
          json: { code: regenerated.json.backupCodes[0].toLowerCase() },
        })
      ).status,
    ).toBe(200)
  })
})
