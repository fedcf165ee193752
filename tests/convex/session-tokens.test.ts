import { describe, expect, test } from 'vitest'
import { parseTotpUri, totpCode } from '../support/totp'
import { AuthClient, createBackend, PASSWORD, uniqueEmail } from './harness'

const NEW_PASSWORD = 'another long passphrase'

/** The session token a response's Set-Cookie carries (the part before the signature), if any. */
function sessionTokenIn(setCookies: string[]): string | undefined {
  const cookie = setCookies.find((line) => /session_token=[^;]/.test(line))
  return cookie?.split(';')[0]!.split('=')[1]!.split('.')[0]
}

describe('no session token in any JSON body', () => {
  test('every endpoint that creates or returns a session keeps the token in the HttpOnly cookie only', async () => {
    const t = createBackend()
    const browser = new AuthClient(t)
    const email = uniqueEmail('tokens')
    const bodies: { path: string; body: unknown }[] = []
    const tokens = new Set<string>()
    const call = async (path: string, init: Parameters<AuthClient['request']>[1] = {}) => {
      const response = await browser.request(path, init)
      bodies.push({ path, body: response.json })
      const token = sessionTokenIn(response.setCookies)
      if (token) tokens.add(token)
      return response
    }

    await call('/sign-up/email', { json: { email, name: 'Tok En', password: PASSWORD } })
    await call('/get-session')
    await call('/sign-out', { json: {} })
    await call('/sign-in/email', { json: { email, password: PASSWORD } })
    await call('/get-session', { method: 'GET' })
    await call('/reauthenticate', { json: { password: PASSWORD } })
    await call('/change-password', {
      json: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, revokeOtherSessions: true },
    })
    const enable = await call('/two-factor/enable', { json: { password: NEW_PASSWORD } })
    const { secret } = parseTotpUri(enable.json.totpURI)
    await call('/two-factor/verify-totp', { json: { code: await totpCode(secret) } })
    await call('/two-factor/generate-backup-codes', { json: { password: NEW_PASSWORD } })
    const backupCodes = bodies.at(-1)!.body as { backupCodes: string[] }
    await call('/sign-out', { json: {} })
    await call('/sign-in/email', { json: { email, password: NEW_PASSWORD } })
    await call('/two-factor/verify-backup-code', { json: { code: backupCodes.backupCodes[0], trustDevice: true } })
    await call('/get-session')
    await call('/sign-out', { json: {} })
    // The trusted device signs in without a challenge: a session straight from /sign-in/email.
    await call('/sign-in/email', { json: { email, password: NEW_PASSWORD } })
    await call('/two-factor/disable', { json: { password: NEW_PASSWORD } })
    await call('/get-session')

    expect(tokens.size).toBeGreaterThanOrEqual(5)
    const leaks = bodies.filter(({ body }) => [...tokens].some((token) => JSON.stringify(body).includes(token)))
    expect(leaks.map((leak) => leak.path)).toEqual([])
    expect(bodies.filter(({ body }) => JSON.stringify(body).includes('"token"')).map((b) => b.path)).toEqual([])
  })

  test('the Convex token endpoint still answers with the Convex JWT, which is not the session token', async () => {
    const t = createBackend()
    const browser = new AuthClient(t)
    const signUp = await browser.signUp(uniqueEmail('jwt'))
    const jwt = await browser.token()
    expect(jwt.split('.')).toHaveLength(3)
    expect(jwt).not.toContain(sessionTokenIn(signUp.setCookies))
  })
})
