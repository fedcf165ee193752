import { ConvexError, v } from 'convex/values'
import { authComponent, createAuth } from './auth'
import { authedMutation } from './lib/functions'
import { ErrorCode } from '../lib/error-codes'
import { normalizeDisplayName } from '../lib/profile'

/** Renames the signed-in user through Better Auth, so the users-table trigger keeps both in step. */
export const updateName = authedMutation({
  args: { name: v.string() },
  handler: async (ctx, args) => {
    const name = normalizeDisplayName(args.name)
    if (!name.ok) throw new ConvexError({ code: ErrorCode.InvalidName, message: name.message })
    const { auth, headers } = await authComponent.getAuth(createAuth, ctx)
    await auth.api.updateUser({ body: { name: name.value }, headers })
    return null
  },
})
