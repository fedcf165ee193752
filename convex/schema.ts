import { defineSchema, defineTable } from 'convex/server'
import { v } from 'convex/values'

export default defineSchema({
  /**
   * The app's own user record, written only by the Better Auth user triggers (convex/model/users.ts),
   * in the same transaction as Better Auth's write. `authUserId` is absent on users that predate
   * Better Auth until their first verified sign-up links them.
   */
  users: defineTable({
    authUserId: v.optional(v.string()),
    name: v.string(),
    email: v.string(),
    image: v.optional(v.string()),
  })
    .index('by_email', ['email'])
    .index('by_authUserId', ['authUserId']),
})
