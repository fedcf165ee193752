import { v } from 'convex/values'
import { internalMutation } from './_generated/server'
import { authedQuery } from './lib/functions'
import { recordSecurityEvent, securityEventTypeValidator } from './model/securityEvents'

const SECURITY_EVENTS_SHOWN = 20

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

/** The signed-in user's most recent security events, newest first. */
export const list = authedQuery({
  args: {},
  handler: async (ctx) => {
    const events = await ctx.db
      .query('securityEvents')
      .withIndex('by_userId', (q) => q.eq('userId', ctx.user.appUser._id))
      .order('desc')
      .take(SECURITY_EVENTS_SHOWN)
    return events.map(({ _id, _creationTime, type, ipAddress, userAgent, count }) => ({
      id: _id,
      at: _creationTime,
      type,
      ipAddress: ipAddress ?? null,
      userAgent: userAgent ?? null,
      /** How many times, for entries that aggregate (wrong passwords per hour); 1 otherwise. */
      count: count ?? 1,
    }))
  },
})
