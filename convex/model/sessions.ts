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
 * Sensitive actions need a session that signed in, or re-entered its password, recently. A stale one
 * gets SESSION_NOT_FRESH, which the UI answers by asking for the password (POST /api/auth/reauthenticate).
 */
export async function requireFreshSession(ctx: QueryCtx): Promise<AuthSession> {
  const session = await getCallerSession(ctx)
  if (!session) throw new ConvexError({ code: ErrorCode.Unauthenticated, message: 'Sign in to continue.' })
  const reauthentication = await ctx.db
    .query('reauthentications')
    .withIndex('by_sessionId', (q) => q.eq('sessionId', session._id))
    .unique()
  const provenAtMs = Math.max(session.createdAt, reauthentication?.at ?? 0)
  if (Date.now() - provenAtMs > FRESH_SESSION_MAX_AGE_S * 1000) {
    throw new ConvexError({ code: ErrorCode.SessionNotFresh, message: 'Enter your password again to continue.' })
  }
  return session
}
