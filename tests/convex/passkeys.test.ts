import { afterEach, describe, expect, test, vi } from 'vitest'
import { api, components } from '../../convex/_generated/api'
import { ErrorCode } from '../../lib/error-codes'
import { CREDENTIAL_RATE_LIMIT_MAX_REQUESTS, FRESH_SESSION_MAX_AGE_S, PASSKEY_NAME_MAX_LENGTH } from '../../lib/policy'
import { SecurityEventType } from '../../lib/security-events'
import { SoftwareAuthenticator } from '../support/webauthn'
import { AuthClient, createBackend, enrollTwoFactor, PASSWORD, SITE_URL, uniqueEmail, type Backend } from './harness'
import { addPasskey, RP_ID, signInWithPasskey } from './passkey-steps'

afterEach(() => {
  vi.useRealTimers()
})

const START_MS = Date.UTC(2026, 11, 1, 12, 0, 0)
const STALE_MS = START_MS + (FRESH_SESSION_MAX_AGE_S + 1) * 1000

async function passkeyRows(t: Backend) {
  const result = (await t.run((ctx) =>
    ctx.runQuery(components.betterAuth.adapter.findMany, {
      model: 'passkey',
      paginationOpts: { cursor: null, numItems: 100 },
    }),
  )) as unknown as { page: Array<{ _id: string; userId: string; name?: string | null; counter: number }> }
  return result.page
}

/** What /settings/security lists for this browser's user, through the Convex query it uses. */
async function listed(browser: AuthClient) {
  return await (await browser.asUser()).query(api.passkeys.list, {})
}

async function eventsOf(t: Backend, email: string) {
  return await t.run(async (ctx) => {
    const user = await ctx.db
      .query('users')
      .withIndex('by_email', (q) => q.eq('email', email))
      .unique()
    if (!user) return []
    return (
      await ctx.db
        .query('securityEvents')
        .withIndex('by_userId', (q) => q.eq('userId', user._id))
        .collect()
    ).map((event) => event.type)
  })
}

async function mailTo(t: Backend, email: string) {
  return await t.run(async (ctx) =>
    (await ctx.db.query('devOutbox').collect()).filter((mail) => mail.to === email).map((mail) => mail.subject),
  )
}

async function signedUp(t: Backend, prefix: string) {
  const browser = new AuthClient(t)
  const email = uniqueEmail(prefix)
  expect((await browser.signUp(email)).status).toBe(200)
  return { browser, email }
}

describe('adding a passkey needs a fresh session (the step-up rule)', () => {
  test('a session past the step-up window is refused at both steps until the password is entered again', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: START_MS })
    const t = createBackend()
    const { browser } = await signedUp(t, 'pk-stale')
    const authenticator = await SoftwareAuthenticator.create()
    // Options taken while fresh, answered after the window closed.
    const early = await browser.request('/passkey/generate-register-options')
    expect(early.status).toBe(200)
    vi.setSystemTime(STALE_MS)

    const late = await browser.request('/passkey/verify-registration', {
      json: { response: await authenticator.register(early.json, { origin: SITE_URL }) },
    })
    expect(late.status).toBe(403)
    expect(late.json.code).toBe(ErrorCode.SessionNotFresh)
    const options = await browser.request('/passkey/generate-register-options')
    expect(options.status).toBe(403)
    expect(options.json.code).toBe(ErrorCode.SessionNotFresh)
    expect(await passkeyRows(t)).toEqual([])

    expect((await browser.request('/reauthenticate', { json: { password: PASSWORD } })).status).toBe(200)
    const added = await addPasskey(browser, authenticator, { name: 'Laptop' })
    expect(added.status).toBe(200)
    expect(await passkeyRows(t)).toHaveLength(1)
  })

  test('without a session nothing can be registered, and no passkey may be claimed for someone else', async () => {
    const t = createBackend()
    const stranger = new AuthClient(t, '203.0.113.141')
    expect((await stranger.request('/passkey/generate-register-options')).status).toBe(401)
    expect((await stranger.request('/passkey/verify-registration', { json: { response: {} } })).status).toBe(401)

    // Options made for one account, answered by another signed-in browser carrying the first one's challenge cookie.
    const { browser: owner } = await signedUp(t, 'pk-owner')
    const { browser: other } = await signedUp(t, 'pk-other')
    const options = await owner.request('/passkey/generate-register-options')
    const challengeCookie = options.setCookies
      .map((line) => line.split(';')[0]!)
      .find((pair) => pair.includes('passkey'))!
    const response = await (await SoftwareAuthenticator.create()).register(options.json, { origin: SITE_URL })
    const stolen = await other.request('/passkey/verify-registration', {
      json: { response },
      headers: { cookie: challengeCookie },
    })
    expect(stolen.status).toBeGreaterThanOrEqual(400)
    expect(await passkeyRows(t)).toEqual([])
  })

  test('an authenticator that cannot verify its user (no PIN or biometric) is refused, as it could not sign in', async () => {
    const t = createBackend()
    const { browser } = await signedUp(t, 'pk-nouv')
    const options = await browser.request('/passkey/generate-register-options?name=Laptop')
    expect(options.json.authenticatorSelection).toMatchObject({ residentKey: 'required', userVerification: 'required' })
    // What the authenticator stores as the account, and autofill shows, is the email, whatever the label.
    expect(options.json.user.name).toMatch(/^pk-nouv-.*@example\.com$/)
    const response = await (
      await SoftwareAuthenticator.create()
    ).register(options.json, { origin: SITE_URL, userVerified: false })
    const refused = await browser.request('/passkey/verify-registration', { json: { response } })
    expect(refused.status).toBe(401)
    expect(refused.json.code).toBe(ErrorCode.PasskeyUserVerificationRequired)
    expect(await passkeyRows(t)).toEqual([])
  })

  test('a registration made for another site (origin or relying party) is refused', async () => {
    const t = createBackend()
    const { browser } = await signedUp(t, 'pk-rp')
    for (const forged of [{ origin: 'https://evil.example' }, { origin: SITE_URL, rpId: 'evil.example' }]) {
      const options = await browser.request('/passkey/generate-register-options', {
        headers: { origin: forged.origin },
      })
      expect(options.json.rp.id).toBe(RP_ID)
      const response = await (await SoftwareAuthenticator.create()).register(options.json, forged)
      const refused = await browser.request('/passkey/verify-registration', {
        json: { response },
        headers: { origin: forged.origin },
      })
      expect(refused.status, JSON.stringify(forged)).toBeGreaterThanOrEqual(400)
    }
    expect(await passkeyRows(t)).toEqual([])
  })
})

describe('signing in with a passkey', () => {
  test('a two-factor user gets a session straight away: user verification is the second factor', async () => {
    const t = createBackend()
    const browser = new AuthClient(t)
    const { email } = await enrollTwoFactor(browser, uniqueEmail('pk-2fa'))
    const authenticator = await SoftwareAuthenticator.create()
    expect((await addPasskey(browser, authenticator)).status).toBe(200)

    const { browser: laptop, options, answer } = await signInWithPasskey(t, authenticator)
    expect(options.json.userVerification).toBe('required')
    expect(answer.status).toBe(200)
    expect(answer.json.twoFactorRedirect).toBeUndefined()
    expect(JSON.stringify(answer.json)).not.toContain('"token"')
    const session = await laptop.request('/get-session')
    expect(session.json.user).toMatchObject({ email, twoFactorEnabled: true })
    expect(laptop.cookieNames().some((name) => name.includes('two_factor'))).toBe(false)
    expect((await laptop.identity()).email).toBe(email)
    // A sign-in from a browser this account never used: logged and emailed like any other.
    expect(await eventsOf(t, email)).toContain(SecurityEventType.NewDeviceSignIn)
  })

  test('an assertion without user verification gives no session, to a two-factor user or anyone', async () => {
    const t = createBackend()
    const twoFactorUser = new AuthClient(t)
    await enrollTwoFactor(twoFactorUser, uniqueEmail('pk-nouv-2fa'))
    const { browser: plainUser } = await signedUp(t, 'pk-nouv-plain')
    for (const owner of [twoFactorUser, plainUser]) {
      const authenticator = await SoftwareAuthenticator.create()
      expect((await addPasskey(owner, authenticator)).status).toBe(200)
      const { browser, answer } = await signInWithPasskey(t, authenticator, { userVerified: false })
      expect(answer.status).toBe(401)
      expect(answer.json.code).toBe(ErrorCode.PasskeyUserVerificationRequired)
      expect((await browser.request('/get-session')).json).toBeNull()
      expect(browser.cookieNames().some((name) => name.includes('session_token'))).toBe(false)
    }
  })

  test('an assertion made on another site is refused, whatever Origin header a relaying server sends', async () => {
    const t = createBackend()
    const { browser: owner } = await signedUp(t, 'pk-phish')
    const authenticator = await SoftwareAuthenticator.create()
    expect((await addPasskey(owner, authenticator)).status).toBe(200)
    const phishing = 'https://gatehouse.evil.example'
    for (const forged of [
      { origin: phishing },
      { origin: phishing, headerOrigin: SITE_URL },
      { headerOrigin: phishing },
      { rpId: 'evil.example' },
    ]) {
      const { browser, answer } = await signInWithPasskey(t, authenticator, forged)
      expect(answer.status, JSON.stringify(forged)).toBeGreaterThanOrEqual(400)
      expect((await browser.request('/get-session')).json).toBeNull()
    }
    expect((await signInWithPasskey(t, authenticator)).answer.status).toBe(200)
  })

  test('a challenge is used once: replaying the same assertion gives nothing', async () => {
    const t = createBackend()
    const { browser: owner } = await signedUp(t, 'pk-replay')
    const authenticator = await SoftwareAuthenticator.create()
    expect((await addPasskey(owner, authenticator)).status).toBe(200)
    const browser = new AuthClient(t, '203.0.113.142')
    const options = await browser.request('/passkey/generate-authenticate-options')
    const response = await authenticator.assert(options.json, { origin: SITE_URL, rpId: RP_ID })
    expect((await browser.request('/passkey/verify-authentication', { json: { response } })).status).toBe(200)
    await browser.signOut()
    const replayed = await browser.request('/passkey/verify-authentication', { json: { response } })
    expect(replayed.status).toBe(400)
    expect((await browser.request('/get-session')).json).toBeNull()
  })
})

test('passkey sign-in attempts share the per-client limit of the other credential endpoints', async () => {
  const t = createBackend()
  const browser = new AuthClient(t, '203.0.113.143')
  const forged = { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: {}, clientExtensionResults: {} }
  const statuses: number[] = []
  for (let attempt = 0; attempt <= CREDENTIAL_RATE_LIMIT_MAX_REQUESTS; attempt++) {
    statuses.push((await browser.request('/passkey/verify-authentication', { json: { response: forged } })).status)
  }
  expect(statuses.slice(0, CREDENTIAL_RATE_LIMIT_MAX_REQUESTS).every((status) => status === 400)).toBe(true)
  expect(statuses.at(-1)).toBe(429)
  // Another client is not held back by this one.
  expect(
    (await new AuthClient(t, '203.0.113.144').request('/passkey/verify-authentication', { json: { response: forged } }))
      .status,
  ).toBe(400)
})

describe('managing passkeys', () => {
  test('list, rename and delete; deleting needs a fresh session; each change is logged and the owner emailed', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: START_MS })
    const t = createBackend()
    const { browser, email } = await signedUp(t, 'pk-manage')
    const authenticator = await SoftwareAuthenticator.create()
    const added = await addPasskey(browser, authenticator, { name: 'Laptop' })
    expect(added.status).toBe(200)
    expect(await eventsOf(t, email)).toContain(SecurityEventType.PasskeyAdded)
    expect(await mailTo(t, email)).toContain('Gatehouse: A passkey was added to your account')

    const passkeys = await listed(browser)
    expect(passkeys).toMatchObject([{ name: 'Laptop', backedUp: false }])
    const id = passkeys[0]!.id

    for (const name of ['', '   ', 'x'.repeat(PASSKEY_NAME_MAX_LENGTH + 1)]) {
      const refused = await browser.request('/passkey/update-passkey', { json: { id, name } })
      expect(refused.status, name).toBe(400)
    }
    expect((await browser.request('/passkey/update-passkey', { json: { id, name: 'Work laptop' } })).status).toBe(200)
    expect((await listed(browser))[0]!.name).toBe('Work laptop')

    vi.setSystemTime(STALE_MS)
    const stale = await browser.request('/passkey/delete-passkey', { json: { id } })
    expect(stale.status).toBe(403)
    expect(stale.json.code).toBe(ErrorCode.SessionNotFresh)
    expect(await passkeyRows(t)).toHaveLength(1)
    expect((await browser.request('/reauthenticate', { json: { password: PASSWORD } })).status).toBe(200)
    expect((await browser.request('/passkey/delete-passkey', { json: { id } })).status).toBe(200)
    expect(await passkeyRows(t)).toEqual([])
    expect(await eventsOf(t, email)).toContain(SecurityEventType.PasskeyRemoved)
    expect(await mailTo(t, email)).toContain('Gatehouse: A passkey was removed from your account')
    expect((await signInWithPasskey(t, authenticator)).answer.status).toBe(401)
  })

  test("nobody renames, deletes or lists another account's passkey", async () => {
    const t = createBackend()
    const { browser: owner } = await signedUp(t, 'pk-mine')
    expect((await addPasskey(owner, await SoftwareAuthenticator.create(), { name: 'Mine' })).status).toBe(200)
    const id = (await listed(owner))[0]!.id
    const { browser: other } = await signedUp(t, 'pk-theirs')

    expect(await listed(other)).toEqual([])
    expect((await other.request('/passkey/list-user-passkeys')).status).toBe(404)
    expect((await other.request('/passkey/update-passkey', { json: { id, name: 'Taken' } })).status).toBe(401)
    expect((await other.request('/passkey/delete-passkey', { json: { id } })).status).toBe(401)
    expect(await passkeyRows(t)).toMatchObject([{ name: 'Mine' }])
  })

  test('deleting the account removes its passkeys, and they no longer sign in', async () => {
    const t = createBackend()
    const { browser } = await signedUp(t, 'pk-deleted')
    const authenticator = await SoftwareAuthenticator.create()
    expect((await addPasskey(browser, authenticator)).status).toBe(200)
    expect((await browser.request('/delete-user', { json: { password: PASSWORD } })).status).toBe(200)
    await t.finishAllScheduledFunctions(() => {})
    expect(await passkeyRows(t)).toEqual([])
    expect((await signInWithPasskey(t, authenticator)).answer.status).toBe(401)
  })
})
