import { createFunctionHandle } from 'convex/server'
import { ConvexError, v } from 'convex/values'
import { components, internal } from './_generated/api'
import { internalMutation } from './_generated/server'
import { authComponent, createAuth } from './auth'
import { authedMutation } from './lib/functions'
import { purgeDeletedAccount as purgeDeletedAccountBatch } from './model/users'
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

/**
 * Better Auth's delete-user calls this (its `beforeDelete`) once the password checked out, before it deletes
 * anything itself: one transaction deletes the user row, and the user trigger with it ends the account. Better
 * Auth's own deletes that follow, each a transaction of its own, then only tidy up, so a failure between them
 * never leaves an account that can neither sign in nor sign up again.
 */
export const deleteAccount = internalMutation({
  args: { authUserId: v.string() },
  handler: async (ctx, { authUserId }) => {
    await ctx.runMutation(components.betterAuth.adapter.deleteOne, {
      input: { model: 'user', where: [{ field: '_id', value: authUserId }] },
      onDeleteHandle: await createFunctionHandle(internal.auth.onDelete),
    })
    return null
  },
})

export const purgeDeletedAccount = internalMutation({
  args: { deletionId: v.id('accountDeletions') },
  handler: async (ctx, { deletionId }) => {
    await purgeDeletedAccountBatch(ctx, deletionId)
    return null
  },
})
