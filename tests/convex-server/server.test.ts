// @vitest-environment node
import { ConvexClient, ConvexHttpClient } from 'convex/browser'
import { anyApi, getFunctionName, makeFunctionReference } from 'convex/server'
import { ConvexError } from 'convex/values'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { api, internal } from '../../convex/_generated/api'
import { callerFromHeader } from './http-api'
import { startConvexTestServer, type ConvexTestServer } from './server'

const user = { name: 'Ada Lovelace', email: 'ada@example.com', password: 'correct horse battery staple' }
const ADMIN_KEY = 'server-test-admin-key'
// An internal query, called the way an admin script would: ConvexHttpClient's types only take public references.
const outbox = makeFunctionReference<'query', { to?: string }, { subject: string }[]>(
  getFunctionName(internal.emails.outbox),
)
let server: ConvexTestServer
let token: string

async function signUp(): Promise<string> {
  const response = await fetch(`${server.siteUrl}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: process.env.SITE_URL! },
    body: JSON.stringify(user),
  })
  expect(response.status, await response.clone().text()).toBe(200)
  const cookies = response.headers.getSetCookie()
  expect(cookies.length).toBeGreaterThan(0)
  const cookie = cookies.map((c) => c.split(';')[0]).join('; ')
  const tokenResponse = await fetch(`${server.siteUrl}/api/auth/convex/token`, { headers: { cookie } })
  const body = (await tokenResponse.json()) as { token?: string }
  expect(body.token).toEqual(expect.any(String))
  return body.token!
}

function tampered(jwt: string): string {
  const [header, payload, signature] = jwt.split('.')
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString())
  return [header, Buffer.from(JSON.stringify({ ...claims, name: 'Mallory' })).toString('base64url'), signature].join(
    '.',
  )
}

beforeAll(async () => {
  // This suite is about the server, not about verifying emails: the user signs in right after signing up.
  vi.stubEnv('REQUIRE_EMAIL_VERIFICATION', 'false')
  server = await startConvexTestServer({ port: 0, sitePort: 0, adminKey: ADMIN_KEY })
  token = await signUp()
}, 60_000)

afterAll(() => server?.close())

describe('in-memory Convex test server', () => {
  test('ConvexHttpClient reads the signed-in user with a token and null without', async () => {
    const client = new ConvexHttpClient(server.url, { logger: false })
    expect(await client.query(api.auth.getCurrentUser, {})).toBeNull()
    client.setAuth(token)
    expect(await client.query(api.auth.getCurrentUser, {})).toMatchObject({ name: user.name, email: user.email })
  })

  test('a ConvexClient subscription sees the user, then the rename made through its own mutation', async () => {
    const client = new ConvexClient(server.url, { logger: false })
    try {
      client.setAuth(async () => token)
      const names: (string | null)[] = []
      client.onUpdate(api.auth.getCurrentUser, {}, (current) => names.push(current?.name ?? null))
      await vi.waitFor(() => expect(names).toEqual([user.name]))
      await client.mutation(api.users.updateName, { name: 'Ada King' })
      await vi.waitFor(() => expect(names).toEqual([user.name, 'Ada King']))
    } finally {
      await client.close()
    }
  })

  test('internal functions are refused over HTTP and WebSocket', async () => {
    const http = new ConvexHttpClient(server.url, { logger: false })
    await expect(http.mutation(anyApi.auth!.onCreate!, {})).rejects.toThrow(
      /Could not find public function for 'auth:onCreate'/,
    )
    const client = new ConvexClient(server.url, { logger: false })
    try {
      await expect(client.mutation(anyApi.auth!.onCreate!, {})).rejects.toThrow(/Could not find public function/)
    } finally {
      await client.close()
    }
  })

  test('the admin key calls internal functions over HTTP; a wrong key and users are refused', async () => {
    // setAdminAuth is what `npx convex run` and admin scripts use; Convex marks it internal, so it is not typed.
    const asAdmin = (key: string) => {
      const client = new ConvexHttpClient(server.url, { logger: false })
      ;(client as unknown as { setAdminAuth(key: string): void }).setAdminAuth(key)
      return client
    }
    const emails = await asAdmin(ADMIN_KEY).query(outbox, { to: user.email })
    expect(emails.map((email) => email.subject)).toContainEqual(expect.stringMatching(/Verify your email/))

    await expect(asAdmin('not-the-admin-key').query(outbox, {})).rejects.toThrow(/admin key was invalid/)
    const asUser = new ConvexHttpClient(server.url, { logger: false, auth: token })
    await expect(asUser.query(outbox, {})).rejects.toThrow(/Could not find public function for 'emails:outbox'/)
  })

  test('without a configured admin key, admin auth is refused', async () => {
    const verifyToken = vi.fn()
    await expect(callerFromHeader(`Convex ${ADMIN_KEY}`, verifyToken, undefined)).rejects.toMatchObject({
      status: 401,
      code: 'BadAdminKey',
    })
    expect(verifyToken).not.toHaveBeenCalled()
  })

  test('a tampered JWT is rejected over HTTP and WebSocket', async () => {
    const http = new ConvexHttpClient(server.url, { logger: false, auth: tampered(token) })
    await expect(http.query(api.auth.getCurrentUser, {})).rejects.toThrow(/Could not verify token/)
    const client = new ConvexClient(server.url, { logger: false })
    try {
      const authChanges: boolean[] = []
      client.setAuth(
        async () => tampered(token),
        (isAuthenticated) => authChanges.push(isAuthenticated),
      )
      await vi.waitFor(() => expect(authChanges).toEqual([false]), { timeout: 10_000 })
    } finally {
      await client.close()
    }
  })

  test('a ConvexError reaches the HTTP client with its data', async () => {
    const http = new ConvexHttpClient(server.url, { logger: false })
    const error = await http.mutation(api.users.updateName, { name: 'Nobody' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConvexError)
    expect((error as ConvexError<{ code: string }>).data.code).toBe('UNAUTHENTICATED')
  })

  test('bad requests get 400 or 404 with a message', async () => {
    const malformed = await fetch(`${server.url}/api/query`, { method: 'POST', body: '{not json' })
    expect(malformed.status).toBe(400)
    expect(await malformed.json()).toMatchObject({ message: expect.stringMatching(/not valid JSON/) })
    expect((await fetch(`${server.url}/api/nowhere`, { method: 'POST', body: '{}' })).status).toBe(404)
  })
})
