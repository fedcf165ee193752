import { ConvexError, v } from 'convex/values'
import { authComponent, createAuth } from './auth'
import { authedMutation } from './lib/functions'
import { ErrorCode } from '../lib/error-codes'
import { DISPLAY_NAME_MAX_LENGTH } from '../lib/policy'

/** Renames the signed-in user through Better Auth, so the users-table trigger keeps both in step. */
export const updateName = authedMutation({
  args: { name: v.string() },
  handler: async (ctx, args) => {
    const name = args.name.trim()
    if (name.length === 0 || name.length > DISPLAY_NAME_MAX_LENGTH) {
      throw new ConvexError({
        code: ErrorCode.InvalidName,
        message: `A display name has 1 to ${DISPLAY_NAME_MAX_LENGTH} characters.`,
      })
    }
    const { auth, headers } = await authComponent.getAuth(createAuth, ctx)
    await auth.api.updateUser({ body: { name }, headers })
    return null
  },
})
