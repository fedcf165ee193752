/**
 * The app's `users` table follows Better Auth's `user` table. These run as Better Auth component
 * triggers, inside the transaction of Better Auth's own write: if one throws, that write rolls back,
 * so there is never an auth user without an app user.
 */
import { ConvexError } from 'convex/values'
import { components } from '../_generated/api'
import type { Doc } from '../_generated/dataModel'
import type { MutationCtx, QueryCtx } from '../_generated/server'
import { ErrorCode } from '../../lib/error-codes'

type AuthUser = {
  _id: string
  name: string
  email: string
  emailVerified: boolean
  image?: string | null
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase()

export async function getAppUserByAuthId(ctx: QueryCtx, authUserId: string): Promise<Doc<'users'> | null> {
  return await ctx.db
    .query('users')
    .withIndex('by_authUserId', (q) => q.eq('authUserId', authUserId))
    .unique()
}

export async function onAuthUserCreated(ctx: MutationCtx, authUser: AuthUser) {
  const email = normalizeEmail(authUser.email)
  const existing = await ctx.db
    .query('users')
    .withIndex('by_email', (q) => q.eq('email', email))
    .unique()
  if (!existing) {
    await ctx.db.insert('users', {
      authUserId: authUser._id,
      name: authUser.name,
      email,
      ...(authUser.image ? { image: authUser.image } : {}),
    })
    return
  }
  // Gradual migration: a user who predates Better Auth keeps their app record, but only someone
  // who proved they own the address may take it over.
  if (existing.authUserId) {
    throw new ConvexError({ code: ErrorCode.EmailAlreadyLinked, message: 'This email already belongs to another account.' })
  }
  if (!authUser.emailVerified) {
    throw new ConvexError({
      code: ErrorCode.EmailLinkRequiresVerification,
      message: 'An account with this email already exists. Verify the email address to link it.',
    })
  }
  await ctx.db.patch(existing._id, { authUserId: authUser._id })
}

export async function onAuthUserUpdated(ctx: MutationCtx, authUser: AuthUser) {
  const appUser = await getAppUserByAuthId(ctx, authUser._id)
  if (!appUser) throw new Error(`No app user for auth user ${authUser._id}: the users table is out of sync.`)
  await ctx.db.patch(appUser._id, {
    name: authUser.name,
    email: normalizeEmail(authUser.email),
    image: authUser.image ?? undefined,
  })
}

// Better Auth rows keyed by the user. Trusted-device records live in `verification` with the user id as value.
const AUTH_ROWS_OF_USER = [
  { model: 'session', field: 'userId' },
  { model: 'account', field: 'userId' },
  { model: 'twoFactor', field: 'userId' },
  { model: 'verification', field: 'value' },
] as const
const DELETE_BATCH_SIZE = 100

/**
 * Account deletion: Better Auth deletes the user row; this trigger, in the same transaction, deletes
 * everything else that belongs to them, Better Auth's rows and the app's, so nothing of theirs remains.
 */
export async function onAuthUserDeleted(ctx: MutationCtx, authUser: AuthUser) {
  for (const { model, field } of AUTH_ROWS_OF_USER) {
    let cursor: string | null = null
    do {
      const result: { continueCursor: string; isDone: boolean } = await ctx.runMutation(components.betterAuth.adapter.deleteMany, {
        input: { model, where: [{ field, value: authUser._id }] },
        paginationOpts: { cursor, numItems: DELETE_BATCH_SIZE },
      })
      cursor = result.isDone ? null : result.continueCursor
    } while (cursor)
  }
  const appUser = await getAppUserByAuthId(ctx, authUser._id)
  if (!appUser) return
  const rows = [
    ...(await ctx.db.query('securityEvents').withIndex('by_userId', (q) => q.eq('userId', appUser._id)).collect()),
    ...(await ctx.db.query('knownDevices').withIndex('by_userId_userAgent', (q) => q.eq('userId', appUser._id)).collect()),
    ...(await ctx.db.query('reauthentications').withIndex('by_authUserId', (q) => q.eq('authUserId', authUser._id)).collect()),
    ...(await ctx.db.query('acceptedTotpCodes').withIndex('by_authUserId_code', (q) => q.eq('authUserId', authUser._id)).collect()),
    ...(await ctx.db.query('devOutbox').withIndex('by_to', (q) => q.eq('to', appUser.email)).collect()),
    ...(await ctx.db.query('passwordGuards').withIndex('by_email', (q) => q.eq('email', appUser.email)).collect()),
  ]
  for (const row of rows) await ctx.db.delete(row._id)
  await ctx.db.delete(appUser._id)
}
