import { v } from 'convex/values'
import { components } from './_generated/api'
import { internalMutation, type MutationCtx } from './_generated/server'
import { sendEmail } from './model/email'
import { recordSecurityEvent } from './model/securityEvents'
import { endTrustedDevices } from './model/trustedDevices'
import { SecurityEventType } from '../lib/security-events'
import { PASSWORD_RESET_EMAILS_MAX_PER_WINDOW, PASSWORD_RESET_EMAILS_WINDOW_S } from '../lib/policy'

// Better Auth's verification rows for reset links: `reset-password:<token>`, with the user id as value.
const RESET_IDENTIFIER_PREFIX = 'reset-password:'

type VerificationRow = { _id: string; identifier: string }

async function resetLinksOf(ctx: MutationCtx, authUserId: string): Promise<VerificationRow[]> {
  const result = (await ctx.runQuery(components.betterAuth.adapter.findMany, {
    model: 'verification',
    where: [
      { field: 'value', value: authUserId },
      { field: 'identifier', operator: 'starts_with', value: RESET_IDENTIFIER_PREFIX },
    ],
    paginationOpts: { cursor: null, numItems: 100 },
  })) as unknown as { page: VerificationRow[] }
  return result.page
}

async function deleteResetLinks(ctx: MutationCtx, links: VerificationRow[]) {
  for (const link of links) {
    await ctx.runMutation(components.betterAuth.adapter.deleteOne, {
      input: { model: 'verification', where: [{ field: '_id', value: link._id }] },
    })
  }
}

/**
 * Called by Better Auth's sendResetPassword right after it stored the new link. One transaction decides: within
 * the hourly cap the older links stop working and this one is emailed; past it, this link is dropped unsent.
 * Better Auth's answer to the request is the same either way.
 */
export const deliver = internalMutation({
  args: { authUserId: v.string(), token: v.string(), to: v.string(), subject: v.string(), text: v.string() },
  handler: async (ctx, { authUserId, token, ...message }) => {
    const now = Date.now()
    const windowStart = now - PASSWORD_RESET_EMAILS_WINDOW_S * 1000
    const sent = await ctx.db
      .query('passwordResetEmails')
      .withIndex('by_authUserId_sentAt', (q) => q.eq('authUserId', authUserId))
      .collect()
    for (const old of sent.filter((row) => row.sentAt <= windowStart))
      await ctx.db.delete('passwordResetEmails', old._id)
    const links = await resetLinksOf(ctx, authUserId)
    const identifier = `${RESET_IDENTIFIER_PREFIX}${token}`
    if (sent.filter((row) => row.sentAt > windowStart).length >= PASSWORD_RESET_EMAILS_MAX_PER_WINDOW) {
      await deleteResetLinks(
        ctx,
        links.filter((link) => link.identifier === identifier),
      )
      return null
    }
    await deleteResetLinks(
      ctx,
      links.filter((link) => link.identifier !== identifier),
    )
    await ctx.db.insert('passwordResetEmails', { authUserId, sentAt: now })
    await sendEmail(ctx, message)
    return null
  },
})

/** After a completed reset: every other link is void, trusted devices end, and the owner is told. */
export const completed = internalMutation({
  args: { authUserId: v.string() },
  handler: async (ctx, { authUserId }) => {
    await deleteResetLinks(ctx, await resetLinksOf(ctx, authUserId))
    await endTrustedDevices(ctx, authUserId)
    await recordSecurityEvent(ctx, { authUserId, type: SecurityEventType.PasswordReset })
    return null
  },
})
