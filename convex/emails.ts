import { v } from 'convex/values'
import { internalMutation, internalQuery } from './_generated/server'
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

/**
 * The development outbox, newest first: what would have been emailed. Internal, so only the
 * deployment's admin (`npx convex run emails:outbox`) and tests can read it.
 */
export const outbox = internalQuery({
  args: { to: v.optional(v.string()) },
  handler: async (ctx, { to }) => {
    const messages = to
      ? ctx.db.query('devOutbox').withIndex('by_to', (q) => q.eq('to', to))
      : ctx.db.query('devOutbox')
    return (await messages.order('desc').take(OUTBOX_SHOWN)).map(({ _creationTime, to, subject, text }) => ({
      sentAt: _creationTime,
      to,
      subject,
      text,
    }))
  },
})
