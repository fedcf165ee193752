import { ConvexError, v } from 'convex/values'
import { internalMutation } from './_generated/server'
import { authComponent, createAuth } from './auth'
import { authedQuery, type AuthedQueryCtx } from './lib/functions'
import { recordSecurityEvent } from './model/securityEvents'
import { getCallerSession } from './model/sessions'
import { endTrustedDevices as endTrustedDevicesOf } from './model/trustedDevices'
import { ErrorCode } from '../lib/error-codes'
import { SecurityEventType } from '../lib/security-events'
import { BACKUP_CODES_VIEW_STEP_UP_MAX_AGE_S, TOTP_CODE_VALIDITY_MS } from '../lib/policy'

/**
 * `viewBackupCodes` is a server-only Better Auth call: it trusts the userId it is given.
 * Here the id always comes from the authenticated session, never from arguments.
 */
function assertTwoFactorOn(ctx: AuthedQueryCtx) {
  if (ctx.user.authUser.twoFactorEnabled !== true) {
    throw new ConvexError({
      code: ErrorCode.TwoFactorNotEnabled,
      message: 'Two-factor authentication is not turned on.',
    })
  }
}

async function readBackupCodes(ctx: AuthedQueryCtx): Promise<string[]> {
  assertTwoFactorOn(ctx)
  const { authUser } = ctx.user
  const { auth } = await authComponent.getAuth(createAuth, ctx)
  const result = await auth.api.viewBackupCodes({ body: { userId: authUser._id } })
  return result.backupCodes
}

/**
 * The backup codes again, like GitHub's sudo mode: only in the few minutes after this session re-entered its
 * password to see them (POST /reauthenticate with purpose "view-backup-codes"), which logged the view and emailed
 * the owner. A query cannot write, so the record is made by that mutation, before any code can be read.
 */
export const viewBackupCodes = authedQuery({
  args: {},
  handler: async (ctx) => {
    assertTwoFactorOn(ctx)
    const session = await getCallerSession(ctx)
    const grant = session
      ? await ctx.db
          .query('backupCodeViewGrants')
          .withIndex('by_sessionId', (q) => q.eq('sessionId', session._id))
          .unique()
      : null
    if (!grant || Date.now() - grant.grantedAt > BACKUP_CODES_VIEW_STEP_UP_MAX_AGE_S * 1000) {
      throw new ConvexError({
        code: ErrorCode.StepUpRequired,
        message: 'Enter your password again to see your backup codes.',
      })
    }
    return { backupCodes: await readBackupCodes(ctx) }
  },
})

export const backupCodesRemaining = authedQuery({
  args: {},
  handler: async (ctx) => (await readBackupCodes(ctx)).length,
})

/** Written by POST /api/auth/reauthenticate for purpose "view-backup-codes", after the password checked out. */
export const grantBackupCodesView = internalMutation({
  args: {
    sessionId: v.string(),
    authUserId: v.string(),
    ipAddress: v.optional(v.string()),
    userAgent: v.optional(v.string()),
  },
  handler: async (ctx, { sessionId, authUserId, ipAddress, userAgent }) => {
    const existing = await ctx.db
      .query('backupCodeViewGrants')
      .withIndex('by_sessionId', (q) => q.eq('sessionId', sessionId))
      .unique()
    if (existing) await ctx.db.patch('backupCodeViewGrants', existing._id, { grantedAt: Date.now() })
    else await ctx.db.insert('backupCodeViewGrants', { sessionId, authUserId, grantedAt: Date.now() })
    await recordSecurityEvent(ctx, { authUserId, type: SecurityEventType.BackupCodesViewed, ipAddress, userAgent })
    return null
  },
})

export const endTrustedDevices = internalMutation({
  args: { authUserId: v.string() },
  handler: async (ctx, { authUserId }) => {
    await endTrustedDevicesOf(ctx, authUserId)
    return null
  },
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
      if (claim.expiresAt <= now) await ctx.db.delete('acceptedTotpCodes', claim._id)
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
    if (claim) await ctx.db.delete('acceptedTotpCodes', claim._id)
    return null
  },
})
