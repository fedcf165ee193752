/**
 * OpenID Connect sign-in and account linking, end to end: Better Auth's generic OAuth client in convex-test talks to
 * a real OpenID provider (oidc-provider) on a local port, for discovery, the token and the user info.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { api, components, internal } from '../../convex/_generated/api'
import { readOAuthEnv } from '../../convex/lib/env'
import { ErrorCode } from '../../lib/error-codes'
import { OAuthErrorCode, OIDC_PROVIDER_ID } from '../../lib/oauth-providers'
import { FRESH_SESSION_MAX_AGE_S, TOTP_PERIOD_S } from '../../lib/policy'
import { SecurityEventType } from '../../lib/security-events'
import { totpCode } from '../support/totp'
import {
  AuthClient,
  countRows,
  createBackend,
  enrollTwoFactor,
  setsSessionCookie,
  stubDeploymentEnv,
  uniqueEmail,
  type Backend,
} from './harness'
import { signUpVerified } from './accounts'
import { oidcAccount, oidcRoundTrip, startTestOidcProvider } from './oauth-support'

let provider: Awaited<ReturnType<typeof startTestOidcProvider>>
beforeAll(async () => {
  provider = await startTestOidcProvider(4421)
})
afterAll(() => provider.stop())
afterEach(() => {
  vi.useRealTimers()
})

function backend() {
  const t = createBackend()
  provider.configure()
  return t
}

const appUserByEmail = (t: Backend, email: string) =>
  t.run((ctx) =>
    ctx.db
      .query('users')
      .withIndex('by_email', (q) => q.eq('email', email))
      .unique(),
  )

async function eventTypes(t: Backend, email: string) {
  const user = await appUserByEmail(t, email)
  const events = await t.run((ctx) =>
    ctx.db
      .query('securityEvents')
      .withIndex('by_userId', (q) => q.eq('userId', user!._id))
      .collect(),
  )
  return events.map((event) => event.type)
}

const subjects = async (t: Backend, to: string) =>
  (await t.query(internal.emails.outbox, { to })).map((message) => message.subject)

/** A password account that has linked the provider (fresh after sign-up), with the identity it linked. */
async function passwordUserWithLinkedProvider(t: Backend, browser: AuthClient, email = uniqueEmail('linked')) {
  await browser.signUp(email)
  const identity = oidcAccount(email)
  const linked = await oidcRoundTrip(browser, identity, { link: true, callbackURL: '/settings/security' })
  expect(linked.status).toBe(302)
  expect(linked.location).toBe('/settings/security')
  return identity
}

describe('signing in with an OpenID Connect provider', () => {
  test('a new person gets an account, verified by the provider, and a session', async () => {
    const t = backend()
    const browser = new AuthClient(t)
    const email = uniqueEmail('oidc')
    const back = await oidcRoundTrip(browser, oidcAccount(email))
    expect(back.status).toBe(302)
    expect(back.location).toBe('/dashboard')
    expect(setsSessionCookie(back.setCookies)).toBe(true)
    const current = await (await browser.asUser()).query(api.auth.getCurrentUser, {})
    expect(current).toMatchObject({ email, emailVerified: true })
    const ways = await (await browser.asUser()).query(api.linkedAccounts.list, {})
    expect(ways).toMatchObject({ hasPassword: false, linked: [{ providerId: OIDC_PROVIDER_ID, name: 'Test SSO' }] })
    // A sign-up is not a link: nothing to warn about.
    expect(await eventTypes(t, email)).not.toContain(SecurityEventType.SignInMethodLinked)
  })

  test('the sign-in page learns the configured providers, and none when nothing is configured', async () => {
    const t = backend()
    expect((await new AuthClient(t).request('/sign-in/providers')).json).toEqual({
      providers: [{ id: OIDC_PROVIDER_ID, name: 'Test SSO', kind: 'oidc' }],
    })
    const bare = createBackend()
    stubDeploymentEnv({ OIDC_ISSUER: undefined, OIDC_CLIENT_ID: undefined, OIDC_CLIENT_SECRET: undefined })
    expect((await new AuthClient(bare).request('/sign-in/providers')).json).toEqual({ providers: [] })
    // Not configured, not startable.
    expect(
      (
        await new AuthClient(bare).request('/sign-in/oauth2', {
          json: { providerId: OIDC_PROVIDER_ID, callbackURL: '/dashboard' },
        })
      ).status,
    ).not.toBe(200)
  })

  test('the provider list answers every sign-in page load, even from a client that has used up its sign-in tries', async () => {
    const t = backend()
    const browser = new AuthClient(t, '203.0.113.77')
    for (let attempt = 0; attempt < 12; attempt++)
      await browser.signIn(uniqueEmail('nobody'), 'not the password at all')
    expect((await browser.signIn(uniqueEmail('nobody'), 'not the password at all')).status).toBe(429)
    for (let load = 0; load < 20; load++) expect((await browser.request('/sign-in/providers')).status).toBe(200)
  })

  test('with two-factor on, the callback ends in the challenge with no session cookie, and the code completes it', async () => {
    const enrolledAtMs = Date.now()
    vi.useFakeTimers({ toFake: ['Date'], now: enrolledAtMs })
    const t = backend()
    const owner = new AuthClient(t)
    const { email, secret } = await enrollTwoFactor(owner)
    const identity = oidcAccount(email)
    expect((await oidcRoundTrip(owner, identity, { link: true })).status).toBe(302)
    await owner.signOut()

    const browser = new AuthClient(t, '203.0.113.44')
    const back = await oidcRoundTrip(browser, identity)
    expect(back.status).toBe(302)
    expect(back.location).toBe('/two-factor?redirect=%2Fdashboard')
    expect(setsSessionCookie(back.setCookies)).toBe(false)
    expect(back.setCookies.some((line) => /two_factor=[^;]+/.test(line))).toBe(true)
    expect((await browser.request('/get-session')).json).toBeNull()
    expect((await browser.request('/convex/token')).status).toBe(401)
    // The same challenge page as after a password: it knows whose sign-in this is.
    expect((await browser.request('/sign-in/challenge')).status).toBe(200)

    vi.setSystemTime(enrolledAtMs + TOTP_PERIOD_S * 1000)
    const verify = await browser.request('/two-factor/verify-totp', { json: { code: await totpCode(secret) } })
    expect(verify.status).toBe(200)
    expect((await browser.request('/get-session')).json.user.email).toBe(email)
  })
})

describe('linking a provider to an existing account', () => {
  test('signing in with a verified email of an existing account links nothing and signs nobody in', async () => {
    const t = backend()
    const email = uniqueEmail('owner')
    // Verified on both sides: the case Better Auth links implicitly unless told not to.
    await signUpVerified(t, new AuthClient(t), email)

    const attacker = new AuthClient(t, '203.0.113.66')
    const back = await oidcRoundTrip(attacker, oidcAccount(email, true))
    expect(back.status).toBe(302)
    expect(back.location).toBe(`/sign-in?error=${OAuthErrorCode.AccountNotLinked}`)
    expect(setsSessionCookie(back.setCookies)).toBe(false)
    expect((await attacker.request('/get-session')).json).toBeNull()

    const owner = new AuthClient(t)
    await owner.signIn(email)
    expect(await (await owner.asUser()).query(api.linkedAccounts.list, {})).toMatchObject({
      hasPassword: true,
      linked: [],
    })
  })

  test('the signed-in owner links it from settings; it then signs in, and the link is logged and emailed', async () => {
    const t = backend()
    const owner = new AuthClient(t)
    const email = uniqueEmail('owner')
    const identity = await passwordUserWithLinkedProvider(t, owner, email)

    expect(await (await owner.asUser()).query(api.linkedAccounts.list, {})).toMatchObject({
      hasPassword: true,
      linked: [{ providerId: OIDC_PROVIDER_ID, name: 'Test SSO' }],
    })
    expect(await eventTypes(t, email)).toContain(SecurityEventType.SignInMethodLinked)
    expect(await subjects(t, email)).toContainEqual(expect.stringContaining('A sign-in provider was linked'))

    const elsewhere = new AuthClient(t, '203.0.113.67')
    const back = await oidcRoundTrip(elsewhere, identity)
    expect(back.location).toBe('/dashboard')
    expect((await elsewhere.request('/get-session')).json.user.email).toBe(email)
  })

  test('linking needs a fresh sign-in, and the provider’s email must be the account’s', async () => {
    const t = backend()
    const owner = new AuthClient(t)
    const email = uniqueEmail('stale')
    await owner.signUp(email)
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + (FRESH_SESSION_MAX_AGE_S + 60) * 1000 })
    const stale = await owner.request('/oauth2/link', {
      json: { providerId: OIDC_PROVIDER_ID, callbackURL: '/settings/security' },
    })
    expect(stale.status).toBe(403)
    expect(stale.json.code).toBe(ErrorCode.SessionNotFresh)
    vi.useRealTimers()

    const fresh = new AuthClient(t)
    await fresh.signIn(email)
    const other = await oidcRoundTrip(fresh, oidcAccount(uniqueEmail('someone-else')), {
      link: true,
      callbackURL: '/settings/security',
    })
    expect(other.location).toMatch(/^\/settings\/security\?error=email_doesn/)
    expect(await (await fresh.asUser()).query(api.linkedAccounts.list, {})).toMatchObject({ linked: [] })
  })
})

describe('users who predate Better Auth', () => {
  test('are linked on the first sign-in whose email the provider verified', async () => {
    const t = backend()
    const email = uniqueEmail('legacy')
    const legacyId = await t.run((ctx) => ctx.db.insert('users', { name: 'Legacy Person', email }))

    const browser = new AuthClient(t)
    const back = await oidcRoundTrip(browser, oidcAccount(email, true))
    expect(back.location).toBe('/dashboard')
    const current = await (await browser.asUser()).query(api.auth.getCurrentUser, {})
    expect(current?._id).toBe(legacyId)
    expect((await appUserByEmail(t, email))?.authUserId).toBe(current?.authUserId)
  })

  test('are not linked, and nobody is signed in, when the provider did not verify the email', async () => {
    const t = backend()
    const email = uniqueEmail('legacy')
    await t.run((ctx) => ctx.db.insert('users', { name: 'Legacy Person', email }))

    const browser = new AuthClient(t)
    const back = await oidcRoundTrip(browser, oidcAccount(email, false))
    expect(back.location).toBe(`/sign-in?error=${OAuthErrorCode.UnableToCreateUser}`)
    expect(setsSessionCookie(back.setCookies)).toBe(false)
    expect((await appUserByEmail(t, email))?.authUserId).toBeUndefined()
    expect(await countRows(t)).toEqual({ appUsers: 1, authUsers: 0 })
  })
})

describe('unlinking', () => {
  test('the only way in cannot be unlinked', async () => {
    const t = backend()
    const browser = new AuthClient(t)
    const email = uniqueEmail('only')
    await oidcRoundTrip(browser, oidcAccount(email))
    const asUser = await browser.asUser()
    await expect(asUser.mutation(api.linkedAccounts.unlink, { providerId: OIDC_PROVIDER_ID })).rejects.toMatchObject({
      data: { code: ErrorCode.LastSignInMethod },
    })
    expect((await asUser.query(api.linkedAccounts.list, {})).linked).toHaveLength(1)
    expect(await eventTypes(t, email)).not.toContain(SecurityEventType.SignInMethodUnlinked)
  })

  test('with a password left it is unlinked, logged and emailed; the password is not unlinkable here', async () => {
    const t = backend()
    const owner = new AuthClient(t)
    const email = uniqueEmail('unlink')
    const identity = await passwordUserWithLinkedProvider(t, owner, email)
    const asUser = await owner.asUser()
    await expect(asUser.mutation(api.linkedAccounts.unlink, { providerId: 'credential' })).rejects.toMatchObject({
      data: { code: ErrorCode.SignInMethodNotFound },
    })

    await asUser.mutation(api.linkedAccounts.unlink, { providerId: OIDC_PROVIDER_ID })
    expect(await asUser.query(api.linkedAccounts.list, {})).toMatchObject({ hasPassword: true, linked: [] })
    expect(await eventTypes(t, email)).toContain(SecurityEventType.SignInMethodUnlinked)
    expect(await subjects(t, email)).toContainEqual(expect.stringContaining('A sign-in provider was unlinked'))
    // The identity no longer signs in to the account.
    const back = await oidcRoundTrip(new AuthClient(t, '203.0.113.68'), identity)
    expect(back.location).toBe(`/sign-in?error=${OAuthErrorCode.AccountNotLinked}`)
  })

  test('two unlinks at once cannot remove both of the last two ways in', async () => {
    const t = backend()
    const browser = new AuthClient(t)
    await oidcRoundTrip(browser, oidcAccount(uniqueEmail('two-ways')))
    const authUserId = (await (await browser.asUser()).query(api.auth.getCurrentUser, {}))!.authUserId
    // A second provider identity, as a GitHub link would leave it.
    await t.run((ctx) =>
      ctx.runMutation(components.betterAuth.adapter.create, {
        input: {
          model: 'account',
          data: {
            userId: authUserId,
            providerId: 'github',
            accountId: 'gh-1',
            createdAt: Date.now(),
            updatedAt: Date.now(),
          },
        },
      }),
    )
    const asUser = await browser.asUser()
    const results = await Promise.allSettled([
      asUser.mutation(api.linkedAccounts.unlink, { providerId: OIDC_PROVIDER_ID }),
      asUser.mutation(api.linkedAccounts.unlink, { providerId: 'github' }),
    ])
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1)
    expect((await asUser.query(api.linkedAccounts.list, {})).linked).toHaveLength(1)
  })

  test('unlinking needs a fresh sign-in', async () => {
    const t = backend()
    const owner = new AuthClient(t)
    await passwordUserWithLinkedProvider(t, owner)
    const asUser = await owner.asUser()
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + (FRESH_SESSION_MAX_AGE_S + 60) * 1000 })
    await expect(asUser.mutation(api.linkedAccounts.unlink, { providerId: OIDC_PROVIDER_ID })).rejects.toMatchObject({
      data: { code: ErrorCode.SessionNotFresh },
    })
  })
})

describe('configuration and email verification', () => {
  test('with email verification required, a provider that did not verify the email creates no account', async () => {
    const t = backend()
    stubDeploymentEnv({ REQUIRE_EMAIL_VERIFICATION: 'true' })
    const email = uniqueEmail('unverified')
    const refused = await oidcRoundTrip(new AuthClient(t), oidcAccount(email, false))
    expect(refused.location).toBe(`/sign-in?error=${OAuthErrorCode.EmailNotVerified}`)
    expect(setsSessionCookie(refused.setCookies)).toBe(false)
    expect(await countRows(t)).toEqual({ appUsers: 0, authUsers: 0 })

    const verified = await oidcRoundTrip(new AuthClient(t), oidcAccount(email, true))
    expect(verified.location).toBe('/dashboard')
  })

  test('half a provider is refused by name', async () => {
    const t = backend()
    stubDeploymentEnv({ GITHUB_CLIENT_ID: 'an-id' })
    expect(() => readOAuthEnv()).toThrow('GITHUB_CLIENT_ID is set but GITHUB_CLIENT_SECRET is not')
    stubDeploymentEnv({ GITHUB_CLIENT_ID: undefined, OIDC_ISSUER: 'http://idp.example.com' })
    expect(() => readOAuthEnv()).toThrow('OIDC_ISSUER must be an https URL')
    stubDeploymentEnv({ OIDC_ISSUER: 'https://idp.example.com/', GOOGLE_CLIENT_ID: 'g', GOOGLE_CLIENT_SECRET: 's' })
    expect(readOAuthEnv()).toMatchObject({
      social: [{ id: 'google' }],
      oidc: { issuer: 'https://idp.example.com', name: 'Test SSO' },
    })
    expect(
      (await new AuthClient(t).request('/sign-in/providers')).json.providers.map((p: { id: string }) => p.id),
    ).toEqual(['google', OIDC_PROVIDER_ID])
  })
})
