import { ConvexError } from 'convex/values'
import { authComponent, createAuth } from './auth'
import { authedQuery, type AuthedQueryCtx } from './lib/functions'
import { ErrorCode } from '../lib/error-codes'

/**
 * `viewBackupCodes` is a server-only Better Auth call: it trusts the userId it is given.
 * Here the id always comes from the authenticated session, never from arguments.
 */
async function readBackupCodes(ctx: AuthedQueryCtx): Promise<string[]> {
  const { authUser } = ctx.user
  if (authUser.twoFactorEnabled !== true) {
    throw new ConvexError({ code: ErrorCode.TwoFactorNotEnabled, message: 'Two-factor authentication is not turned on.' })
  }
  const { auth } = await authComponent.getAuth(createAuth, ctx)
  const result = await auth.api.viewBackupCodes({ body: { userId: authUser._id } })
  return result.backupCodes
}

export const viewBackupCodes = authedQuery({
  args: {},
  handler: async (ctx) => ({ backupCodes: await readBackupCodes(ctx) }),
})

export const backupCodesRemaining = authedQuery({
  args: {},
  handler: async (ctx) => (await readBackupCodes(ctx)).length,
})
