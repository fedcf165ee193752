import type { PaginationOptions, PaginationResult } from 'convex/server'
import { ConvexError } from 'convex/values'
import { components, internal } from '../_generated/api'
import type { MutationCtx, QueryCtx } from '../_generated/server'
import { ErrorCode } from '../../lib/error-codes'
import { FRESH_SESSION_MAX_AGE_S } from '../../lib/policy'

export type AuthSession = {
  _id: string
  userId: string
  createdAt: number
  updatedAt: number
  expiresAt: number
  ipAddress?: string | null
  userAgent?: string | null
}

export async function getCallerSession(ctx: QueryCtx): Promise<AuthSession | null> {
  const identity = await ctx.auth.getUserIdentity()
  if (!identity || typeof identity.sessionId !== 'string') return null
  return (await ctx.runQuery(components.betterAuth.adapter.findOne, {
    model: 'session',
    where: [{ field: '_id', value: identity.sessionId }],
  })) as AuthSession | null
}

/**
 * The step-up rule, the one place it is decided: a session is fresh when it signed in, or re-entered its password,
 * at most FRESH_SESSION_MAX_AGE_S ago. Used by the Convex functions below and by the before-hook on Better Auth's
 * own session endpoints (convex/model/accountSecurity.ts), so no door skips it.
 */
export async function isSessionFresh(ctx: QueryCtx, session: Pick<AuthSession, '_id' | 'createdAt'>): Promise<boolean> {
  const reauthentication = await ctx.db
    .query('reauthentications')
    .withIndex('by_sessionId', (q) => q.eq('sessionId', session._id))
    .unique()
  const provenAtMs = Math.max(new Date(session.createdAt).getTime(), reauthentication?.at ?? 0)
  return Date.now() - provenAtMs <= FRESH_SESSION_MAX_AGE_S * 1000
}

export const sessionNotFresh = {
  code: ErrorCode.SessionNotFresh,
  message: 'Enter your password again to continue.',
} as const

/**
 * Sensitive actions need a fresh session (isSessionFresh). A stale one gets SESSION_NOT_FRESH, which the UI
 * answers by asking for the password (POST /api/auth/reauthenticate).
 */
export async function requireFreshSession(ctx: QueryCtx): Promise<AuthSession> {
  const session = await getCallerSession(ctx)
  if (!session) throw new ConvexError({ code: ErrorCode.Unauthenticated, message: 'Sign in to continue.' })
  if (!(await isSessionFresh(ctx, session))) throw new ConvexError(sessionNotFresh)
  return session
}

/**
 * Better Auth's own session endpoints, closed: they skip the fresh-sign-in rule above, and they read one page of
 * 100 sessions, so "revoke other sessions" left the rest signed in. convex/sessions.ts is the one door.
 */
export const BETTER_AUTH_SESSION_PATHS: string[] = [
  '/list-sessions',
  '/revoke-session',
  '/revoke-sessions',
  '/revoke-other-sessions',
]

/** One page of the user's sessions, newest sign-in first. */
export async function pageUserSessions(ctx: QueryCtx, authUserId: string, paginationOpts: PaginationOptions) {
  return (await ctx.runQuery(components.betterAuth.adapter.findMany, {
    model: 'session',
    where: [{ field: 'userId', value: authUserId }],
    sortBy: { field: 'createdAt', direction: 'desc' },
    paginationOpts,
  })) as unknown as PaginationResult<AuthSession>
}

export async function getUserSession(ctx: QueryCtx, authUserId: string, sessionId: string) {
  const session = (await ctx.runQuery(components.betterAuth.adapter.findOne, {
    model: 'session',
    where: [{ field: '_id', value: sessionId }],
  })) as AuthSession | null
  return session?.userId === authUserId ? session : null
}

// Sessions ended in one transaction; more than that are ended by a scheduled run straight after.
const END_SESSIONS_BATCH_SIZE = 1000
const DELETE_PAGE_SIZE = 200

/** Ends every session of the user, as endOtherSessions does. */
export const endEverySession = (ctx: MutationCtx, authUserId: string) => endOtherSessions(ctx, authUserId, '')

/** Ends every session of the user but one: a batch now, the rest scheduled. Returns how many ended now. */
export async function endOtherSessions(ctx: MutationCtx, authUserId: string, keepSessionId: string): Promise<number> {
  let ended = 0
  let cursor: string | null = null
  do {
    const result: { count: number; isDone: boolean; continueCursor: string } = await ctx.runMutation(
      components.betterAuth.adapter.deleteMany,
      {
        input: {
          model: 'session',
          where: [
            { field: 'userId', value: authUserId },
            { field: '_id', operator: 'not_in', value: [keepSessionId] },
          ],
        },
        paginationOpts: { cursor, numItems: Math.min(DELETE_PAGE_SIZE, END_SESSIONS_BATCH_SIZE - ended) },
      },
    )
    ended += result.count
    cursor = result.isDone ? null : result.continueCursor
  } while (cursor !== null && ended < END_SESSIONS_BATCH_SIZE)
  if (cursor !== null)
    await ctx.scheduler.runAfter(0, internal.sessions.endRemainingSessions, { authUserId, keepSessionId })
  return ended
}
