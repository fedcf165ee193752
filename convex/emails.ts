import { v } from 'convex/values'
import { internalMutation, internalQuery, query, type QueryCtx } from './_generated/server'
import { readDevMailboxOpen } from './lib/env'
import { sendEmail } from './model/email'

const OUTBOX_SHOWN = 50

/** For Better Auth callbacks, which run in HTTP actions and reach the database through a mutation. */
export const send = internalMutation({
  args: { to: v.string(), subject: v.string(), text: v.string() },
  handler: async (ctx, message) => {
    await sendEmail(ctx, message)
    return null
  },
})

async function newestOutboxMessages(ctx: QueryCtx, to: string | undefined) {
  const messages = to ? ctx.db.query('devOutbox').withIndex('by_to', (q) => q.eq('to', to)) : ctx.db.query('devOutbox')
  return (await messages.order('desc').take(OUTBOX_SHOWN)).map(({ _id, _creationTime, to, subject, text }) => ({
    id: _id,
    sentAt: _creationTime,
    to,
    subject,
    text,
  }))
}

/**
 * The development outbox, newest first: what would have been emailed. Internal, so only the
 * deployment's admin (`npx convex run emails:outbox`) and tests can read it.
 */
export const outbox = internalQuery({
  args: { to: v.optional(v.string()) },
  handler: async (ctx, { to }) => (await newestOutboxMessages(ctx, to)).map(({ id: _id, ...message }) => message),
})

/**
 * The same outbox for the /dev/mailbox page, to anyone, but only on a machine where the app and the backend
 * both run locally (readDevMailboxOpen); everywhere else it says closed and the page answers 404.
 */
export const devMailbox = query({
  args: {},
  handler: async (ctx) => {
    if (!readDevMailboxOpen()) return { open: false as const }
    return { open: true as const, messages: await newestOutboxMessages(ctx, undefined) }
  },
})
