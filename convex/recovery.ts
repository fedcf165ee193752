import { v } from 'convex/values'
import { components, internal } from './_generated/api'
import type { Doc } from './_generated/dataModel'
import { internalMutation, internalQuery, type QueryCtx } from './_generated/server'
import { readRecoveryWaitingPeriodMs } from './lib/env'
import { countSince, getAuthUser, hasUndoableEmailChange } from './model/accountEmails'
import { sendEmail } from './model/email'
import { recoveryLinkMessage, recoveryStartedMessage } from './model/emailTemplates'
import type { LinkOutcome } from './model/linkTokens'
import { recordSecurityEvent } from './model/securityEvents'
import { cancelPendingRecoveries, cancelRecovery, recoveriesOf, requestDetailsArgs } from './model/recoveries'
import { endEverySession } from './model/sessions'
import { endTrustedDevices } from './model/trustedDevices'
import { ErrorCode } from '../lib/error-codes'
import { SecurityEventType } from '../lib/security-events'
import { ACCOUNT_LINK_EMAILS_MAX_PER_WINDOW, ACCOUNT_LINK_EMAILS_WINDOW_MS, RECOVERY_LINK_TTL_MS } from '../lib/policy'

// Wrong passwords one recovery link takes before it stops working; the link itself is rate-limited per client too.
const RECOVERY_LINK_MAX_FAILED_PASSWORDS = 5

/**
 * POST /recovery/request, for an address that has an account with a second factor (the endpoint answers the same
 * for every address). A recovery already waiting is left alone: its owner was told, and a new link adds nothing.
 * Nothing is sent while a change of the account's address can still be undone.
 */
export const request = internalMutation({
  args: { authUserId: v.string(), url: v.string(), tokenHash: v.string(), ...requestDetailsArgs },
  handler: async (ctx, { authUserId, url, tokenHash, ipAddress, userAgent }) => {
    const user = await getAuthUser(ctx, authUserId)
    if (user?.twoFactorEnabled !== true) return null
    const earlier = await recoveriesOf(ctx, authUserId)
    if (earlier.some((row) => row.status === 'waiting')) return null
    // An address the account has had for less than the undo window may be a taker's: the inbox of the owner, who
    // can still undo the change, would never hear of the recovery.
    if (await hasUndoableEmailChange(ctx, authUserId)) return null
    if (countSince(earlier, ACCOUNT_LINK_EMAILS_WINDOW_MS) >= ACCOUNT_LINK_EMAILS_MAX_PER_WINDOW) return null
    for (const row of earlier)
      if (row.status === 'emailed') await ctx.db.patch('accountRecoveries', row._id, { status: 'superseded' })
    await ctx.db.insert('accountRecoveries', {
      authUserId,
      status: 'emailed',
      startTokenHash: tokenHash,
      startExpiresAt: Date.now() + RECOVERY_LINK_TTL_MS,
      failedPasswords: 0,
    })
    await sendEmail(ctx, recoveryLinkMessage(user.email, url))
    await recordSecurityEvent(ctx, { authUserId, type: SecurityEventType.RecoveryRequested, ipAddress, userAgent })
    return null
  },
})

type StartableRecovery = LinkOutcome<{ recoveryId: Doc<'accountRecoveries'>['_id']; authUserId: string }>

function checkStartable(recovery: Doc<'accountRecoveries'> | null): StartableRecovery {
  if (!recovery || recovery.status === 'superseded') return { ok: false, code: ErrorCode.LinkInvalid }
  if (recovery.status !== 'emailed') return { ok: false, code: ErrorCode.LinkUsed }
  if (Date.now() > recovery.startExpiresAt || recovery.failedPasswords >= RECOVERY_LINK_MAX_FAILED_PASSWORDS) {
    return { ok: false, code: ErrorCode.LinkExpired }
  }
  return { ok: true, recoveryId: recovery._id, authUserId: recovery.authUserId }
}

const byStartToken = (ctx: QueryCtx, tokenHash: string) =>
  ctx.db
    .query('accountRecoveries')
    .withIndex('by_startTokenHash', (q) => q.eq('startTokenHash', tokenHash))
    .unique()

/** Whose account a recovery link is for, before its password is checked. */
export const findStartable = internalQuery({
  args: { tokenHash: v.string() },
  handler: async (ctx, { tokenHash }) => checkStartable(await byStartToken(ctx, tokenHash)),
})

export const recordFailedPassword = internalMutation({
  args: { recoveryId: v.id('accountRecoveries') },
  handler: async (ctx, { recoveryId }) => {
    const recovery = await ctx.db.get('accountRecoveries', recoveryId)
    if (recovery) await ctx.db.patch('accountRecoveries', recoveryId, { failedPasswords: recovery.failedPasswords + 1 })
    return null
  },
})

/**
 * POST /recovery/start, after the password checked out: the link is spent, the waiting period runs, and the owner
 * is told at once with a link to cancel. Checked again here, so two requests with one link start one recovery.
 */
export const start = internalMutation({
  args: { tokenHash: v.string(), cancelUrl: v.string(), cancelTokenHash: v.string(), ...requestDetailsArgs },
  handler: async (
    ctx,
    { tokenHash, cancelUrl, cancelTokenHash, ipAddress, userAgent },
  ): Promise<LinkOutcome<{ completesAt: number }>> => {
    const recovery = await byStartToken(ctx, tokenHash)
    const startable = checkStartable(recovery)
    if (!startable.ok) return startable
    const user = await getAuthUser(ctx, startable.authUserId)
    if (user?.twoFactorEnabled !== true) return { ok: false, code: ErrorCode.LinkInvalid }
    const completesAt = Date.now() + readRecoveryWaitingPeriodMs()
    const completion = await ctx.scheduler.runAt(completesAt, internal.recovery.complete, {
      recoveryId: startable.recoveryId,
    })
    await ctx.db.patch('accountRecoveries', startable.recoveryId, {
      status: 'waiting',
      cancelTokenHash,
      completesAt,
      completion,
    })
    await sendEmail(ctx, recoveryStartedMessage(user.email, cancelUrl, completesAt))
    await recordSecurityEvent(ctx, {
      authUserId: startable.authUserId,
      type: SecurityEventType.RecoveryStarted,
      ipAddress,
      userAgent,
    })
    return { ok: true, completesAt }
  },
})

/** POST /recovery/cancel: the owner's one click from the "recovery started" email. */
export const cancel = internalMutation({
  args: { tokenHash: v.string(), ...requestDetailsArgs },
  handler: async (ctx, { tokenHash, ipAddress, userAgent }): Promise<LinkOutcome> => {
    const recovery = await ctx.db
      .query('accountRecoveries')
      .withIndex('by_cancelTokenHash', (q) => q.eq('cancelTokenHash', tokenHash))
      .unique()
    if (!recovery) return { ok: false, code: ErrorCode.LinkInvalid }
    if (recovery.status === 'cancelled') return { ok: false, code: ErrorCode.LinkUsed }
    if (recovery.status !== 'waiting') return { ok: false, code: ErrorCode.LinkExpired }
    await cancelRecovery(ctx, recovery)
    await recordSecurityEvent(ctx, {
      authUserId: recovery.authUserId,
      type: SecurityEventType.RecoveryCancelled,
      ipAddress,
      userAgent,
    })
    return { ok: true }
  },
})

/** A full sign-in (second factor or a device it trusted) shows the owner still has the factor: recovery ends. */
export const cancelBySignIn = internalMutation({
  args: { authUserId: v.string(), ...requestDetailsArgs },
  handler: async (ctx, { authUserId, ipAddress, userAgent }) => {
    if (await cancelPendingRecoveries(ctx, authUserId))
      await recordSecurityEvent(ctx, { authUserId, type: SecurityEventType.RecoveryCancelled, ipAddress, userAgent })
    return null
  },
})

/**
 * Scheduled at the end of the waiting period: the second factor, trusted devices and every session go, and the
 * owner is asked to enroll again after the next sign-in.
 */
export const complete = internalMutation({
  args: { recoveryId: v.id('accountRecoveries') },
  handler: async (ctx, { recoveryId }) => {
    const recovery = await ctx.db.get('accountRecoveries', recoveryId)
    if (!recovery || recovery.status !== 'waiting' || (recovery.completesAt ?? Infinity) > Date.now()) return null
    const { authUserId } = recovery
    await ctx.runMutation(components.betterAuth.adapter.deleteMany, {
      input: { model: 'twoFactor', where: [{ field: 'userId', value: authUserId }] },
      paginationOpts: { cursor: null, numItems: 10 },
    })
    await ctx.runMutation(components.betterAuth.adapter.updateOne, {
      input: {
        model: 'user',
        where: [{ field: '_id', value: authUserId }],
        update: { twoFactorEnabled: false, updatedAt: Date.now() },
      },
    })
    await endTrustedDevices(ctx, authUserId)
    await endEverySession(ctx, authUserId)
    await ctx.db.patch('accountRecoveries', recoveryId, { status: 'completed', enrollAgain: true })
    await recordSecurityEvent(ctx, { authUserId, type: SecurityEventType.RecoveryCompleted })
    return null
  },
})

/** After the owner turned two-factor on again: nothing asks them to any more. */
export const enrolledAgain = internalMutation({
  args: { authUserId: v.string() },
  handler: async (ctx, { authUserId }) => {
    for (const row of await recoveriesOf(ctx, authUserId))
      if (row.enrollAgain) await ctx.db.patch('accountRecoveries', row._id, { enrollAgain: undefined })
    return null
  },
})
