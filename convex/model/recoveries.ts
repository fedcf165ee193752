import { v } from 'convex/values'
import type { Doc } from '../_generated/dataModel'
import type { MutationCtx, QueryCtx } from '../_generated/server'
import { readRequireTwoFactor } from '../lib/env'

/** What the security log keeps of a request, as arguments of the internal mutations that log it. */
export const requestDetailsArgs = { ipAddress: v.optional(v.string()), userAgent: v.optional(v.string()) }

export const recoveriesOf = (ctx: QueryCtx, authUserId: string) =>
  ctx.db
    .query('accountRecoveries')
    .withIndex('by_authUserId', (q) => q.eq('authUserId', authUserId))
    .collect()

export async function cancelRecovery(ctx: MutationCtx, recovery: Doc<'accountRecoveries'>) {
  await ctx.db.patch('accountRecoveries', recovery._id, { status: 'cancelled' })
  if (recovery.completion) await ctx.scheduler.cancel(recovery.completion)
}

/** Cancels the account's emailed or waiting recoveries; says whether there was one. */
export async function cancelPendingRecoveries(ctx: MutationCtx, authUserId: string): Promise<boolean> {
  let cancelled = false
  for (const row of await recoveriesOf(ctx, authUserId)) {
    if (row.status !== 'emailed' && row.status !== 'waiting') continue
    await cancelRecovery(ctx, row)
    cancelled = true
  }
  return cancelled
}

/** REQUIRE_TWO_FACTOR, or a completed recovery. */
export async function mustEnrollTwoFactor(ctx: QueryCtx, authUser: { _id: string; twoFactorEnabled?: boolean | null }) {
  if (authUser.twoFactorEnabled === true) return false
  if (readRequireTwoFactor()) return true
  return (await recoveriesOf(ctx, authUser._id)).some((row) => row.enrollAgain === true)
}
