/**
 * The one place that decides who is calling. Functions built with these wrappers get `ctx.user`
 * (Better Auth's user and the app's user) or fail with UNAUTHENTICATED; none of them takes a user
 * id from its arguments.
 */
import { customCtx, customMutation, customQuery } from 'convex-helpers/server/customFunctions'
import { ConvexError } from 'convex/values'
import { mutation, query, type QueryCtx } from '../_generated/server'
import { authComponent } from '../auth'
import { getAppUserByAuthId } from '../model/users'
import { ErrorCode } from '../../lib/error-codes'

async function requireUser(ctx: QueryCtx) {
  const authUser = await authComponent.safeGetAuthUser(ctx)
  const appUser = authUser ? await getAppUserByAuthId(ctx, authUser._id) : null
  if (!authUser || !appUser) {
    throw new ConvexError({ code: ErrorCode.Unauthenticated, message: 'Sign in to continue.' })
  }
  return { authUser, appUser }
}

export type AuthedUser = Awaited<ReturnType<typeof requireUser>>
export type AuthedQueryCtx = QueryCtx & { user: AuthedUser }

export const authedQuery = customQuery(
  query,
  customCtx(async (ctx) => ({ user: await requireUser(ctx) })),
)

export const authedMutation = customMutation(
  mutation,
  customCtx(async (ctx) => ({ user: await requireUser(ctx) })),
)
