import { components } from '../_generated/api'
import type { MutationCtx, QueryCtx } from '../_generated/server'
import { isEmailHeldForUndo, normalizeEmail, onAuthUserUpdated } from './users'

type AuthUserDoc = {
  _id: string
  name: string
  email: string
  emailVerified: boolean
  image?: string | null
  twoFactorEnabled?: boolean | null
}

export async function getAuthUser(ctx: QueryCtx, authUserId: string): Promise<AuthUserDoc | null> {
  return (await ctx.runQuery(components.betterAuth.adapter.findOne, {
    model: 'user',
    where: [{ field: '_id', value: authUserId }],
  })) as AuthUserDoc | null
}

/**
 * Whether an address belongs to any account, Better Auth's or a legacy app user waiting to be linked, or is held
 * for an account that may still undo changing away from it.
 */
export async function isEmailTaken(ctx: QueryCtx, email: string): Promise<boolean> {
  return (await isEmailOwned(ctx, email)) || (await isEmailHeldForUndo(ctx, email))
}

export async function isEmailOwned(ctx: QueryCtx, email: string): Promise<boolean> {
  const normalized = normalizeEmail(email)
  const authUser = await ctx.runQuery(components.betterAuth.adapter.findOne, {
    model: 'user',
    where: [{ field: 'email', value: normalized }],
  })
  if (authUser) return true
  const appUser = await ctx.db
    .query('users')
    .withIndex('by_email', (q) => q.eq('email', normalized))
    .first()
  return appUser !== null
}

/**
 * Sets the account's email (as verified: its owner just proved it) in Better Auth's table and the app's, in the
 * caller's transaction. Written past Better Auth's triggers, so the app's row is synced here.
 */
export async function setAccountEmail(ctx: MutationCtx, authUserId: string, email: string) {
  const updated = (await ctx.runMutation(components.betterAuth.adapter.updateOne, {
    input: {
      model: 'user',
      where: [{ field: '_id', value: authUserId }],
      update: { email: normalizeEmail(email), emailVerified: true, updatedAt: Date.now() },
    },
  })) as AuthUserDoc | null
  if (!updated) throw new Error(`No auth user ${authUserId} to change the email of.`)
  await onAuthUserUpdated(ctx, updated)
}

/** How many rows `rows` has from within the window: the per-account cap on emailed links. */
export function countSince<T extends { _creationTime: number }>(rows: T[], windowMs: number): number {
  const since = Date.now() - windowMs
  return rows.filter((row) => row._creationTime > since).length
}

export async function hasUndoableEmailChange(ctx: QueryCtx, authUserId: string): Promise<boolean> {
  const changes = await ctx.db
    .query('emailChanges')
    .withIndex('by_authUserId', (q) => q.eq('authUserId', authUserId))
    .collect()
  return changes.some((change) => change.status === 'completed' && (change.undoExpiresAt ?? 0) > Date.now())
}
