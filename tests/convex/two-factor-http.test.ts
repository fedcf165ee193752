import { afterEach, describe, expect, test, vi } from 'vitest'
import { api } from '../../convex/_generated/api'
import { ErrorCode } from '../../lib/error-codes'
import { APP_NAME } from '../../lib/app-config'
import { BACKUP_CODE_COUNT, TOTP_DIGITS, TOTP_PERIOD_S } from '../../lib/policy'
import { parseTotpUri, totpCode } from '../support/totp'
import { AuthClient, createBackend, PASSWORD, uniqueEmail, type Backend } from './harness'

async function enrolledUser(t: Backend, ip = '203.0.113.20') {
  const browser = new AuthClient(t, ip)
  const email = uniqueEmail('2fa')
  await browser.signUp(email)
  const enable = await browser.request('/two-factor/enable', { json: { password: PASSWORD } })
  expect(enable.status).toBe(200)
  const { secret } = parseTotpUri(enable.json.totpURI)
  const verify = await browser.request('/two-factor/verify-totp', { json: { code: await totpCode(secret) } })
  expect(verify.status).toBe(200)
  return { browser, email, secret, backupCodes: enable.json.backupCodes as string[] }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('two-factor authentication over HTTP', () => {
  test('enrolling returns a TOTP URI and backup codes, and only a valid code turns 2FA on', async () => {
    const t = createBackend()
    const browser = new AuthClient(t)
    const email = uniqueEmail('enroll')
    await browser.signUp(email)

    expect((await browser.request('/two-factor/enable', { json: { password: 'wrong password here' } })).status).toBe(
      400,
    )

    const enable = await browser.request('/two-factor/enable', { json: { password: PASSWORD } })
    expect(enable.status).toBe(200)
    const uri = parseTotpUri(enable.json.totpURI)
    expect(uri).toMatchObject({ issuer: APP_NAME, digits: TOTP_DIGITS, periodS: TOTP_PERIOD_S })
    expect(enable.json.backupCodes).toHaveLength(BACKUP_CODE_COUNT)
    // Enabling alone is not enough: the user must prove the authenticator works.
    expect((await (await browser.asUser()).query(api.auth.getCurrentUser, {}))?.twoFactorEnabled).toBe(false)

    const wrongCode = (Number(await totpCode(uri.secret)) + 1) % 10 ** TOTP_DIGITS
    const rejected = await browser.request('/two-factor/verify-totp', {
      json: { code: String(wrongCode).padStart(TOTP_DIGITS, '0') },
    })
    expect(rejected.status).toBe(401)
    expect((await (await browser.asUser()).query(api.auth.getCurrentUser, {}))?.twoFactorEnabled).toBe(false)

    const verify = await browser.request('/two-factor/verify-totp', { json: { code: await totpCode(uri.secret) } })
    expect(verify.status).toBe(200)
    expect((await (await browser.asUser()).query(api.auth.getCurrentUser, {}))?.twoFactorEnabled).toBe(true)
  })

  test('signing in with 2FA on asks for a second factor and sets no session until a valid TOTP', async () => {
    const enrolledAtMs = Date.now()
    vi.useFakeTimers({ toFake: ['Date'], now: enrolledAtMs })
    const t = createBackend()
    const { browser, email, secret } = await enrolledUser(t)
    await browser.signOut()
    // The enrollment code is spent (replay guard); sign in with the next one.
    vi.setSystemTime(enrolledAtMs + TOTP_PERIOD_S * 1000)

    const signIn = await browser.signIn(email)
    expect(signIn.status).toBe(200)
    expect(signIn.json).toMatchObject({ twoFactorRedirect: true })
    expect(signIn.setCookies.some((c) => /session_token=[^;]+/.test(c))).toBe(false)
    expect((await browser.request('/get-session')).json).toBeNull()
    expect((await browser.request('/convex/token')).status).toBe(401)

    expect(
      (
        await browser.request('/two-factor/verify-totp', {
          json: { code: '000000' === (await totpCode(secret)) ? '111111' : '000000' },
        })
      ).status,
    ).toBe(401)
    expect((await browser.request('/get-session')).json).toBeNull()

    const verify = await browser.request('/two-factor/verify-totp', { json: { code: await totpCode(secret) } })
    expect(verify.status).toBe(200)
    expect((await browser.request('/get-session')).json.user.email).toBe(email)
  })

  test('a backup code completes the challenge', async () => {
    const t = createBackend()
    const { browser, email, backupCodes } = await enrolledUser(t)
    await browser.signOut()
    await browser.signIn(email)
    const verify = await browser.request('/two-factor/verify-backup-code', { json: { code: backupCodes[0] } })
    expect(verify.status).toBe(200)
    expect((await browser.request('/get-session')).json.user.email).toBe(email)
  })

  test('viewBackupCodes returns the codes to their owner only', async () => {
    const t = createBackend()
    const owner = await enrolledUser(t)
    expect(
      (await owner.browser.request('/reauthenticate', { json: { password: PASSWORD, purpose: 'view-backup-codes' } }))
        .status,
    ).toBe(200)
    const ownerCodes = await (await owner.browser.asUser()).query(api.twoFactor.viewBackupCodes, {})
    expect(ownerCodes.backupCodes).toEqual(owner.backupCodes)
    expect(await (await owner.browser.asUser()).query(api.twoFactor.backupCodesRemaining, {})).toBe(BACKUP_CODE_COUNT)

    const other = new AuthClient(t, '203.0.113.99')
    await other.signUp(uniqueEmail('other'))
    await expect((await other.asUser()).query(api.twoFactor.viewBackupCodes, {})).rejects.toMatchObject({
      data: { code: ErrorCode.TwoFactorNotEnabled },
    })
    await expect(t.query(api.twoFactor.viewBackupCodes, {})).rejects.toMatchObject({
      data: { code: ErrorCode.Unauthenticated },
    })
  })
})
