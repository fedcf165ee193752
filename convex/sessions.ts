import { ConvexError, v } from 'convex/values'
import { components } from './_generated/api'
import { internalMutation } from './_generated/server'
import { authComponent, createAuth } from './auth'
import { authedMutation, authedQuery } from './lib/functions'
import { requireFreshSession, type AuthSession } from './model/sessions'
import { recordSecurityEvent } from './model/securityEvents'
import { ErrorCode } from '../lib/error-codes'
import { SecurityEventType } from '../lib/security-events'

/** Better Auth's view of the current session, read server-side with the session's own token. */
export const current = authedQuery({
  args: {},
  handler: async (ctx) => {
    const { auth, headers } = await authComponent.getAuth(createAuth, ctx)
    // A query cannot write, so Better Auth must not try to extend the session here.
    const result = await auth.api.getSession({ headers, query: { disableRefresh: true } })
    if (!result) return null
    const { session } = result
    return {
      id: session.id,
      createdAt: new Date(session.createdAt).getTime(),
      expiresAt: new Date(session.expiresAt).getTime(),
      ipAddress: session.ipAddress ?? null,
      userAgent: session.userAgent ?? null,
    }
  },
})

async function listUserSessions(ctx: Parameters<typeof requireFreshSession>[0], authUserId: string) {
  const result = (await ctx.runQuery(components.betterAuth.adapter.findMany, {
    model: 'session',
    where: [{ field: 'userId', value: authUserId }],
    paginationOpts: { cursor: null, numItems: 200 },
  })) as unknown as { page: AuthSession[] }
  return result.page.filter((session) => session.expiresAt > Date.now())
}

/** Where the user is signed in. Session tokens never leave the backend: only ids and device details. */
export const list = authedQuery({
  args: {},
  handler: async (ctx) => {
    const mine = await requireFreshSession(ctx)
    const sessions = await listUserSessions(ctx, ctx.user.authUser._id)
    return sessions
      .map((session) => ({
        id: session._id,
        current: session._id === mine._id,
        createdAt: session.createdAt,
        lastActiveAt: session.updatedAt,
        ipAddress: session.ipAddress ?? null,
        userAgent: session.userAgent ?? null,
      }))
      .sort((a, b) => Number(b.current) - Number(a.current) || b.lastActiveAt - a.lastActiveAt)
  },
})

/** Signs one other session out. The current one signs out through Better Auth's sign-out. */
export const revoke = authedMutation({
  args: { sessionId: v.string() },
  handler: async (ctx, { sessionId }) => {
    const mine = await requireFreshSession(ctx)
    const target = (await listUserSessions(ctx, ctx.user.authUser._id)).find((session) => session._id === sessionId)
    if (!target || target._id === mine._id) {
      throw new ConvexError({ code: ErrorCode.SessionNotFound, message: 'That session is not one of your other sessions.' })
    }
    await ctx.runMutation(components.betterAuth.adapter.deleteOne, {
      input: { model: 'session', where: [{ field: '_id', value: target._id }] },
    })
    await recordSecurityEvent(ctx, {
      authUserId: ctx.user.authUser._id,
      type: SecurityEventType.SessionRevoked,
      userAgent: target.userAgent,
      ipAddress: target.ipAddress,
    })
    return null
  },
})

export const revokeOthers = authedMutation({
  args: {},
  handler: async (ctx) => {
    const mine = await requireFreshSession(ctx)
    const others = (await listUserSessions(ctx, ctx.user.authUser._id)).filter((session) => session._id !== mine._id)
    for (const session of others) {
      await ctx.runMutation(components.betterAuth.adapter.deleteOne, {
        input: { model: 'session', where: [{ field: '_id', value: session._id }] },
      })
    }
    await recordSecurityEvent(ctx, { authUserId: ctx.user.authUser._id, type: SecurityEventType.OtherSessionsRevoked })
    return others.length
  },
})

/** Written by POST /api/auth/reauthenticate after the password checked out. */
export const markReauthenticated = internalMutation({
  args: { sessionId: v.string(), authUserId: v.string() },
  handler: async (ctx, { sessionId, authUserId }) => {
    const existing = await ctx.db
      .query('reauthentications')
      .withIndex('by_sessionId', (q) => q.eq('sessionId', sessionId))
      .unique()
    if (existing) await ctx.db.patch(existing._id, { at: Date.now() })
    else await ctx.db.insert('reauthentications', { sessionId, authUserId, at: Date.now() })
    return null
  },
})
