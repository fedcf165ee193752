import { v } from 'convex/values'
import { internalMutation } from './_generated/server'
import { authedQuery } from './lib/functions'
import { countSince, getAuthUser, isEmailOwned, isEmailTaken, setAccountEmail } from './model/accountEmails'
import { sendEmail } from './model/email'
import { emailChangedNotice, emailChangeTakenMessage, emailChangeVerifyMessage } from './model/emailTemplates'
import type { LinkOutcome } from './model/linkTokens'
import { recordSecurityEvent } from './model/securityEvents'
import { cancelPendingRecoveries, requestDetailsArgs } from './model/recoveries'
import { endEverySession } from './model/sessions'
import { endTrustedDevices } from './model/trustedDevices'
import { ErrorCode } from '../lib/error-codes'
import { SecurityEventType } from '../lib/security-events'
import {
  ACCOUNT_LINK_EMAILS_MAX_PER_WINDOW,
  ACCOUNT_LINK_EMAILS_WINDOW_MS,
  EMAIL_CHANGE_TOKEN_TTL_MS,
  EMAIL_CHANGE_UNDO_MS,
} from '../lib/policy'

/**
 * POST /email-change/request, after the fresh-session check. The answer is the same whether or not the address is
 * taken, as sign-up's is: a taken address gets a notice instead of a link, and nothing changes.
 */
export const request = internalMutation({
  args: {
    authUserId: v.string(),
    newEmail: v.string(),
    verifyUrl: v.string(),
    tokenHash: v.string(),
    ...requestDetailsArgs,
  },
  handler: async (ctx, { authUserId, newEmail, verifyUrl, tokenHash, ipAddress, userAgent }): Promise<LinkOutcome> => {
    const user = await getAuthUser(ctx, authUserId)
    if (!user) return { ok: false, code: ErrorCode.LinkInvalid }
    const earlier = await ctx.db
      .query('emailChanges')
      .withIndex('by_authUserId', (q) => q.eq('authUserId', authUserId))
      .collect()
    if (countSince(earlier, ACCOUNT_LINK_EMAILS_WINDOW_MS) >= ACCOUNT_LINK_EMAILS_MAX_PER_WINDOW)
      return { ok: false, code: ErrorCode.TooManyEmails }
    for (const row of earlier)
      if (row.status === 'pending') await ctx.db.patch('emailChanges', row._id, { status: 'superseded' })
    const taken = await isEmailTaken(ctx, newEmail)
    await ctx.db.insert('emailChanges', {
      authUserId,
      oldEmail: user.email,
      newEmail,
      status: taken ? 'taken' : 'pending',
      verifyTokenHash: tokenHash,
      verifyExpiresAt: Date.now() + EMAIL_CHANGE_TOKEN_TTL_MS,
    })
    await sendEmail(ctx, taken ? emailChangeTakenMessage(newEmail) : emailChangeVerifyMessage(newEmail, verifyUrl))
    await recordSecurityEvent(ctx, { authUserId, type: SecurityEventType.EmailChangeRequested, ipAddress, userAgent })
    return { ok: true }
  },
})

/** POST /email-change/verify: the new address is proven. It takes effect, and the old one gets the undo link. */
export const verify = internalMutation({
  args: { tokenHash: v.string(), undoUrl: v.string(), undoTokenHash: v.string(), ...requestDetailsArgs },
  handler: async (
    ctx,
    { tokenHash, undoUrl, undoTokenHash, ipAddress, userAgent },
  ): Promise<LinkOutcome<{ email: string }>> => {
    const change = await ctx.db
      .query('emailChanges')
      .withIndex('by_verifyTokenHash', (q) => q.eq('verifyTokenHash', tokenHash))
      .unique()
    if (!change || change.status === 'taken' || change.status === 'superseded')
      return { ok: false, code: ErrorCode.LinkInvalid }
    if (change.status !== 'pending') return { ok: false, code: ErrorCode.LinkUsed }
    if (Date.now() > change.verifyExpiresAt) return { ok: false, code: ErrorCode.LinkExpired }
    const user = await getAuthUser(ctx, change.authUserId)
    // The account's address changed some other way since: this link is for a state that is gone.
    if (!user || user.email !== change.oldEmail) return { ok: false, code: ErrorCode.LinkInvalid }
    if (await isEmailTaken(ctx, change.newEmail)) return { ok: false, code: ErrorCode.EmailTaken }
    await setAccountEmail(ctx, change.authUserId, change.newEmail)
    await ctx.db.patch('emailChanges', change._id, {
      status: 'completed',
      undoTokenHash,
      undoExpiresAt: Date.now() + EMAIL_CHANGE_UNDO_MS,
    })
    await sendEmail(ctx, emailChangedNotice(change.oldEmail, change.newEmail, undoUrl))
    await recordSecurityEvent(ctx, {
      authUserId: change.authUserId,
      type: SecurityEventType.EmailChanged,
      ipAddress,
      userAgent,
    })
    return { ok: true, email: change.newEmail }
  },
})

/**
 * POST /email-change/undo, from the old address. Whoever changed the address is assumed to have taken the account
 * over: the old address comes back, every session and trusted device ends and any recovery stops, so only the inbox
 * owner gets back in (by a password reset to that address if the password was changed too).
 */
export const undo = internalMutation({
  args: { tokenHash: v.string(), ...requestDetailsArgs },
  handler: async (ctx, { tokenHash, ipAddress, userAgent }): Promise<LinkOutcome<{ email: string }>> => {
    const change = await ctx.db
      .query('emailChanges')
      .withIndex('by_undoTokenHash', (q) => q.eq('undoTokenHash', tokenHash))
      .unique()
    if (!change) return { ok: false, code: ErrorCode.LinkInvalid }
    if (change.status === 'undone') return { ok: false, code: ErrorCode.LinkUsed }
    if (change.status !== 'completed' || change.undoExpiresAt === undefined)
      return { ok: false, code: ErrorCode.LinkInvalid }
    if (Date.now() > change.undoExpiresAt) return { ok: false, code: ErrorCode.LinkExpired }
    const user = await getAuthUser(ctx, change.authUserId)
    if (!user) return { ok: false, code: ErrorCode.LinkInvalid }
    if (user.email !== change.oldEmail) {
      // Held for this undo (isEmailTaken), so only a legacy app user can own it by now.
      if (await isEmailOwned(ctx, change.oldEmail)) return { ok: false, code: ErrorCode.EmailTaken }
      await setAccountEmail(ctx, change.authUserId, change.oldEmail)
    }
    await ctx.db.patch('emailChanges', change._id, { status: 'undone' })
    await endEverySession(ctx, change.authUserId)
    await endTrustedDevices(ctx, change.authUserId)
    await cancelPendingRecoveries(ctx, change.authUserId)
    await recordSecurityEvent(ctx, {
      authUserId: change.authUserId,
      type: SecurityEventType.EmailChangeUndone,
      ipAddress,
      userAgent,
    })
    return { ok: true, email: change.oldEmail }
  },
})

/** The change waiting for its link, for the settings page. */
export const pending = authedQuery({
  args: {},
  handler: async (ctx) => {
    const rows = await ctx.db
      .query('emailChanges')
      .withIndex('by_authUserId', (q) => q.eq('authUserId', ctx.user.authUser._id))
      .order('desc')
      .take(1)
    const row = rows[0]
    // A taken address shows as waiting too: the requester must not learn that it has an account.
    if (!row || (row.status !== 'pending' && row.status !== 'taken') || row.verifyExpiresAt < Date.now()) return null
    return { newEmail: row.newEmail, expiresAt: row.verifyExpiresAt }
  },
})
