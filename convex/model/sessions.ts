import { ConvexError } from 'convex/values'
import { components } from '../_generated/api'
import type { QueryCtx } from '../_generated/server'
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

/** The Better Auth session behind the caller's token, or null. */
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

export const sessionNotFresh = { code: ErrorCode.SessionNotFresh, message: 'Enter your password again to continue.' } as const

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
