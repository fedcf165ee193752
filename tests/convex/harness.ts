/**
 * Runs the real Convex functions, the locally installed Better Auth component and Better Auth
 * itself in convex-test, and talks to them over HTTP the way the Start proxy does.
 */
/// <reference types="vite/client" />
import { convexTest } from 'convex-test'
import { vi } from 'vitest'
import type { UserIdentity } from 'convex/server'
import { components } from '../../convex/_generated/api'
import schema from '../../convex/schema'
import authSchema from '../../convex/betterAuth/schema'
import { signClientIp } from '../../lib/client-ip'
import { createTokenVerifier, type TokenVerifier } from '../convex-server/identity'
import { parseTotpUri, totpCode } from '../support/totp'

export const SITE_URL = 'http://localhost:3000'
// The vitest config sets it for the whole Convex project, as a deployment has it before any module loads.
export const CONVEX_SITE_URL = process.env.CONVEX_SITE_URL ?? 'https://gatehouse-test.convex.site'
export const AUTH_PROXY_SECRET = 'test-proxy-secret-0123456789abcdef0123456789'
export const PASSWORD = 'correct horse battery'

const appModules = import.meta.glob([
  '../../convex/**/*.ts',
  '../../convex/_generated/*.js',
  '!../../convex/betterAuth/**',
  '!../../convex/**/*.test.ts',
])
const authModules = import.meta.glob('../../convex/betterAuth/**/*.ts')

export function stubDeploymentEnv(overrides: Record<string, string | undefined> = {}) {
  const env: Record<string, string | undefined> = {
    BETTER_AUTH_SECRET: 'test-secret-0123456789abcdef0123456789abcdef',
    SITE_URL,
    AUTH_PROXY_SECRET,
    CONVEX_SITE_URL,
    // Most suites are about other rules; tests/convex/email-verification.test.ts covers the default (on).
    REQUIRE_EMAIL_VERIFICATION: 'false',
    RESEND_API_KEY: undefined,
    EMAIL_FROM: undefined,
    ...overrides,
  }
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value)
}

export function createBackend() {
  stubDeploymentEnv()
  // Convex's documented per-transaction limits (16,000 writes, 32,000 documents scanned, 16 MiB each way).
  const t = convexTest({ schema, modules: appModules, transactionLimits: true })
  t.registerComponent('betterAuth', authSchema, authModules)
  return t
}

export type Backend = ReturnType<typeof createBackend>

/** A browser talking to Better Auth through the Start proxy: a cookie jar and a signed client IP. */
export class AuthClient {
  private cookies = new Map<string, string>()

  constructor(
    private readonly t: Backend,
    readonly clientIp: string | null = '203.0.113.10',
  ) {}

  async request(
    path: string,
    init: { method?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {},
  ) {
    const headers = new Headers({ origin: SITE_URL, ...init.headers })
    if (init.json !== undefined || init.body !== undefined) headers.set('content-type', 'application/json')
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '))
    if (this.clientIp) await signClientIp(headers, this.clientIp, AUTH_PROXY_SECRET)
    const response = await this.t.fetch(`/api/auth${path}`, {
      method: init.method ?? (init.json !== undefined || init.body !== undefined ? 'POST' : 'GET'),
      headers,
      body: init.body ?? (init.json !== undefined ? JSON.stringify(init.json) : undefined),
    })
    this.storeCookies(response)
    const text = await response.text()
    let json: any = null
    try {
      json = text ? JSON.parse(text) : null
    } catch {
      json = null
    }
    return { status: response.status, json, headers: response.headers, setCookies: response.headers.getSetCookie() }
  }

  private storeCookies(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';')
      const index = pair!.indexOf('=')
      const name = pair!.slice(0, index).trim()
      const value = pair!.slice(index + 1).trim()
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === ''
      if (expired) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }

  cookieNames() {
    return [...this.cookies.keys()]
  }

  signUp(email: string, name = 'Ada Lovelace', password = PASSWORD) {
    return this.request('/sign-up/email', { json: { email, name, password } })
  }

  signIn(email: string, password = PASSWORD, extra: Record<string, unknown> = {}) {
    return this.request('/sign-in/email', { json: { email, password, ...extra } })
  }

  signOut() {
    return this.request('/sign-out', { json: {} })
  }

  async token(): Promise<string> {
    const response = await this.request('/convex/token')
    if (response.status !== 200 || typeof response.json?.token !== 'string') {
      throw new Error(`No Convex token: ${response.status} ${JSON.stringify(response.json)}`)
    }
    return response.json.token
  }

  /** The Convex identity a real deployment derives from this client's JWT, after verifying it. */
  identity(): Promise<UserIdentity> {
    return this.token().then((token) => verifyConvexToken(this.t, token))
  }

  async asUser() {
    return this.t.withIdentity(await this.identity())
  }
}

const verifiers = new WeakMap<Backend, Promise<TokenVerifier>>()

/** The JWKS fetches this backend's token checks made, as the Convex backend makes them (unsigned GETs). */
export const jwksFetches = new WeakMap<Backend, { status: number; cacheControl: string | null }[]>()

async function createVerifier(t: Backend): Promise<TokenVerifier> {
  const { default: authConfig } = await import('../../convex/auth.config')
  const fetches: { status: number; cacheControl: string | null }[] = []
  jwksFetches.set(t, fetches)
  return createTokenVerifier(authConfig.providers, async (url) => {
    if (!url.startsWith(`${CONVEX_SITE_URL}/`)) throw new Error(`Unexpected JWKS URL ${url}`)
    const response = await t.fetch(url.slice(CONVEX_SITE_URL.length))
    fetches.push({ status: response.status, cacheControl: response.headers.get('cache-control') })
    return { status: response.status, headers: response.headers, body: await response.text() }
  })
}

/** Verifies a Convex JWT as a deployment does (tests/convex-server/identity.ts) and returns the identity it gives. */
export async function verifyConvexToken(t: Backend, token: string): Promise<UserIdentity> {
  let verifier = verifiers.get(t)
  if (!verifier) {
    verifier = createVerifier(t)
    verifiers.set(t, verifier)
  }
  return (await (await verifier)(token)).identity
}

let emailCounter = 0
export const uniqueEmail = (prefix = 'user') => `${prefix}-${++emailCounter}-${Date.now()}@example.com`

export async function countRows(t: Backend) {
  return await t.run(async (ctx) => {
    const users = await ctx.db.query('users').collect()
    const authUsers = await ctx.runQuery(components.betterAuth.adapter.findMany, {
      model: 'user',
      paginationOpts: { cursor: null, numItems: 100 },
    })
    return { appUsers: users.length, authUsers: (authUsers as { page: unknown[] }).page.length }
  })
}

/** Signs a new user up through `browser` and turns two-factor on; returns what the user's authenticator holds. */
export async function enrollTwoFactor(browser: AuthClient, email = uniqueEmail('2fa')) {
  await browser.signUp(email)
  const enable = await browser.request('/two-factor/enable', { json: { password: PASSWORD } })
  const { secret } = parseTotpUri(enable.json.totpURI)
  const verify = await browser.request('/two-factor/verify-totp', { json: { code: await totpCode(secret) } })
  if (verify.status !== 200)
    throw new Error(`Could not turn two-factor on: ${verify.status} ${JSON.stringify(verify.json)}`)
  return { email, secret, backupCodes: enable.json.backupCodes as string[] }
}

/** Whether a response set Better Auth's session cookie (a non-empty `session_token`): someone was signed in. */
export const setsSessionCookie = (setCookies: string[]) => setCookies.some((line) => /session_token=[^;]+/.test(line))

/**
 * Date frozen at `startMs` (only Date: promises and I/O keep running) and moved on by hand. Undo with
 * `vi.useRealTimers()` after each test.
 */
export function frozenClock(startMs: number) {
  let nowMs = startMs
  return {
    freeze() {
      nowMs = startMs
      vi.useFakeTimers({ toFake: ['Date'], now: nowMs })
    },
    advance(ms: number) {
      nowMs += ms
      vi.setSystemTime(nowMs)
    },
    now: () => nowMs,
  }
}
