/**
 * What callers that the proxy does not sign can and cannot do: the Convex backend's own JWKS fetches must always
 * succeed, and a flood straight at the site URL must not reach the buckets of people who come through the proxy.
 */
import { afterEach, describe, expect, test, vi } from 'vitest'
import { api } from '../../convex/_generated/api'
import {
  CREDENTIAL_RATE_LIMIT_MAX_REQUESTS,
  JWKS_CACHE_MAX_AGE_S,
  JWKS_KEY_SETTLE_S,
  RATE_LIMIT_MAX_REQUESTS,
} from '../../lib/policy'
import { AuthClient, createBackend, jwksFetches, PASSWORD, uniqueEmail } from './harness'

const JWKS_PATH = '/api/auth/convex/jwks'

afterEach(() => {
  vi.useRealTimers()
})

/** Freezes Date only: promises and I/O keep running. */
const freezeClock = (atMs: number) => vi.useFakeTimers({ toFake: ['Date'], now: atMs })

describe('token checks never depend on a rate-limited or uncached route', () => {
  test('500 unsigned JWKS fetches in a minute all answer 200 with cache headers', async () => {
    const t = createBackend()
    expect((await t.fetch(JWKS_PATH)).status).toBe(200) // creates the signing key
    freezeClock(Date.now() + JWKS_CACHE_MAX_AGE_S * 1000)
    const answers = new Map<string, number>()
    for (let batch = 0; batch < 10; batch++) {
      const responses = await Promise.all(Array.from({ length: 50 }, () => t.fetch(JWKS_PATH)))
      for (const response of responses) {
        const key = `${response.status} ${response.headers.get('cache-control')}`
        answers.set(key, (answers.get(key) ?? 0) + 1)
        expect((await response.json()).keys).toHaveLength(1)
      }
    }
    expect(Object.fromEntries(answers)).toEqual({ [`200 public, max-age=${JWKS_CACHE_MAX_AGE_S}`]: 500 })
  }, 180_000)

  test('a key set is not cacheable until it has settled', async () => {
    const t = createBackend()
    const createdAt = Date.now()
    freezeClock(createdAt)
    expect((await t.fetch(JWKS_PATH)).headers.get('cache-control')).toBe('public, max-age=0')
    vi.setSystemTime(createdAt + (JWKS_KEY_SETTLE_S - 1) * 1000)
    expect((await t.fetch(JWKS_PATH)).headers.get('cache-control')).toBe('public, max-age=0')
    vi.setSystemTime(createdAt + (JWKS_KEY_SETTLE_S + 1) * 1000)
    expect((await t.fetch(JWKS_PATH)).headers.get('cache-control')).toBe(`public, max-age=${JWKS_CACHE_MAX_AGE_S}`)
  })

  test('when the first sign-ups arrive together, every token they get checks, and so do later ones', async () => {
    const t = createBackend()
    // Each may create a signing key; one that checks its token early caches the key set of that moment.
    const first = await Promise.allSettled(
      Array.from({ length: 12 }, async (_, i) => {
        const browser = new AuthClient(t, `198.51.100.${i + 1}`)
        await browser.signUp(uniqueEmail())
        return await browser.identity()
      }),
    )
    const later = new AuthClient(t, '198.51.100.99')
    await later.signUp(uniqueEmail())
    const outcomes = [...first, ...(await Promise.allSettled([later.identity()]))]
    expect(outcomes.map((outcome) => (outcome.status === 'rejected' ? String(outcome.reason) : 'ok'))).toEqual(
      Array(13).fill('ok'),
    )
  }, 120_000)

  test('after a flood of unsigned GETs at the site URL, a signed-in user’s token still checks', async () => {
    const t = createBackend()
    const browser = new AuthClient(t)
    await browser.signUp(uniqueEmail())
    for (let i = 0; i < RATE_LIMIT_MAX_REQUESTS + 50; i++) await t.fetch(JWKS_PATH)

    const asUser = await browser.asUser()
    expect(await asUser.query(api.auth.getCurrentUser, {})).toMatchObject({ name: 'Ada Lovelace' })
    // The token check fetched the keys itself, unsigned, as a deployment does.
    expect(jwksFetches.get(t)).toEqual([{ status: 200, cacheControl: expect.stringMatching(/^public, max-age=\d+$/) }])
  })
})

describe('unsigned callers cannot deny service to people who come through the proxy', () => {
  test('150 unsigned wrong passwords at the site URL leave a real user’s sign-in through the proxy working', async () => {
    const t = createBackend()
    const email = uniqueEmail()
    const owner = new AuthClient(t, '203.0.113.20')
    await owner.signUp(email)
    await owner.signOut()

    const flooder = new AuthClient(t, null)
    const flood = await Promise.all(Array.from({ length: 150 }, () => flooder.signIn(email, 'definitely not it')))
    expect(flood.filter((r) => r.status === 401)).toHaveLength(CREDENTIAL_RATE_LIMIT_MAX_REQUESTS)

    // The owner's browser: its signed address has a bucket of its own, and its device cookie keeps it past the
    // account's pause for unknown devices (ADR 0013).
    expect((await owner.signIn(email)).status).toBe(200)
    expect((await owner.request('/get-session')).json.user.email).toBe(email)
  }, 120_000)
})

describe('Better Auth runs its origin checks as in production', () => {
  test('a signed-in request from another origin is refused and changes nothing', async () => {
    const t = createBackend()
    const browser = new AuthClient(t)
    await browser.signUp(uniqueEmail())

    const forged = await browser.request('/sign-out', { json: {}, headers: { origin: 'https://evil.example' } })
    expect(forged.status).toBe(403)
    expect(forged.json.code).toBe('INVALID_ORIGIN')
    expect((await browser.request('/get-session')).json?.user.name).toBe('Ada Lovelace')

    expect((await browser.request('/sign-out', { json: {} })).status).toBe(200)
    expect((await browser.request('/get-session')).json).toBeNull()
  })

  test('a sign-in form posted by another site is refused', async () => {
    const t = createBackend()
    const email = uniqueEmail()
    await new AuthClient(t).signUp(email)
    const crossSite = { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' }
    const refused = await new AuthClient(t, '198.51.100.9').request('/sign-in/email', {
      json: { email, password: PASSWORD },
      headers: crossSite,
    })
    expect(refused.status).toBe(403)
    expect(refused.setCookies).toEqual([])
  })
})
