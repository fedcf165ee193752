import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { AuthClient, createBackend } from './harness'
import { oidcAccount, oidcRoundTrip, setsSessionCookie, startTestOidcProvider } from './oauth-support'
import { uniqueEmail } from './harness'

let provider: Awaited<ReturnType<typeof startTestOidcProvider>>
beforeAll(async () => {
  provider = await startTestOidcProvider(4421)
})
afterAll(() => provider.stop())

function backend() {
  const t = createBackend()
  provider.configure()
  return t
}

describe('OpenID Connect sign-in', () => {
  test('a new person signs in with the provider and gets an account and a session', async () => {
    const t = backend()
    const browser = new AuthClient(t)
    const email = uniqueEmail('oidc')
    const back = await oidcRoundTrip(browser, oidcAccount(email))
    expect(back.status, JSON.stringify(back)).toBe(302)
    expect(back.location).toBe('/dashboard')
    expect(setsSessionCookie(back.setCookies)).toBe(true)
    expect((await browser.request('/get-session')).json.user.email).toBe(email)
  })
})
