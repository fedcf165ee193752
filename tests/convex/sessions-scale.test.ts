import type { FunctionReturnType } from 'convex/server'
import { describe, expect, test } from 'vitest'
import { api, components } from '../../convex/_generated/api'
import { ErrorCode } from '../../lib/error-codes'
import { SecurityEventType } from '../../lib/security-events'
import { insertSessions } from './accounts'
import { AuthClient, createBackend, uniqueEmail, type Backend } from './harness'

type UserClient = Awaited<ReturnType<AuthClient['asUser']>>

async function storedSessionCount(t: Backend, authUserId: string) {
  let count = 0
  let cursor: string | null = null
  do {
    const result = (await t.run((ctx) =>
      ctx.runQuery(components.betterAuth.adapter.findMany, {
        model: 'session',
        where: [{ field: 'userId', value: authUserId }],
        paginationOpts: { cursor, numItems: 500 },
      }),
    )) as { page: unknown[]; isDone: boolean; continueCursor: string }
    count += result.page.length
    cursor = result.isDone ? null : result.continueCursor
  } while (cursor)
  return count
}

/** Every session the list shows, page after page. */
async function listAll(user: UserClient, numItems: number) {
  const sessions: Array<{ id: string; current: boolean }> = []
  let cursor: string | null = null
  do {
    const result: FunctionReturnType<typeof api.sessions.list> = await user.query(api.sessions.list, {
      paginationOpts: { cursor, numItems },
    })
    sessions.push(...result.page)
    cursor = result.isDone ? null : result.continueCursor
  } while (cursor)
  return sessions
}

async function revokedEvents(user: UserClient) {
  const { page } = await user.query(api.securityEvents.list, { paginationOpts: { cursor: null, numItems: 100 } })
  return page.filter((event) => event.type === SecurityEventType.OtherSessionsRevoked)
}

/** A user signed in on a laptop and a phone, with `extra` more sessions: 2 + extra in all. */
async function manySessions(t: Backend, extra: number) {
  const email = uniqueEmail('many')
  const laptop = new AuthClient(t, '203.0.113.70')
  await laptop.signUp(email)
  const phone = new AuthClient(t, '203.0.113.71')
  await phone.signIn(email)
  const authUserId = (await laptop.request('/get-session')).json.user.id as string
  await insertSessions(t, authUserId, extra)
  return { laptop, phone, authUserId }
}

describe('sessions, however many', () => {
  test('with 251 sessions all are listed, page by page, and "sign out everywhere else" ends all 250 others', async () => {
    const t = createBackend()
    const { laptop, phone, authUserId } = await manySessions(t, 249)
    const asLaptop = await laptop.asUser()

    const listed = await listAll(asLaptop, 100)
    expect(listed).toHaveLength(251)
    expect(new Set(listed.map((s) => s.id)).size).toBe(251)
    expect(listed[0]).toMatchObject({ current: true })
    expect(listed.filter((s) => s.current)).toHaveLength(1)
    // The UI's "Show more" asks for one larger first page instead: the same sessions.
    expect(
      (await asLaptop.query(api.sessions.list, { paginationOpts: { cursor: null, numItems: 300 } })).page.map(
        (s) => s.id,
      ),
    ).toEqual(listed.map((s) => s.id))

    expect(await asLaptop.mutation(api.sessions.revokeOthers, {})).toBe(250)
    expect((await phone.request('/get-session')).json).toBeNull()
    expect(await storedSessionCount(t, authUserId)).toBe(1)
    expect(await listAll(asLaptop, 100)).toEqual([expect.objectContaining({ current: true })])
    expect((await laptop.request('/get-session')).json.user.id).toBe(authUserId)
  })

  test('more sessions than one transaction ends: the rest end straight after, and one event is logged', async () => {
    const t = createBackend()
    const { laptop, authUserId } = await manySessions(t, 1_100)
    const asLaptop = await laptop.asUser()
    const others = 1_101 // the phone and the 1,100 inserted

    const endedAtOnce = await asLaptop.mutation(api.sessions.revokeOthers, {})
    expect(endedAtOnce).toBeGreaterThan(0)
    expect(endedAtOnce).toBeLessThan(others)
    expect(await storedSessionCount(t, authUserId)).toBe(1 + others - endedAtOnce)
    await t.finishAllScheduledFunctions(() => {})
    expect(await storedSessionCount(t, authUserId)).toBe(1)
    expect(await revokedEvents(asLaptop)).toHaveLength(1)
  })

  test('"sign out everywhere else" with nobody else signed in logs nothing, however often it is called', async () => {
    const t = createBackend()
    const laptop = new AuthClient(t, '203.0.113.72')
    await laptop.signUp(uniqueEmail('alone'))
    const asLaptop = await laptop.asUser()
    for (let i = 0; i < 5; i++) expect(await asLaptop.mutation(api.sessions.revokeOthers, {})).toBe(0)
    expect(await revokedEvents(asLaptop)).toEqual([])
  })

  test('Better Auth’s own session endpoints are closed: they would skip the fresh-sign-in rule and read 100 sessions only', async () => {
    const t = createBackend()
    const { laptop, phone, authUserId } = await manySessions(t, 249)
    expect((await laptop.request('/list-sessions')).status).toBe(404)
    expect((await laptop.request('/revoke-other-sessions', { json: {} })).status).toBe(404)
    expect((await laptop.request('/revoke-sessions', { json: {} })).status).toBe(404)
    expect((await laptop.request('/revoke-session', { json: { token: `bulk-session-${authUserId}-0` } })).status).toBe(
      404,
    )
    expect(await storedSessionCount(t, authUserId)).toBe(251)
    expect((await phone.request('/get-session')).json.user.id).toBe(authUserId)
  })

  test('a page asks for 1 to 1000 sessions', async () => {
    const t = createBackend()
    const { laptop } = await manySessions(t, 0)
    const asLaptop = await laptop.asUser()
    for (const numItems of [0, -1, 1.5, 1001]) {
      await expect(
        asLaptop.query(api.sessions.list, { paginationOpts: { cursor: null, numItems } }),
      ).rejects.toMatchObject({
        data: { code: ErrorCode.InvalidPageSize },
      })
    }
  })

  test('a session beyond the first page can be signed out on its own', async () => {
    const t = createBackend()
    const { laptop, authUserId } = await manySessions(t, 300)
    const asLaptop = await laptop.asUser()
    const oldest = (await listAll(asLaptop, 100)).at(-1)!
    await asLaptop.mutation(api.sessions.revoke, { sessionId: oldest.id })
    expect(await storedSessionCount(t, authUserId)).toBe(301)
  })
})
