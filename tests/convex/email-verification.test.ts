import { afterEach, describe, expect, test, vi } from 'vitest'
import { api } from '../../convex/_generated/api'
import { EMAIL_VERIFICATION_TOKEN_TTL_S } from '../../lib/policy'
import { authLinkFromOutbox, signUpVerified } from './accounts'
import { AuthClient, createBackend, stubDeploymentEnv, uniqueEmail } from './harness'

afterEach(() => {
  vi.useRealTimers()
})

/** The deployment as it ships: REQUIRE_EMAIL_VERIFICATION not set at all. */
function backendWithDefaults() {
  const t = createBackend()
  stubDeploymentEnv({ REQUIRE_EMAIL_VERIFICATION: undefined })
  return t
}

const landing = (response: { headers: Headers }) => new URL(response.headers.get('location')!, 'http://localhost:3000')

describe('email verification is required by default', () => {
  test('sign-up starts no session and sign-in is refused until the emailed link is opened', async () => {
    const t = backendWithDefaults()
    const email = uniqueEmail('default')
    const browser = new AuthClient(t)
    expect((await browser.signUp(email)).status).toBe(200)
    expect((await browser.request('/get-session')).json).toBeNull()

    // Through the proxy and straight at the Convex site URL alike.
    for (const client of [new AuthClient(t, '203.0.113.80'), new AuthClient(t, null)]) {
      const refused = await client.signIn(email)
      expect(refused.status).toBe(403)
      expect(refused.json.code).toBe('EMAIL_NOT_VERIFIED')
      expect((await client.request('/get-session')).json).toBeNull()
    }

    const opened = await browser.request(await authLinkFromOutbox(t, email, /Verify your email/))
    expect(opened.status).toBe(302)
    expect(`${landing(opened).pathname}${landing(opened).search}`).toBe('/verify-email?verified=true')
    // Opening the link proves the inbox, not the password: it signs nobody in.
    expect((await browser.request('/get-session')).json).toBeNull()

    const signedIn = new AuthClient(t, '203.0.113.81')
    expect((await signedIn.signIn(email)).status).toBe(200)
    expect((await (await signedIn.asUser()).query(api.auth.getCurrentUser, {}))?.emailVerified).toBe(true)
  })

  test('someone registering another person’s address cannot use the account', async () => {
    const t = backendWithDefaults()
    const victim = uniqueEmail('victim')
    const attacker = new AuthClient(t, '203.0.113.82')
    await attacker.signUp(victim)
    expect((await attacker.signIn(victim)).status).toBe(403)
    expect((await attacker.request('/two-factor/enable', { json: { password: 'correct horse battery' } })).status).toBe(
      401,
    )
  })

  test('the link lands on /verify-email whatever callbackURL the client asked for', async () => {
    const t = backendWithDefaults()
    const email = uniqueEmail('callback')
    const browser = new AuthClient(t)
    await browser.request('/sign-up/email', {
      json: { email, name: 'Cal Back', password: 'correct horse battery', callbackURL: '/dashboard' },
    })
    const link = await authLinkFromOutbox(t, email, /Verify your email/)
    expect(new URLSearchParams(link.split('?')[1]).get('callbackURL')).toBe('/verify-email?verified=true')
  })

  test('a tampered or expired link lands on /verify-email with the reason', async () => {
    const sentAtMs = Date.now()
    vi.useFakeTimers({ toFake: ['Date'], now: sentAtMs })
    const t = backendWithDefaults()
    const email = uniqueEmail('expired')
    const browser = new AuthClient(t)
    await browser.signUp(email)
    const link = await authLinkFromOutbox(t, email, /Verify your email/)

    const tampered = await browser.request(link.replace(/token=[^&]+/, (token) => `${token.slice(0, -3)}xyz`))
    expect(landing(tampered).searchParams.get('error')).toBe('INVALID_TOKEN')
    expect(landing(tampered).pathname).toBe('/verify-email')

    vi.setSystemTime(sentAtMs + (EMAIL_VERIFICATION_TOKEN_TTL_S + 1) * 1000)
    const expired = await browser.request(link)
    expect(landing(expired).searchParams.get('error')).toBe('TOKEN_EXPIRED')
    expect((await new AuthClient(t, '203.0.113.83').signIn(email)).status).toBe(403)
  })

  test('REQUIRE_EMAIL_VERIFICATION=false lets an unverified account sign in', async () => {
    const t = backendWithDefaults()
    stubDeploymentEnv({ REQUIRE_EMAIL_VERIFICATION: 'false' })
    const email = uniqueEmail('optout')
    await new AuthClient(t).signUp(email)
    expect((await new AuthClient(t, '203.0.113.84').signIn(email)).status).toBe(200)
  })

  test('the shared helper signs up and verifies', async () => {
    const t = backendWithDefaults()
    const email = uniqueEmail('helper')
    await signUpVerified(t, new AuthClient(t), email)
    expect((await new AuthClient(t, '203.0.113.85').signIn(email)).status).toBe(200)
  })
})

describe('dev mailbox', () => {
  const LOCAL = {
    SITE_URL: 'http://localhost:3000',
    CONVEX_CLOUD_URL: 'http://127.0.0.1:3210',
    CONVEX_SITE_URL: 'http://127.0.0.1:3211',
  }

  test('open only when the app and the backend both run locally and email goes to the outbox', async () => {
    const t = backendWithDefaults()
    stubDeploymentEnv(LOCAL)
    const email = uniqueEmail('mailbox')
    await new AuthClient(t).signUp(email)
    const mailbox = await t.query(api.emails.devMailbox, {})
    expect(mailbox.open).toBe(true)
    expect(mailbox.open && mailbox.messages.map((m) => m.to)).toContain(email)
  })

  test.each([
    [
      'a cloud Convex deployment',
      {
        ...LOCAL,
        CONVEX_CLOUD_URL: 'https://happy-otter-123.convex.cloud',
        CONVEX_SITE_URL: 'https://happy-otter-123.convex.site',
      },
    ],
    ['a public app', { ...LOCAL, SITE_URL: 'https://app.example.com' }],
    ['an email provider', { ...LOCAL, RESEND_API_KEY: 're_test', EMAIL_FROM: 'Gatehouse <auth@example.com>' }],
  ])('closed with %s, and says nothing about the outbox', async (_name, env) => {
    const t = backendWithDefaults()
    stubDeploymentEnv(LOCAL)
    await new AuthClient(t).signUp(uniqueEmail('closed'))
    stubDeploymentEnv(env)
    expect(await t.query(api.emails.devMailbox, {})).toEqual({ open: false })
  })
})
