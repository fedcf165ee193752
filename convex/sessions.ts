import { paginationOptsValidator } from 'convex/server'
import { ConvexError, v } from 'convex/values'
import { components } from './_generated/api'
import { internalMutation, internalQuery } from './_generated/server'
import { authComponent, createAuth } from './auth'
import { authedMutation, authedQuery } from './lib/functions'
import { requirePageSize } from './lib/paging'
import {
  endOtherSessions,
  getUserSession,
  isSessionFresh,
  pageUserSessions,
  requireFreshSession,
} from './model/sessions'
import { endTrustedDevices } from './model/trustedDevices'
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

/**
 * Where the user is signed in, newest sign-in first, one page at a time; the first page starts with this session.
 * Session tokens never leave the backend: only ids and device details.
 */
export const list = authedQuery({
  args: { paginationOpts: paginationOptsValidator },
  handler: async (ctx, { paginationOpts }) => {
    requirePageSize(paginationOpts)
    const mine = await requireFreshSession(ctx)
    const result = await pageUserSessions(ctx, ctx.user.authUser._id, paginationOpts)
    const others = result.page.filter((session) => session._id !== mine._id && session.expiresAt > Date.now())
    const sessions = paginationOpts.cursor === null ? [mine, ...others] : others
    return {
      ...result,
      page: sessions.map((session) => ({
        id: session._id,
        current: session._id === mine._id,
        createdAt: session.createdAt,
        lastActiveAt: session.updatedAt,
        ipAddress: session.ipAddress ?? null,
        userAgent: session.userAgent ?? null,
      })),
    }
  },
})

/** Signs one other session out. The current one signs out through Better Auth's sign-out. */
export const revoke = authedMutation({
  args: { sessionId: v.string() },
  handler: async (ctx, { sessionId }) => {
    const mine = await requireFreshSession(ctx)
    const target = await getUserSession(ctx, ctx.user.authUser._id, sessionId)
    if (!target || target._id === mine._id) {
      throw new ConvexError({
        code: ErrorCode.SessionNotFound,
        message: 'That session is not one of your other sessions.',
      })
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

/** "Sign out everywhere else". Returns how many sessions ended; beyond one batch the rest end a moment later. */
export const revokeOthers = authedMutation({
  args: {},
  handler: async (ctx) => {
    const mine = await requireFreshSession(ctx)
    const ended = await endOtherSessions(ctx, ctx.user.authUser._id, mine._id)
    // "Sign out everywhere" also ends every trusted device: none may skip the second factor afterwards.
    await endTrustedDevices(ctx, ctx.user.authUser._id)
    // Only what happened is logged, so calling this again and again adds nothing.
    if (ended > 0)
      await recordSecurityEvent(ctx, {
        authUserId: ctx.user.authUser._id,
        type: SecurityEventType.OtherSessionsRevoked,
      })
    return ended
  },
})

/** The rest of a revokeOthers that had more sessions than one transaction ends. */
export const endRemainingSessions = internalMutation({
  args: { authUserId: v.string(), keepSessionId: v.string() },
  handler: async (ctx, { authUserId, keepSessionId }) => {
    await endOtherSessions(ctx, authUserId, keepSessionId)
    return null
  },
})

/** For the step-up hook on Better Auth's own session endpoints. */
export const isFresh = internalQuery({
  args: { sessionId: v.string(), createdAt: v.number() },
  handler: async (ctx, { sessionId, createdAt }) => await isSessionFresh(ctx, { _id: sessionId, createdAt }),
})

/** Written by POST /api/auth/reauthenticate after the password checked out. */
export const markReauthenticated = internalMutation({
  args: { sessionId: v.string(), authUserId: v.string() },
  handler: async (ctx, { sessionId, authUserId }) => {
    const existing = await ctx.db
      .query('reauthentications')
      .withIndex('by_sessionId', (q) => q.eq('sessionId', sessionId))
      .unique()
    if (existing) await ctx.db.patch('reauthentications', existing._id, { at: Date.now() })
    else await ctx.db.insert('reauthentications', { sessionId, authUserId, at: Date.now() })
    return null
  },
})
