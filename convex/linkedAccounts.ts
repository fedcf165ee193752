import { ConvexError, v } from 'convex/values'
import { components } from './_generated/api'
import { authedMutation, authedQuery, type AuthedQueryCtx } from './lib/functions'
import { readOAuthEnv } from './lib/env'
import { offeredProviders } from './model/oauth'
import { requireFreshSession } from './model/sessions'
import { recordSecurityEvent } from './model/securityEvents'
import { ErrorCode } from '../lib/error-codes'
import { SecurityEventType } from '../lib/security-events'

// Better Auth's account row for the password.
const PASSWORD_PROVIDER_ID = 'credential'
// Far more than anyone links; bounds the read.
const ACCOUNTS_READ_MAX = 50

type AuthAccount = { _id: string; providerId: string; createdAt: number }

async function accountsOf(ctx: AuthedQueryCtx): Promise<AuthAccount[]> {
  const result = (await ctx.runQuery(components.betterAuth.adapter.findMany, {
    model: 'account',
    where: [{ field: 'userId', value: ctx.user.authUser._id }],
    paginationOpts: { cursor: null, numItems: ACCOUNTS_READ_MAX },
  })) as unknown as { page: AuthAccount[] }
  return result.page
}

/**
 * The signed-in user's ways in: the password (or none), each linked provider, and the providers this deployment
 * offers that could be linked. Provider tokens and account ids never leave the backend.
 */
export const list = authedQuery({
  args: {},
  handler: async (ctx) => {
    const accounts = await accountsOf(ctx)
    const offered = offeredProviders(readOAuthEnv())
    const nameOf = (providerId: string) => offered.find((provider) => provider.id === providerId)?.name ?? providerId
    return {
      hasPassword: accounts.some((account) => account.providerId === PASSWORD_PROVIDER_ID),
      linked: accounts
        .filter((account) => account.providerId !== PASSWORD_PROVIDER_ID)
        .map((account) => ({
          providerId: account.providerId,
          name: nameOf(account.providerId),
          linkedAt: account.createdAt,
        })),
      offered,
    }
  },
})

/**
 * Unlinks a provider, after a fresh sign-in, unless it is the last way in: with no password and no other provider
 * the account could never be signed in to again.
 */
export const unlink = authedMutation({
  args: { providerId: v.string() },
  handler: async (ctx, { providerId }) => {
    await requireFreshSession(ctx)
    const accounts = await accountsOf(ctx)
    const target =
      providerId === PASSWORD_PROVIDER_ID ? undefined : accounts.find((account) => account.providerId === providerId)
    if (!target)
      throw new ConvexError({
        code: ErrorCode.SignInMethodNotFound,
        message: 'That provider is not linked to your account.',
      })
    // Every account row is a way in (the password is one). Passkeys do not count: one can be deleted on its own,
    // and counting it here would let a person unlink their last provider and then delete their last passkey.
    const waysIn = accounts.length
    if (waysIn <= 1) {
      throw new ConvexError({
        code: ErrorCode.LastSignInMethod,
        message: 'This is your only way to sign in. Set a password or link another provider before you unlink it.',
      })
    }
    await ctx.runMutation(components.betterAuth.adapter.deleteOne, {
      input: { model: 'account', where: [{ field: '_id', value: target._id }] },
    })
    await recordSecurityEvent(ctx, { authUserId: ctx.user.authUser._id, type: SecurityEventType.SignInMethodUnlinked })
    return null
  },
})
