import { afterEach, describe, expect, test, vi } from 'vitest'
import { api, components, internal } from '../../convex/_generated/api'
import type { TableNames } from '../../convex/_generated/dataModel'
import authSchema from '../../convex/betterAuth/schema'
import schema from '../../convex/schema'
import { ErrorCode } from '../../lib/error-codes'
import { SecurityEventType } from '../../lib/security-events'
import { insertSessions } from './accounts'
import { AuthClient, createBackend, PASSWORD, uniqueEmail, type Backend } from './harness'

const SECURITY_EVENTS = 20_000
const EXTRA_SESSIONS = 300
// Rows per t.run: each is one transaction, and Convex writes at most 16,000 documents in one.
const INSERT_CHUNK = 5_000
const FIRST_PAGE = { paginationOpts: { cursor: null, numItems: 50 } }

afterEach(() => {
  vi.useRealTimers()
})

/** Every row of every table, the app's and Better Auth's, read a page at a time. */
async function allRows(t: Backend) {
  const rows: Array<Record<string, unknown>> = []
  for (const table of Object.keys(schema.tables) as TableNames[]) {
    rows.push(...(await t.run((ctx) => ctx.db.query(table).collect())))
  }
  for (const model of Object.keys(authSchema.tables)) {
    let cursor: string | null = null
    do {
      const result = (await t.run((ctx) =>
        ctx.runQuery(components.betterAuth.adapter.findMany, {
          model: model as 'user',
          paginationOpts: { cursor, numItems: 1000 },
        }),
      )) as { page: Array<Record<string, unknown>>; isDone: boolean; continueCursor: string }
      rows.push(...result.page)
      cursor = result.isDone ? null : result.continueCursor
    } while (cursor)
  }
  return rows
}

const mentioning = (rows: Array<Record<string, unknown>>, needles: string[]) =>
  rows.filter((row) => needles.some((needle) => JSON.stringify(row).includes(needle)))

async function insertSecurityEvents(t: Backend, userId: string, count: number) {
  for (let done = 0; done < count; done += INSERT_CHUNK) {
    await t.run(async (ctx) => {
      const appUserId = ctx.db.normalizeId('users', userId)!
      for (let i = done; i < Math.min(count, done + INSERT_CHUNK); i++) {
        await ctx.db.insert('securityEvents', {
          userId: appUserId,
          type: SecurityEventType.NewDeviceSignIn,
          userAgent: `Device/${i}`,
        })
      }
    })
  }
}

describe('account deletion at scale', () => {
  test(`an account with ${SECURITY_EVENTS} security events and ${EXTRA_SESSIONS} more sessions is gone at once and entirely`, async () => {
    // Scheduled functions wait for the test to run them, so "at once" below is checked before any batch ran.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const t = createBackend()
    const email = uniqueEmail('deleted')
    const laptop = new AuthClient(t, '203.0.113.60')
    expect((await laptop.signUp(email)).status).toBe(200)
    const phone = new AuthClient(t, '203.0.113.61')
    expect((await phone.signIn(email)).status).toBe(200)
    const authUserId = (await laptop.request('/get-session')).json.user.id as string
    const appUserId = (await (await laptop.asUser()).query(api.auth.getCurrentUser, {}))!._id
    await insertSecurityEvents(t, appUserId, SECURITY_EVENTS)
    await insertSessions(t, authUserId, EXTRA_SESSIONS)
    const asPhone = await phone.asUser()
    expect((await asPhone.query(api.securityEvents.list, FIRST_PAGE)).page).toHaveLength(50)

    const countEvents = () =>
      t.run(
        async (ctx) =>
          (
            await ctx.db
              .query('securityEvents')
              .withIndex('by_userId', (q) => q.eq('userId', appUserId))
              .collect()
          ).length,
      )
    // Ours plus what the sign-ins above logged (the phone is a new device).
    const eventCount = await countEvents()
    expect(eventCount).toBeGreaterThanOrEqual(SECURITY_EVENTS)
    const requestedAtMs = Date.now()
    const deleted = await laptop.request('/delete-user', { json: { password: PASSWORD } })
    expect(deleted.status).toBe(200)

    // At once: no session, no token, no sign-in, and the phone's unexpired Convex token finds nobody.
    expect((await laptop.request('/get-session')).json).toBeNull()
    expect((await phone.request('/get-session')).json).toBeNull()
    expect((await phone.request('/convex/token')).status).toBe(401)
    expect(await asPhone.query(api.auth.getCurrentUser, {})).toBeNull()
    await expect(asPhone.query(api.securityEvents.list, FIRST_PAGE)).rejects.toMatchObject({
      data: { code: ErrorCode.Unauthenticated },
    })
    expect((await new AuthClient(t, '203.0.113.62').signIn(email)).status).toBe(401)
    // The bulk of the rows is still waiting for its batches...
    expect(await countEvents()).toBe(eventCount)

    // ...and the same email signs up again meanwhile.
    const newcomer = new AuthClient(t, '203.0.113.63')
    expect((await newcomer.signUp(email, 'Grace Hopper')).status).toBe(200)
    const newcomerId = (await newcomer.request('/get-session')).json.user.id as string
    expect(newcomerId).not.toBe(authUserId)

    await t.finishAllScheduledFunctions(vi.runAllTimers, 1000)

    const rows = await allRows(t)
    expect(mentioning(rows, [authUserId, appUserId])).toEqual([])
    // What still carries the email belongs to the newcomer, or was mailed to them after the deletion.
    const newcomerAppId = (await (await newcomer.asUser()).query(api.auth.getCurrentUser, {}))!._id
    for (const row of mentioning(rows, [email])) {
      const theirs = mentioning([row], [newcomerId, newcomerAppId]).length > 0
      const mailedLater = row.subject !== undefined && (row._creationTime as number) >= requestedAtMs
      expect(theirs || mailedLater, JSON.stringify(row)).toBe(true)
    }
    expect((await newcomer.request('/get-session')).json.user).toMatchObject({ id: newcomerId, name: 'Grace Hopper' })
  }, 120_000)

  test('if the request dies right after the account ended, no half-deleted account is left', async () => {
    const t = createBackend()
    const email = uniqueEmail('interrupted')
    const laptop = new AuthClient(t, '203.0.113.65')
    await laptop.signUp(email)
    const authUserId = (await laptop.request('/get-session')).json.user.id as string
    const appUserId = (await (await laptop.asUser()).query(api.auth.getCurrentUser, {}))!._id
    await insertSessions(t, authUserId, EXTRA_SESSIONS)

    // The one step of /delete-user that ends the account, and none of Better Auth's deletes after it.
    await t.mutation(internal.users.deleteAccount, { authUserId })
    expect((await laptop.request('/get-session')).json).toBeNull()
    expect((await new AuthClient(t, '203.0.113.66').signUp(email)).status).toBe(200)
    await t.finishAllScheduledFunctions(() => {})
    expect(mentioning(await allRows(t), [authUserId, appUserId])).toEqual([])
  })

  test('a wrong password deletes nothing, however large the account', async () => {
    const t = createBackend()
    const email = uniqueEmail('kept')
    const laptop = new AuthClient(t, '203.0.113.64')
    await laptop.signUp(email)
    const appUserId = (await (await laptop.asUser()).query(api.auth.getCurrentUser, {}))!._id
    await insertSecurityEvents(t, appUserId, INSERT_CHUNK)
    const before = mentioning(await allRows(t), [appUserId]).length

    expect((await laptop.request('/delete-user', { json: { password: 'not my password at all' } })).status).toBe(400)
    await t.finishAllScheduledFunctions(() => {})
    expect(mentioning(await allRows(t), [appUserId])).toHaveLength(before)
    expect((await laptop.request('/get-session')).json.user.email).toBe(email)
  })
})
