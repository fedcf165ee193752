/**
 * Attempt counters that must be exact when requests arrive at once. On Convex, HTTP actions run in parallel and
 * Better Auth's adapter makes each database call its own transaction, so a counter it reads in one call and
 * writes in another loses increments (get-convex/better-auth issue 432). Each decision here is one mutation:
 * - Better Auth's rate limits, through `rateLimit.customStorage` (`rateLimitStorage`);
 * - the account-wide second-factor lockout, kept in Better Auth's own twoFactor row.
 */
import type { BetterAuthOptions } from 'better-auth'
import type { GenericCtx } from '@convex-dev/better-auth'
import { requireRunMutationCtx } from '@convex-dev/better-auth/utils'
import { v } from 'convex/values'
import { components, internal } from './_generated/api'
import type { DataModel } from './_generated/dataModel'
import { internalMutation, internalQuery, type MutationCtx } from './_generated/server'
import { recordSecurityEvent } from './model/securityEvents'
import { SecurityEventType } from '../lib/security-events'
import { RATE_LIMIT_CLEANUP_BATCH, TWO_FACTOR_LOCKOUT_DURATION_S, TWO_FACTOR_LOCKOUT_MAX_FAILURES } from '../lib/policy'

const retryAfterS = (untilMs: number, nowMs: number) => Math.max(1, Math.ceil((untilMs - nowMs) / 1000))

/** Expired rows go a few at a time, oldest first by index, whenever a new row is written: never a table scan. */
async function deleteExpiredRateLimits(ctx: MutationCtx, nowMs: number) {
  const expired = await ctx.db
    .query('rateLimits')
    .withIndex('by_expiresAt', (q) => q.lt('expiresAt', nowMs))
    .take(RATE_LIMIT_CLEANUP_BATCH)
  for (const row of expired) await ctx.db.delete('rateLimits', row._id)
}

/**
 * Counts one request against `key` and says whether it may go on. Same rule as Better Auth's database storage:
 * the window restarts once `windowS` has passed since the last admitted request.
 */
export const consume = internalMutation({
  args: { key: v.string(), windowS: v.number(), max: v.number() },
  returns: v.object({ allowed: v.boolean(), retryAfterS: v.union(v.number(), v.null()) }),
  handler: async (ctx, { key, windowS, max }) => {
    const now = Date.now()
    const windowMs = windowS * 1000
    const row = await ctx.db
      .query('rateLimits')
      .withIndex('by_key', (q) => q.eq('key', key))
      .unique()
    if (!row || now - row.lastRequest > windowMs) {
      const fresh = { count: 1, lastRequest: now, expiresAt: now + windowMs }
      if (row) await ctx.db.patch('rateLimits', row._id, fresh)
      else await ctx.db.insert('rateLimits', { key, ...fresh })
      await deleteExpiredRateLimits(ctx, now)
      return { allowed: true, retryAfterS: null }
    }
    if (row.count >= max) return { allowed: false, retryAfterS: retryAfterS(row.lastRequest + windowMs, now) }
    await ctx.db.patch('rateLimits', row._id, { count: row.count + 1, lastRequest: now, expiresAt: now + windowMs })
    return { allowed: true, retryAfterS: null }
  },
})

export const get = internalQuery({
  args: { key: v.string() },
  handler: async (ctx, { key }) => {
    const row = await ctx.db
      .query('rateLimits')
      .withIndex('by_key', (q) => q.eq('key', key))
      .unique()
    return row && { key: row.key, count: row.count, lastRequest: row.lastRequest }
  },
})

/** Better Auth's rate-limit storage; only `consume` runs, `get` is part of its interface. */
export function rateLimitStorage(
  ctx: GenericCtx<DataModel>,
): NonNullable<NonNullable<BetterAuthOptions['rateLimit']>['customStorage']> {
  return {
    consume: async (key, rule) => {
      const { allowed, retryAfterS } = await requireRunMutationCtx(ctx).runMutation(internal.rateLimits.consume, {
        key,
        windowS: rule.window,
        max: rule.max,
      })
      return { allowed, retryAfter: retryAfterS }
    },
    get: (key) => requireRunMutationCtx(ctx).runQuery(internal.rateLimits.get, { key }),
    set: () => {
      // Reached only by storages without `consume`; a separate read and write is what this module replaces.
      throw new Error('rateLimits: set is not supported; Better Auth uses consume')
    },
  }
}

type TwoFactorRow = { _id: string; failedVerificationCount?: number | null; lockedUntil?: number | null }

const findTwoFactorRow = (ctx: MutationCtx, authUserId: string) =>
  ctx.runQuery(components.betterAuth.adapter.findOne, {
    model: 'twoFactor',
    where: [{ field: 'userId', value: authUserId }],
  }) as Promise<TwoFactorRow | null>

const updateTwoFactorRow = (
  ctx: MutationCtx,
  row: TwoFactorRow,
  update: { failedVerificationCount: number; lockedUntil: number | null },
) =>
  ctx.runMutation(components.betterAuth.adapter.updateOne, {
    input: { model: 'twoFactor', where: [{ field: '_id', value: row._id }], update },
  })

/**
 * Takes one of the account's second-factor attempts before the code is checked, so attempts in flight count too:
 * the attempt that spends the budget locks the account at once, and a success gives the budget back
 * (`clearSecondFactorFailures`). Refuses while the account is locked.
 */
export const beginSecondFactorAttempt = internalMutation({
  args: { authUserId: v.string(), ipAddress: v.optional(v.string()), userAgent: v.optional(v.string()) },
  returns: v.union(
    v.object({ allowed: v.literal(true) }),
    v.object({ allowed: v.literal(false), retryAfterS: v.number() }),
  ),
  handler: async (ctx, { authUserId, ipAddress, userAgent }) => {
    const row = await findTwoFactorRow(ctx, authUserId)
    if (!row) return { allowed: true as const } // Better Auth answers that two-factor is not on.
    const now = Date.now()
    const lockedUntil = row.lockedUntil ?? 0
    if (lockedUntil > now) return { allowed: false as const, retryAfterS: retryAfterS(lockedUntil, now) }
    // An expired lock starts a new count.
    const failures = (lockedUntil ? 0 : (row.failedVerificationCount ?? 0)) + 1
    const locks = failures >= TWO_FACTOR_LOCKOUT_MAX_FAILURES
    await updateTwoFactorRow(ctx, row, {
      failedVerificationCount: failures,
      lockedUntil: locks ? now + TWO_FACTOR_LOCKOUT_DURATION_S * 1000 : null,
    })
    // The owner hears of it at once: whoever is guessing already has the password.
    if (locks)
      await recordSecurityEvent(ctx, { authUserId, type: SecurityEventType.TwoFactorLocked, ipAddress, userAgent })
    return { allowed: true as const }
  },
})

/** After a correct code: the lockout counts consecutive failures only. */
export const clearSecondFactorFailures = internalMutation({
  args: { authUserId: v.string() },
  handler: async (ctx, { authUserId }) => {
    const row = await findTwoFactorRow(ctx, authUserId)
    if (row) await updateTwoFactorRow(ctx, row, { failedVerificationCount: 0, lockedUntil: null })
  },
})
