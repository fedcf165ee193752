import { v } from 'convex/values'
import { internalMutation } from './_generated/server'
import { authedQuery } from './lib/functions'
import { getAppUserByAuthId } from './model/users'
import schema from './schema'

const SECURITY_EVENTS_SHOWN = 20
const USER_AGENT_MAX_LENGTH = 300

/** Written by the two-factor guard (convex/model/twoFactorGuard.ts) after Better Auth succeeds. */
export const record = internalMutation({
  args: {
    authUserId: v.string(),
    type: schema.tables.securityEvents.validator.fields.type,
    ipAddress: v.optional(v.string()),
    userAgent: v.optional(v.string()),
  },
  handler: async (ctx, { authUserId, type, ipAddress, userAgent }) => {
    const user = await getAppUserByAuthId(ctx, authUserId)
    if (!user) return null
    await ctx.db.insert('securityEvents', {
      userId: user._id,
      type,
      ipAddress,
      userAgent: userAgent?.slice(0, USER_AGENT_MAX_LENGTH),
    })
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
    return events.map(({ _id, _creationTime, type, ipAddress, userAgent }) => ({
      id: _id,
      at: _creationTime,
      type,
      ipAddress: ipAddress ?? null,
      userAgent: userAgent ?? null,
    }))
  },
})
