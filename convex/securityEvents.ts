import { paginationOptsValidator } from 'convex/server'
import { v } from 'convex/values'
import { internal } from './_generated/api'
import { internalMutation } from './_generated/server'
import { deleteBatchThenContinue } from './lib/cleanup'
import { authedQuery } from './lib/functions'
import { requirePageSize } from './lib/paging'
import { recordSecurityEvent, securityEventTypeValidator } from './model/securityEvents'
import { SECURITY_EVENT_RETENTION_MS } from '../lib/policy'

/** For the Better Auth plugins in convex/model/, which run in HTTP actions. */
export const record = internalMutation({
  args: {
    authUserId: v.string(),
    type: securityEventTypeValidator,
    ipAddress: v.optional(v.string()),
    userAgent: v.optional(v.string()),
  },
  handler: async (ctx, event) => {
    await recordSecurityEvent(ctx, event)
    return null
  },
})

/** The signed-in user's security events, newest first, one page at a time. */
export const list = authedQuery({
  args: { paginationOpts: paginationOptsValidator },
  handler: async (ctx, { paginationOpts }) => {
    requirePageSize(paginationOpts)
    const result = await ctx.db
      .query('securityEvents')
      .withIndex('by_userId', (q) => q.eq('userId', ctx.user.appUser._id))
      .order('desc')
      .paginate(paginationOpts)
    return {
      ...result,
      page: result.page.map(({ _id, _creationTime, type, ipAddress, userAgent, count }) => ({
        id: _id,
        at: _creationTime,
        type,
        ipAddress: ipAddress ?? null,
        userAgent: userAgent ?? null,
        /** How many times, for entries that aggregate (wrong passwords per hour); 1 otherwise. */
        count: count ?? 1,
      })),
    }
  },
})

/** Run daily by convex/crons.ts: deletes events older than the retention period, oldest first, a batch at a time. */
export const deleteExpired = internalMutation({
  args: {},
  handler: async (ctx) => {
    const cutoff = Date.now() - SECURITY_EVENT_RETENTION_MS
    const expired = ctx.db.query('securityEvents').withIndex('by_creation_time', (q) => q.lt('_creationTime', cutoff))
    await deleteBatchThenContinue(ctx, 'securityEvents', expired, internal.securityEvents.deleteExpired)
    return null
  },
})
