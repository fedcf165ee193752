/**
 * Every way in is gated: each endpoint the routers let through (lib/auth-routes.ts) is classified here, and each one
 * that can hand a signed-out browser a session has a row that runs it against a person with two-factor on. A row
 * must end in the challenge (or be a passkey, which counts as two factors), never in a bare session. A new endpoint
 * fails this file until it is classified, and one that signs in until it has a row.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { ALLOWED_AUTH_ENDPOINTS, CHALLENGE_STATUS_PATH } from '../../lib/auth-routes'
import { TOTP_PERIOD_S } from '../../lib/policy'
import { authLinkFromOutbox } from './accounts'
import { AuthClient, createBackend, enrollTwoFactor, PASSWORD, SITE_URL, type Backend } from './harness'
import { oidcAccount, oidcRoundTrip, setsSessionCookie, socialRoundTrip, startTestOidcProvider } from './oauth-support'
import type { OidcAccount } from '../support/oidc-provider'
import { totpCode } from '../support/totp'

/**
 * - `sign-in`: can issue a session to a browser that has none; needs a row in WAYS_IN.
 * - `second-factor`: completes a challenge another way in started (the challenge itself); has a row too.
 * - `signed-in`: needs a session already (Better Auth answers 401 without one); checked below with a challenge cookie.
 * - `no-session`: public, and never issues a session.
 */
type Door = 'sign-in' | 'second-factor' | 'signed-in' | 'no-session'

const DOORS: Record<string, Door> = {
  '/sign-up/email': 'sign-in',
  '/sign-in/email': 'sign-in',
  '/callback/:id': 'sign-in',
  '/oauth2/callback/:providerId': 'sign-in',
  '/verify-email': 'sign-in',
  '/reset-password': 'sign-in',
  '/two-factor/verify-totp': 'second-factor',
  '/two-factor/verify-backup-code': 'second-factor',
  // Passkeys (item 1): '/passkey/verify-authentication': 'sign-in', with a row whose outcome is 'passkey'.
  [CHALLENGE_STATUS_PATH]: 'no-session',
  '/sign-in/providers': 'no-session',
  '/sign-in/social': 'no-session',
  '/sign-in/oauth2': 'no-session',
  '/send-verification-email': 'no-session',
  '/request-password-reset': 'no-session',
  '/reset-password/:token': 'no-session',
  '/get-session': 'no-session',
  '/convex/jwks': 'no-session',
  '/convex/.well-known/openid-configuration': 'no-session',
  '/ok': 'no-session',
  '/error': 'no-session',
  '/link-social': 'signed-in',
  '/oauth2/link': 'signed-in',
  '/sign-out': 'signed-in',
  '/change-password': 'signed-in',
  '/delete-user': 'signed-in',
  '/reauthenticate': 'signed-in',
  '/two-factor/enable': 'signed-in',
  '/two-factor/disable': 'signed-in',
  '/two-factor/generate-backup-codes': 'signed-in',
  '/two-factor/forget-trusted-devices': 'signed-in',
  '/convex/token': 'signed-in',
}

/** A person with a password, two-factor on and the test provider linked (the only way OAuth can reach them). */
type TwoFactorPerson = { email: string; secret: string; backupCodes: string[]; identity: OidcAccount }

/**
 * What a way in ended in: `challenge` (the browser holds a challenge cookie and no session), `no-session` (it was
 * refused, or did something other than sign in), or `passkey`.
 */
type Outcome = 'challenge' | 'no-session' | 'passkey'
type WayIn = { door: string; how: string; outcome: Outcome; run: (t: Backend, person: TwoFactorPerson, browser: AuthClient) => Promise<{ setCookies: string[] }> }

const WAYS_IN: WayIn[] = [
  {
    door: '/sign-in/email',
    how: 'the password',
    outcome: 'challenge',
    run: (_t, person, browser) => browser.signIn(person.email),
  },
  {
    door: '/oauth2/callback/:providerId',
    how: 'a generic OpenID Connect provider',
    outcome: 'challenge',
    run: (_t, person, browser) => oidcRoundTrip(browser, person.identity),
  },
  {
    door: '/callback/:id',
    how: 'a social provider (the door GitHub and Google use)',
    outcome: 'challenge',
    run: (_t, person, browser) => socialRoundTrip(browser, person.identity),
  },
  {
    door: '/verify-email',
    how: 'the email verification link',
    outcome: 'no-session',
    run: async (t, person, browser) => await browser.request(await authLinkFromOutbox(t, person.email, /Verify your email/)),
  },
  {
    door: '/reset-password',
    how: 'a password reset',
    outcome: 'no-session',
    run: async (t, person, browser) => {
      await browser.request('/request-password-reset', { json: { email: person.email, redirectTo: `${SITE_URL}/reset-password` } })
      const link = await authLinkFromOutbox(t, person.email, /Reset your/)
      const token = link.split('?')[0]!.split('/').pop()!
      const reset = await browser.request('/reset-password', { json: { token, newPassword: 'a brand new passphrase here' } })
      expect(reset.status).toBe(200)
      return reset
    },
  },
  {
    door: '/sign-up/email',
    how: 'signing up again with the same email',
    outcome: 'no-session',
    run: (_t, person, browser) => browser.signUp(person.email, 'Someone Else', 'another long passphrase'),
  },
  {
    door: '/two-factor/verify-totp',
    how: 'a code without a challenge',
    outcome: 'no-session',
    run: async (_t, person, browser) => {
      vi.setSystemTime(Date.now() + TOTP_PERIOD_S * 1000)
      return await browser.request('/two-factor/verify-totp', { json: { code: await totpCode(person.secret) } })
    },
  },
  {
    door: '/two-factor/verify-backup-code',
    how: 'a backup code without a challenge',
    outcome: 'no-session',
    run: (_t, person, browser) => browser.request('/two-factor/verify-backup-code', { json: { code: person.backupCodes[0] } }),
  },
  // Passkeys (item 1) add their row here, e.g. { door: '/passkey/verify-authentication', how: 'a passkey', outcome: 'passkey', run }.
]

let provider: Awaited<ReturnType<typeof startTestOidcProvider>>
beforeAll(async () => {
  provider = await startTestOidcProvider(4422)
})
afterAll(() => provider.stop())
afterEach(() => {
  vi.useRealTimers()
})

async function twoFactorPerson(t: Backend): Promise<TwoFactorPerson> {
  const owner = new AuthClient(t, '203.0.113.30')
  const enrolled = await enrollTwoFactor(owner)
  const identity = oidcAccount(enrolled.email)
  expect((await oidcRoundTrip(owner, identity, { link: true, callbackURL: '/settings/security' })).location).toBe('/settings/security')
  await owner.signOut()
  return { ...enrolled, identity }
}

async function expectNoSession(browser: AuthClient) {
  expect((await browser.request('/get-session')).json).toBeNull()
  expect((await browser.request('/convex/token')).status).toBe(401)
}

describe('every way in is gated by the second factor', () => {
  test('every endpoint the routers let through is classified, and every way in has a row', () => {
    expect(Object.keys(DOORS).sort()).toEqual(Object.keys(ALLOWED_AUTH_ENDPOINTS).sort())
    const withRows = new Set(WAYS_IN.map((row) => row.door))
    const needRows = Object.entries(DOORS).filter(([, door]) => door === 'sign-in' || door === 'second-factor').map(([path]) => path)
    expect(needRows.filter((path) => !withRows.has(path))).toEqual([])
  })

  test.each(WAYS_IN)('$how ($door) ends in $outcome, never in a bare session', async ({ run, outcome }) => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() })
    const t = createBackend()
    provider.configure()
    const person = await twoFactorPerson(t)
    const browser = new AuthClient(t, '203.0.113.31')
    const answer = await run(t, person, browser)
    expect(setsSessionCookie(answer.setCookies)).toBe(false)
    await expectNoSession(browser)
    if (outcome === 'challenge') {
      expect(browser.cookieNames().some((name) => name.endsWith('two_factor'))).toBe(true)
      expect((await browser.request(CHALLENGE_STATUS_PATH)).status).toBe(200)
    }
  })

  test('midway through a challenge, no endpoint that needs a session lets the browser in', async () => {
    const t = createBackend()
    provider.configure()
    const person = await twoFactorPerson(t)
    const browser = new AuthClient(t, '203.0.113.32')
    expect((await browser.signIn(person.email)).json.twoFactorRedirect).toBe(true)
    // Sign-out last: it ends the challenge too.
    const signedInOnly = Object.keys(DOORS).filter((path) => DOORS[path] === 'signed-in').sort((a, b) => Number(a === '/sign-out') - Number(b === '/sign-out'))
    for (const path of signedInOnly) {
      for (const method of ALLOWED_AUTH_ENDPOINTS[path]!) {
        const answer = await browser.request(path, { method, ...(method === 'POST' ? { json: { password: PASSWORD } } : {}) })
        if (path !== '/sign-out') expect(answer.status, `${method} ${path}`).toBeGreaterThanOrEqual(400)
        expect(setsSessionCookie(answer.setCookies), `${method} ${path}`).toBe(false)
        await expectNoSession(browser)
      }
    }
  })
})
