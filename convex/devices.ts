/**
 * Devices and password guessing, per account (OWASP's device cookies). Each counter is read and written in one
 * mutation, so concurrent guesses cannot slip past a stale count. Called by the Better Auth plugin in
 * convex/model/guessingProtection.ts, which runs in HTTP actions.
 */
import { v } from 'convex/values'
import type { Doc } from './_generated/dataModel'
import { internal } from './_generated/api'
import { internalMutation, type MutationCtx } from './_generated/server'
import { deleteBatchThenContinue } from './lib/cleanup'
import { recordSecurityEvent } from './model/securityEvents'
import { normalizeEmail } from './model/users'
import { SecurityEventType } from '../lib/security-events'
import {
  ACCOUNT_GUESSING_LOCKOUT_S,
  ACCOUNT_GUESSING_MAX_FAILURES,
  ACCOUNT_GUESSING_WINDOW_S,
  FAILED_SIGN_IN_LOG_BUCKET_MS,
} from '../lib/policy'

const USER_AGENT_MAX_LENGTH = 300

const attempt = {
  email: v.string(),
  deviceId: v.optional(v.string()),
  ipAddress: v.optional(v.string()),
  userAgent: v.optional(v.string()),
}

type Counter = { failedPasswords?: number; failuresSince?: number; lockedUntil?: number }

/** The counter as it stands now: an old window or an ended lockout starts from zero. */
function current(counter: Counter | null, now: number) {
  if (!counter) return { failedPasswords: 0, failuresSince: now, lockedUntil: undefined }
  const lockEnded = counter.lockedUntil !== undefined && counter.lockedUntil <= now
  const windowEnded = now - (counter.failuresSince ?? 0) > ACCOUNT_GUESSING_WINDOW_S * 1000
  if (lockEnded || (windowEnded && counter.lockedUntil === undefined))
    return { failedPasswords: 0, failuresSince: now, lockedUntil: undefined }
  return {
    failedPasswords: counter.failedPasswords ?? 0,
    failuresSince: counter.failuresSince ?? now,
    lockedUntil: counter.lockedUntil,
  }
}

async function accountOf(ctx: MutationCtx, email: string) {
  return await ctx.db
    .query('users')
    .withIndex('by_email', (q) => q.eq('email', email))
    .unique()
}

async function knownDevice(ctx: MutationCtx, user: Doc<'users'> | null, deviceId: string | undefined) {
  if (!user || !deviceId) return null
  return await ctx.db
    .query('knownDevices')
    .withIndex('by_userId_deviceId', (q) => q.eq('userId', user._id).eq('deviceId', deviceId))
    .unique()
}

async function guardOf(ctx: MutationCtx, email: string) {
  return await ctx.db
    .query('passwordGuards')
    .withIndex('by_email', (q) => q.eq('email', email))
    .unique()
}

/** The counter a password attempt was charged to, with its table, so it can be written back. */
async function chargedCounter(ctx: MutationCtx, email: string, deviceId: string | undefined, on: 'device' | 'account') {
  if (on === 'device') {
    const device = await knownDevice(ctx, await accountOf(ctx, email), deviceId)
    return device && { table: 'knownDevices' as const, doc: device }
  }
  const guard = await guardOf(ctx, email)
  return guard && { table: 'passwordGuards' as const, doc: guard }
}

type ChargedCounter = NonNullable<Awaited<ReturnType<typeof chargedCounter>>>

async function patchCounter(ctx: MutationCtx, counter: ChargedCounter, fields: Counter) {
  if (counter.table === 'knownDevices') await ctx.db.patch('knownDevices', counter.doc._id, fields)
  else await ctx.db.patch('passwordGuards', counter.doc._id, fields)
}

const lockoutEnd = (now: number) => now + ACCOUNT_GUESSING_LOCKOUT_S * 1000
const exhausted = (counter: ReturnType<typeof current>) =>
  counter.lockedUntil !== undefined || counter.failedPasswords >= ACCOUNT_GUESSING_MAX_FAILURES

const countedOn = v.union(v.literal('device'), v.literal('account'))

/**
 * Before a password is checked: charges the attempt up front (a right password gives it back), so that however
 * many guesses arrive at once, at most ACCOUNT_GUESSING_MAX_FAILURES get checked. A device that signed in to the
 * account before spends a budget of its own; every other device shares the account's.
 */
export const beginPasswordAttempt = internalMutation({
  args: attempt,
  handler: async (
    ctx,
    args,
  ): Promise<{ allowed: true; countedOn: 'device' | 'account' } | { allowed: false; retryAfterS: number }> => {
    const now = Date.now()
    const email = normalizeEmail(args.email)
    const device = await knownDevice(ctx, await accountOf(ctx, email), args.deviceId)
    const deviceCounter = device && current(device, now)
    if (device && deviceCounter && !exhausted(deviceCounter)) {
      await ctx.db.patch('knownDevices', device._id, {
        failedPasswords: deviceCounter.failedPasswords + 1,
        failuresSince: deviceCounter.failuresSince,
        lockedUntil: undefined,
      })
      return { allowed: true, countedOn: 'device' }
    }
    // A known device that used up its own budget is treated like any other.
    const guard = await guardOf(ctx, email)
    const counter = current(guard, now)
    if (exhausted(counter)) {
      // Still checking the last guesses (no lockout yet): the lockout they may start is the honest wait.
      return { allowed: false, retryAfterS: Math.ceil(((counter.lockedUntil ?? lockoutEnd(now)) - now) / 1000) }
    }
    const next = {
      email,
      failedPasswords: counter.failedPasswords + 1,
      failuresSince: counter.failuresSince,
      lockedUntil: undefined,
    }
    if (guard) await ctx.db.patch('passwordGuards', guard._id, next)
    else await ctx.db.insert('passwordGuards', next)
    return { allowed: true, countedOn: 'account' }
  },
})

/** The password was right: the counter it was charged to starts again. */
export const passwordAttemptSucceeded = internalMutation({
  args: { email: v.string(), deviceId: v.optional(v.string()), countedOn },
  handler: async (ctx, args) => {
    const counter = await chargedCounter(ctx, normalizeEmail(args.email), args.deviceId, args.countedOn)
    if (counter && counter.doc.lockedUntil === undefined)
      await patchCounter(ctx, counter, { failedPasswords: 0, failuresSince: Date.now() })
    return null
  },
})

/** The request failed before any password was checked (bad input, another rule): it is not a guess. */
export const refundPasswordAttempt = internalMutation({
  args: { email: v.string(), deviceId: v.optional(v.string()), countedOn },
  handler: async (ctx, args) => {
    const counter = await chargedCounter(ctx, normalizeEmail(args.email), args.deviceId, args.countedOn)
    if (counter && (counter.doc.failedPasswords ?? 0) > 0 && counter.doc.lockedUntil === undefined) {
      await patchCounter(ctx, counter, { failedPasswords: (counter.doc.failedPasswords ?? 1) - 1 })
    }
    return null
  },
})

/**
 * A wrong password. The charge stays; the budget used up starts the lockout (and the owner hears of the
 * account's); the owner's security log gets one entry per hour with a count, not a row per guess.
 */
export const recordFailedPassword = internalMutation({
  args: { ...attempt, countedOn },
  handler: async (ctx, args) => {
    const now = Date.now()
    const email = normalizeEmail(args.email)
    const user = await accountOf(ctx, email)
    const counter = await chargedCounter(ctx, email, args.deviceId, args.countedOn)
    const startsLockout =
      counter &&
      counter.doc.lockedUntil === undefined &&
      (counter.doc.failedPasswords ?? 0) >= ACCOUNT_GUESSING_MAX_FAILURES
    if (counter && startsLockout) await patchCounter(ctx, counter, { lockedUntil: lockoutEnd(now) })
    if (!user?.authUserId) return null
    const details = { ipAddress: args.ipAddress, userAgent: args.userAgent?.slice(0, USER_AGENT_MAX_LENGTH) }
    if (startsLockout && args.countedOn === 'account') {
      await recordSecurityEvent(ctx, { authUserId: user.authUserId, type: SecurityEventType.SignInLocked, ...details })
    }
    const bucketStart = Math.floor(now / FAILED_SIGN_IN_LOG_BUCKET_MS) * FAILED_SIGN_IN_LOG_BUCKET_MS
    const recent = await ctx.db
      .query('securityEvents')
      .withIndex('by_userId', (q) => q.eq('userId', user._id).gte('_creationTime', bucketStart))
      .collect()
    const entry = recent.find((event) => event.type === SecurityEventType.FailedSignIns)
    if (entry) await ctx.db.patch('securityEvents', entry._id, { count: (entry.count ?? 1) + 1, ...details })
    else
      await ctx.db.insert('securityEvents', {
        userId: user._id,
        type: SecurityEventType.FailedSignIns,
        count: 1,
        ...details,
      })
    return null
  },
})

/** A password reset proves the inbox: sign-in from new devices opens again. */
export const clearPasswordGuard = internalMutation({
  args: { email: v.string() },
  handler: async (ctx, args) => {
    const guard = await guardOf(ctx, normalizeEmail(args.email))
    if (guard) await ctx.db.delete('passwordGuards', guard._id)
    return null
  },
})

/**
 * A session was issued to this device. A device new to the account (no device cookie from an earlier sign-in
 * to it) is a security event and an email, unless it is the account's first; a browser update changes
 * nothing, because the cookie, not the user agent, names the device.
 */
export const recordSignIn = internalMutation({
  args: {
    authUserId: v.string(),
    deviceId: v.string(),
    userAgent: v.optional(v.string()),
    ipAddress: v.optional(v.string()),
  },
  handler: async (ctx, { authUserId, deviceId, userAgent, ipAddress }) => {
    const user = await ctx.db
      .query('users')
      .withIndex('by_authUserId', (q) => q.eq('authUserId', authUserId))
      .unique()
    if (!user) return null
    const known = await knownDevice(ctx, user, deviceId)
    if (known) {
      await ctx.db.patch('knownDevices', known._id, { userAgent, lastSignInAt: Date.now() })
      return null
    }
    const devices = await ctx.db
      .query('knownDevices')
      .withIndex('by_userId_deviceId', (q) => q.eq('userId', user._id))
      .first()
    await ctx.db.insert('knownDevices', { userId: user._id, deviceId, userAgent, lastSignInAt: Date.now() })
    if (devices !== null)
      await recordSecurityEvent(ctx, { authUserId, type: SecurityEventType.NewDeviceSignIn, userAgent, ipAddress })
    return null
  },
})

/**
 * Run hourly by convex/crons.ts. Guesses at any address, with an account or not, leave a guard row; once its window
 * and the longest lockout it could have started are over, `current()` ignores it, so it goes, oldest first.
 */
export const deleteStaleGuards = internalMutation({
  args: {},
  handler: async (ctx) => {
    const cutoff = Date.now() - (ACCOUNT_GUESSING_WINDOW_S + ACCOUNT_GUESSING_LOCKOUT_S) * 1000
    const stale = ctx.db.query('passwordGuards').withIndex('by_failuresSince', (q) => q.lt('failuresSince', cutoff))
    await deleteBatchThenContinue(ctx, 'passwordGuards', stale, internal.devices.deleteStaleGuards)
    return null
  },
})
