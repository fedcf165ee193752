import { decodeProtectedHeader } from 'jose'
import { describe, expect, test } from 'vitest'
import { api } from '../../convex/_generated/api'
import { AuthClient, countRows, createBackend, uniqueEmail, verifyConvexToken } from './harness'

describe('Better Auth over HTTP through convex/http.ts', () => {
  test('a person signs up, signs out, signs in again and gets a verifiable Convex token', async () => {
    const t = createBackend()
    const browser = new AuthClient(t)
    const email = uniqueEmail('ada')

    const signUp = await browser.signUp(email)
    expect(signUp.status).toBe(200)
    expect(signUp.json.user).toMatchObject({ email, name: 'Ada Lovelace' })
    const sessionCookie = signUp.setCookies.find((c) => c.includes('session_token='))
    expect(sessionCookie).toMatch(/HttpOnly/i)
    expect(sessionCookie).toMatch(/SameSite=Lax/i)

    const session = await browser.request('/get-session')
    expect(session.json.user.email).toBe(email)
    // The session token lives only in the HttpOnly cookie, never in a body that script could read.
    const sessionToken = sessionCookie!.split(';')[0]!.split('=')[1]!.split('.')[0]!
    for (const body of [signUp.json, session.json, (await browser.request('/list-sessions')).json]) {
      expect(JSON.stringify(body)).not.toContain(sessionToken)
    }

    const token = await browser.token()
    expect(decodeProtectedHeader(token).alg).toBe('RS256')
    expect((await verifyConvexToken(t, token)).subject).toBe(signUp.json.user.id)

    const asUser = await browser.asUser()
    expect(await asUser.query(api.auth.getCurrentUser, {})).toMatchObject({
      email,
      name: 'Ada Lovelace',
      twoFactorEnabled: false,
    })

    const serverSession = await asUser.query(api.sessions.current, {})
    expect(serverSession).toMatchObject({ ipAddress: browser.clientIp })
    expect(serverSession!.expiresAt).toBeGreaterThan(Date.now())

    expect((await browser.signOut()).status).toBe(200)
    expect((await browser.request('/get-session')).json).toBeNull()
    expect((await browser.request('/convex/token')).status).toBe(401)
    expect(await t.query(api.auth.getCurrentUser, {})).toBeNull()

    const signIn = await browser.signIn(email)
    expect(signIn.status).toBe(200)
    expect((await browser.request('/get-session')).json.user.email).toBe(email)
    expect(await countRows(t)).toEqual({ appUsers: 1, authUsers: 1 })
  })

  test('the same email cannot sign up twice', async () => {
    const t = createBackend()
    const email = uniqueEmail()
    expect((await new AuthClient(t).signUp(email)).status).toBe(200)
    const again = await new AuthClient(t, '203.0.113.11').signUp(email, 'Mallory')
    expect(again.status).toBe(422)
    expect(again.json.code).toBe('USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL')
    expect(await countRows(t)).toEqual({ appUsers: 1, authUsers: 1 })
  })

  test('a wrong password is refused without a session', async () => {
    const t = createBackend()
    const email = uniqueEmail()
    await new AuthClient(t).signUp(email)
    const attacker = new AuthClient(t, '198.51.100.7')
    const response = await attacker.signIn(email, 'not the password at all')
    expect(response.status).toBe(401)
    expect(response.json.code).toBe('INVALID_EMAIL_OR_PASSWORD')
    expect(attacker.cookieNames()).not.toContainEqual(expect.stringContaining('session_token'))
    expect((await attacker.request('/get-session')).json).toBeNull()
  })

  test('a token from a forged JWT never becomes an identity', async () => {
    const t = createBackend()
    const browser = new AuthClient(t)
    await browser.signUp(uniqueEmail())
    const token = await browser.token()
    const [header, payload, signature] = token.split('.')
    const forgedPayload = btoa(
      JSON.stringify({ ...JSON.parse(atob(payload!.replace(/-/g, '+').replace(/_/g, '/'))), sub: 'someone-else' }),
    )
      .replace(/=+$/, '')
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
    await expect(verifyConvexToken(t, `${header}.${forgedPayload}.${signature}`)).rejects.toThrow(/signature/i)
  })
})
