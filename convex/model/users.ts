/**
 * The app's `users` table follows Better Auth's `user` table. These run as Better Auth component
 * triggers, inside the transaction of Better Auth's own write: if one throws, that write rolls back,
 * so there is never an auth user without an app user.
 */
import { ConvexError } from 'convex/values'
import { components, internal } from '../_generated/api'
import type { Doc, Id, TableNames } from '../_generated/dataModel'
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

/**
 * An address an account changed away from stays its owner's while the change can be undone: otherwise whoever
 * changed it could sign up a new account with it and make the undo fail.
 */
export async function isEmailHeldForUndo(ctx: QueryCtx, email: string): Promise<boolean> {
  const changes = await ctx.db
    .query('emailChanges')
    .withIndex('by_oldEmail_status', (q) => q.eq('oldEmail', normalizeEmail(email)).eq('status', 'completed'))
    .collect()
  return changes.some((change) => (change.undoExpiresAt ?? 0) > Date.now())
}

export async function onAuthUserCreated(ctx: MutationCtx, authUser: AuthUser) {
  const email = normalizeEmail(authUser.email)
  if (await isEmailHeldForUndo(ctx, email)) {
    throw new ConvexError({
      code: ErrorCode.EmailAlreadyLinked,
      message: 'This email already belongs to another account.',
    })
  }
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
    throw new ConvexError({
      code: ErrorCode.EmailAlreadyLinked,
      message: 'This email already belongs to another account.',
    })
  }
  if (!authUser.emailVerified) {
    throw new ConvexError({
      code: ErrorCode.EmailLinkRequiresVerification,
      message: 'An account with this email already exists. Verify the email address to link it.',
    })
  }
  await ctx.db.patch('users', existing._id, { authUserId: authUser._id })
}

export async function onAuthUserUpdated(ctx: MutationCtx, authUser: AuthUser) {
  const appUser = await getAppUserByAuthId(ctx, authUser._id)
  if (!appUser) throw new Error(`No app user for auth user ${authUser._id}: the users table is out of sync.`)
  await ctx.db.patch('users', appUser._id, {
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
  { model: 'passkey', field: 'userId' },
  { model: 'verification', field: 'value' },
] as const
// Rows deleted per transaction: far below Convex's 16,000 writes and 32,000 reads, and quick enough not to hold
// up anything else.
const PURGE_BATCH_SIZE = 1000

type AccountDeletion = Doc<'accountDeletions'>
type PurgeStep = (ctx: MutationCtx, deletion: AccountDeletion, limit: number) => Promise<number>

const authRows =
  ({ model, field }: (typeof AUTH_ROWS_OF_USER)[number]): PurgeStep =>
  async (ctx, deletion, limit) => {
    const result: { count: number } = await ctx.runMutation(components.betterAuth.adapter.deleteMany, {
      // Typed by the packaged component's tables, which lack the passkey plugin's; the local schema validates it.
      input: { model: model as 'session', where: [{ field, value: deletion.authUserId }] },
      paginationOpts: { cursor: null, numItems: limit },
    })
    return result.count
  }

const appRows =
  <Table extends TableNames>(
    table: Table,
    rows: (
      ctx: MutationCtx,
      deletion: AccountDeletion,
    ) => { take(n: number): Promise<Array<{ _id: Id<Table> }>> } | null,
  ): PurgeStep =>
  async (ctx, deletion, limit) => {
    const page = (await rows(ctx, deletion)?.take(limit)) ?? []
    for (const row of page) await ctx.db.delete(table, row._id)
    return page.length
  }

const PURGE_STEPS: PurgeStep[] = [
  ...AUTH_ROWS_OF_USER.map(authRows),
  appRows('securityEvents', (ctx, { appUserId }) =>
    appUserId ? ctx.db.query('securityEvents').withIndex('by_userId', (q) => q.eq('userId', appUserId)) : null,
  ),
  appRows('knownDevices', (ctx, { appUserId }) =>
    appUserId ? ctx.db.query('knownDevices').withIndex('by_userId_userAgent', (q) => q.eq('userId', appUserId)) : null,
  ),
  appRows('reauthentications', (ctx, { authUserId }) =>
    ctx.db.query('reauthentications').withIndex('by_authUserId', (q) => q.eq('authUserId', authUserId)),
  ),
  appRows('acceptedTotpCodes', (ctx, { authUserId }) =>
    ctx.db.query('acceptedTotpCodes').withIndex('by_authUserId_code', (q) => q.eq('authUserId', authUserId)),
  ),
  appRows('backupCodeViewGrants', (ctx, { authUserId }) =>
    ctx.db.query('backupCodeViewGrants').withIndex('by_authUserId', (q) => q.eq('authUserId', authUserId)),
  ),
  appRows('passwordResetEmails', (ctx, { authUserId }) =>
    ctx.db.query('passwordResetEmails').withIndex('by_authUserId_sentAt', (q) => q.eq('authUserId', authUserId)),
  ),
  appRows('emailChanges', (ctx, { authUserId }) =>
    ctx.db.query('emailChanges').withIndex('by_authUserId', (q) => q.eq('authUserId', authUserId)),
  ),
  appRows('accountRecoveries', (ctx, { authUserId }) =>
    ctx.db.query('accountRecoveries').withIndex('by_authUserId', (q) => q.eq('authUserId', authUserId)),
  ),
  appRows('passwordGuards', (ctx, { email }) =>
    ctx.db.query('passwordGuards').withIndex('by_email', (q) => q.eq('email', email)),
  ),
  // Mail to the address after the deletion belongs to whoever signs up with it next.
  appRows('devOutbox', (ctx, { email, deletedAt }) =>
    ctx.db.query('devOutbox').withIndex('by_to', (q) => q.eq('to', email).lte('_creationTime', deletedAt)),
  ),
]

/**
 * Account deletion, step one, inside the transaction that deletes Better Auth's user row: the app user goes too,
 * so at once no session or token of theirs is accepted and the email is free to sign up again. Everything else of
 * theirs, however much, is deleted afterwards in batches.
 */
export async function onAuthUserDeleted(ctx: MutationCtx, authUser: AuthUser): Promise<void> {
  const appUser = await getAppUserByAuthId(ctx, authUser._id)
  if (appUser) await ctx.db.delete('users', appUser._id)
  const deletionId = await ctx.db.insert('accountDeletions', {
    authUserId: authUser._id,
    appUserId: appUser?._id,
    email: appUser?.email ?? normalizeEmail(authUser.email),
    deletedAt: Date.now(),
  })
  await ctx.scheduler.runAfter(0, internal.users.purgeDeletedAccount, { deletionId })
}

/** Account deletion, the rest: one batch per transaction, scheduling the next until nothing of the account is left. */
export async function purgeDeletedAccount(ctx: MutationCtx, deletionId: Id<'accountDeletions'>): Promise<void> {
  const deletion = await ctx.db.get('accountDeletions', deletionId)
  if (!deletion) return
  let budget = PURGE_BATCH_SIZE
  for (const step of PURGE_STEPS) {
    budget -= await step(ctx, deletion, budget)
    if (budget === 0) {
      await ctx.scheduler.runAfter(0, internal.users.purgeDeletedAccount, { deletionId })
      return
    }
  }
  await ctx.db.delete('accountDeletions', deletionId)
}
