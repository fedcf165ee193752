import { getFunctionName, type FunctionReturnType } from 'convex/server'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { api, internal } from '../../convex/_generated/api'
import type { Id } from '../../convex/_generated/dataModel'
import crons from '../../convex/crons'
import { ErrorCode } from '../../lib/error-codes'
import { SecurityEventType } from '../../lib/security-events'
import { SECURITY_EVENT_RETENTION_MS } from '../../lib/policy'
import { AuthClient, createBackend, uniqueEmail, type Backend } from './harness'

const DAY_MS = 24 * 60 * 60 * 1000

afterEach(() => {
  vi.useRealTimers()
})

async function signedUp(t: Backend, address: string) {
  const browser = new AuthClient(t, address)
  await browser.signUp(uniqueEmail('log'))
  const asUser = await browser.asUser()
  const appUserId = (await asUser.query(api.auth.getCurrentUser, {}))!._id
  return { asUser, appUserId }
}

async function insertEvents(t: Backend, userId: Id<'users'>, count: number, userAgent: string) {
  await t.run(async (ctx) => {
    for (let i = 0; i < count; i++)
      await ctx.db.insert('securityEvents', {
        userId,
        type: SecurityEventType.PasswordChanged,
        userAgent: `${userAgent}/${i}`,
      })
  })
}

const eventsOf = (t: Backend, userId: Id<'users'>) =>
  t.run((ctx) =>
    ctx.db
      .query('securityEvents')
      .withIndex('by_userId', (q) => q.eq('userId', userId))
      .collect(),
  )

describe('the security log', () => {
  test('pages through every event, newest first, and shows only the owner’s', async () => {
    const t = createBackend()
    const owner = await signedUp(t, '203.0.113.80')
    const stranger = await signedUp(t, '203.0.113.81')
    await insertEvents(t, owner.appUserId, 120, 'Owner')
    await insertEvents(t, stranger.appUserId, 5, 'Stranger')

    const seen: Array<{ id: string; at: number; userAgent: string | null }> = []
    let cursor: string | null = null
    do {
      const result: FunctionReturnType<typeof api.securityEvents.list> = await owner.asUser.query(
        api.securityEvents.list,
        { paginationOpts: { cursor, numItems: 50 } },
      )
      expect(result.page.length).toBeLessThanOrEqual(50)
      seen.push(...result.page)
      cursor = result.isDone ? null : result.continueCursor
    } while (cursor)
    expect(seen).toHaveLength(120)
    expect(new Set(seen.map((e) => e.id)).size).toBe(120)
    expect(seen[0]!.userAgent).toBe('Owner/119')
    expect(seen.map((e) => e.at)).toEqual([...seen.map((e) => e.at)].sort((a, b) => b - a))
    expect(seen.some((e) => e.userAgent?.startsWith('Stranger'))).toBe(false)

    await expect(
      owner.asUser.query(api.securityEvents.list, { paginationOpts: { cursor: null, numItems: 1001 } }),
    ).rejects.toMatchObject({
      data: { code: ErrorCode.InvalidPageSize },
    })
  })

  test('the daily cron deletes events past the retention period, in batches, and keeps the rest', async () => {
    const nowMs = Date.now()
    vi.useFakeTimers({ toFake: ['Date'], now: nowMs - SECURITY_EVENT_RETENTION_MS - DAY_MS })
    const t = createBackend()
    const owner = await signedUp(t, '203.0.113.82')
    // More than one batch is old enough to go; a few a day younger than the limit must stay.
    await insertEvents(t, owner.appUserId, 2_500, 'Old')
    vi.setSystemTime(nowMs - SECURITY_EVENT_RETENTION_MS + DAY_MS)
    await insertEvents(t, owner.appUserId, 3, 'Recent')
    vi.setSystemTime(nowMs)
    const before = await eventsOf(t, owner.appUserId)
    expect(before.filter((e) => e.userAgent?.startsWith('Old'))).toHaveLength(2_500)

    await t.mutation(internal.securityEvents.deleteExpired, {})
    await t.finishAllScheduledFunctions(() => {})

    const after = await eventsOf(t, owner.appUserId)
    expect(after.map((e) => e.userAgent).filter((agent) => agent?.startsWith('Old'))).toEqual([])
    expect(after.filter((e) => e.userAgent?.startsWith('Recent'))).toHaveLength(3)
    expect(after.every((e) => e._creationTime >= nowMs - SECURITY_EVENT_RETENTION_MS)).toBe(true)
  })

  test('the cleanup runs every day', () => {
    const jobs = Object.values(crons.crons)
    const cleanup = jobs.find((job) => job.name === getFunctionName(internal.securityEvents.deleteExpired))
    expect(cleanup?.schedule).toMatchObject({ type: 'daily' })
  })
})
