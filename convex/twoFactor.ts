import { ConvexError, v } from 'convex/values'
import { internalMutation } from './_generated/server'
import { authComponent, createAuth } from './auth'
import { authedQuery, type AuthedQueryCtx } from './lib/functions'
import { ErrorCode } from '../lib/error-codes'
import { TOTP_CODE_VALIDITY_MS } from '../lib/policy'

/**
 * `viewBackupCodes` is a server-only Better Auth call: it trusts the userId it is given.
 * Here the id always comes from the authenticated session, never from arguments.
 */
async function readBackupCodes(ctx: AuthedQueryCtx): Promise<string[]> {
  const { authUser } = ctx.user
  if (authUser.twoFactorEnabled !== true) {
    throw new ConvexError({ code: ErrorCode.TwoFactorNotEnabled, message: 'Two-factor authentication is not turned on.' })
  }
  const { auth } = await authComponent.getAuth(createAuth, ctx)
  const result = await auth.api.viewBackupCodes({ body: { userId: authUser._id } })
  return result.backupCodes
}

export const viewBackupCodes = authedQuery({
  args: {},
  handler: async (ctx) => ({ backupCodes: await readBackupCodes(ctx) }),
})

export const backupCodesRemaining = authedQuery({
  args: {},
  handler: async (ctx) => (await readBackupCodes(ctx)).length,
})

/**
 * Claims a TOTP code for a user before Better Auth checks it. Atomic, so two requests racing with the
 * same code cannot both pass: returns false when the code was already claimed inside its validity.
 */
export const claimTotpCode = internalMutation({
  args: { authUserId: v.string(), code: v.string() },
  handler: async (ctx, { authUserId, code }) => {
    const now = Date.now()
    const previous = await ctx.db
      .query('acceptedTotpCodes')
      .withIndex('by_authUserId_code', (q) => q.eq('authUserId', authUserId))
      .collect()
    for (const claim of previous) {
      if (claim.expiresAt <= now) await ctx.db.delete(claim._id)
      else if (claim.code === code) return false
    }
    await ctx.db.insert('acceptedTotpCodes', { authUserId, code, expiresAt: now + TOTP_CODE_VALIDITY_MS })
    return true
  },
})

/** Gives a claim back when Better Auth refused the code, so a mistyped code does not linger. */
export const releaseTotpCode = internalMutation({
  args: { authUserId: v.string(), code: v.string() },
  handler: async (ctx, { authUserId, code }) => {
    const claim = await ctx.db
      .query('acceptedTotpCodes')
      .withIndex('by_authUserId_code', (q) => q.eq('authUserId', authUserId).eq('code', code))
      .first()
    if (claim) await ctx.db.delete(claim._id)
    return null
  },
})
