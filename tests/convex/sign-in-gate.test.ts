/**
 * Every way in is gated: each endpoint the routers let through (lib/auth-routes.ts) is classified here, and each one
 * that can hand a signed-out browser a session has a row that runs it against a person with two-factor on. A row
 * must end in the challenge (or be a passkey, which counts as two factors), never in a bare session. A new endpoint
 * fails this file until it is classified, and one that signs in until it has a row.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import {
  ALLOWED_AUTH_ENDPOINTS,
  CHALLENGE_STATUS_PATH,
  EMAIL_CHANGE_REQUEST_PATH,
  EMAIL_CHANGE_UNDO_PATH,
  EMAIL_CHANGE_VERIFY_PATH,
  RECOVERY_CANCEL_PATH,
  RECOVERY_REQUEST_PATH,
  RECOVERY_START_PATH,
} from '../../lib/auth-routes'
import { TOTP_PERIOD_S } from '../../lib/policy'
import { authLinkFromOutbox } from './accounts'
import {
  AuthClient,
  createBackend,
  enrollTwoFactor,
  PASSWORD,
  setsSessionCookie,
  SITE_URL,
  type Backend,
} from './harness'
import { oidcAccount, oidcRoundTrip, socialRoundTrip, startTestOidcProvider } from './oauth-support'
import type { OidcAccount } from '../support/oidc-provider'
import { totpCode } from '../support/totp'
import { SoftwareAuthenticator } from '../support/webauthn'
import { addPasskey, signInWithPasskey } from './passkey-steps'

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
  '/passkey/verify-authentication': 'sign-in',
  '/passkey/generate-authenticate-options': 'no-session',
  '/passkey/generate-register-options': 'signed-in',
  '/passkey/verify-registration': 'signed-in',
  '/passkey/update-passkey': 'signed-in',
  '/passkey/delete-passkey': 'signed-in',
  // The email-change and recovery links change the account and sign nobody in (tests/convex/email-change.test.ts,
  // recovery.test.ts check that no session cookie is set).
  [EMAIL_CHANGE_VERIFY_PATH]: 'no-session',
  [EMAIL_CHANGE_UNDO_PATH]: 'no-session',
  [RECOVERY_REQUEST_PATH]: 'no-session',
  [RECOVERY_START_PATH]: 'no-session',
  [RECOVERY_CANCEL_PATH]: 'no-session',
  [EMAIL_CHANGE_REQUEST_PATH]: 'signed-in',
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

/** A person with a password, two-factor on, a passkey, and the test provider linked (the only way OAuth can reach them). */
type TwoFactorPerson = {
  email: string
  secret: string
  backupCodes: string[]
  identity: OidcAccount
  authenticator: SoftwareAuthenticator
}

/**
 * What a way in ended in: `challenge` (the browser holds a challenge cookie and no session), `no-session` (it was
 * refused, or did something other than sign in), or `passkey`.
 */
type Outcome = 'challenge' | 'no-session' | 'passkey'
type WayIn = {
  door: string
  how: string
  outcome: Outcome
  run: (t: Backend, person: TwoFactorPerson, browser: AuthClient) => Promise<{ setCookies: string[] }>
}

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
    run: async (t, person, browser) =>
      await browser.request(await authLinkFromOutbox(t, person.email, /Verify your email/)),
  },
  {
    door: '/reset-password',
    how: 'a password reset',
    outcome: 'no-session',
    run: async (t, person, browser) => {
      await browser.request('/request-password-reset', {
        json: { email: person.email, redirectTo: `${SITE_URL}/reset-password` },
      })
      const link = await authLinkFromOutbox(t, person.email, /Reset your/)
      const token = link.split('?')[0]!.split('/').pop()!
      const reset = await browser.request('/reset-password', {
        json: { token, newPassword: 'a brand new passphrase here' },
      })
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
    run: (_t, person, browser) =>
      browser.request('/two-factor/verify-backup-code', { json: { code: person.backupCodes[0] } }),
  },
  {
    door: '/passkey/verify-authentication',
    how: 'a passkey (refused without user verification)',
    outcome: 'passkey',
    run: async (t, person) => {
      const unverified = await signInWithPasskey(t, person.authenticator, { userVerified: false })
      expect(setsSessionCookie(unverified.answer.setCookies)).toBe(false)
      await expectNoSession(unverified.browser)
      return (await signInWithPasskey(t, person.authenticator)).answer
    },
  },
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
  expect((await oidcRoundTrip(owner, identity, { link: true, callbackURL: '/settings/security' })).location).toBe(
    '/settings/security',
  )
  const authenticator = await SoftwareAuthenticator.create()
  expect((await addPasskey(owner, authenticator)).status).toBe(200)
  await owner.signOut()
  return { ...enrolled, identity, authenticator }
}

async function expectNoSession(browser: AuthClient) {
  expect((await browser.request('/get-session')).json).toBeNull()
  expect((await browser.request('/convex/token')).status).toBe(401)
}

describe('every way in is gated by the second factor', () => {
  test('every endpoint the routers let through is classified, and every way in has a row', () => {
    expect(Object.keys(DOORS).sort()).toEqual(Object.keys(ALLOWED_AUTH_ENDPOINTS).sort())
    const withRows = new Set(WAYS_IN.map((row) => row.door))
    const needRows = Object.entries(DOORS)
      .filter(([, door]) => door === 'sign-in' || door === 'second-factor')
      .map(([path]) => path)
    expect(needRows.filter((path) => !withRows.has(path))).toEqual([])
  })

  test.each(WAYS_IN)('$how ($door) ends in $outcome, never in a bare session', async ({ run, outcome }) => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() })
    const t = createBackend()
    provider.configure()
    const person = await twoFactorPerson(t)
    const browser = new AuthClient(t, '203.0.113.31')
    const answer = await run(t, person, browser)
    // A passkey with user verification is both factors at once (ADR 0017): the only way in that may sign in.
    if (outcome === 'passkey') {
      expect(setsSessionCookie(answer.setCookies)).toBe(true)
      return
    }
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
    const signedInOnly = Object.keys(DOORS)
      .filter((path) => DOORS[path] === 'signed-in')
      .sort((a, b) => Number(a === '/sign-out') - Number(b === '/sign-out'))
    for (const path of signedInOnly) {
      for (const method of ALLOWED_AUTH_ENDPOINTS[path]!) {
        const answer = await browser.request(path, {
          method,
          ...(method === 'POST' ? { json: { password: PASSWORD } } : {}),
        })
        if (path !== '/sign-out') expect(answer.status, `${method} ${path}`).toBeGreaterThanOrEqual(400)
        expect(setsSessionCookie(answer.setCookies), `${method} ${path}`).toBe(false)
        await expectNoSession(browser)
      }
    }
  })
})
