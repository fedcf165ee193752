import type { Infer } from 'convex/values'
import type { MutationCtx } from '../_generated/server'
import schema from '../schema'
import { sendEmail } from './email'
import { securityNotification } from './emailTemplates'
import { getAppUserByAuthId } from './users'
import { UNVERIFIED_CLIENT_IP } from '../../lib/client-ip'
import { NOTIFIED_SECURITY_EVENTS } from '../../lib/security-events'

const USER_AGENT_MAX_LENGTH = 300

export const securityEventTypeValidator = schema.tables.securityEvents.validator.fields.type

export type SecurityEventInput = {
  authUserId: string
  type: Infer<typeof securityEventTypeValidator>
  ipAddress?: string | null
  userAgent?: string | null
}

/**
 * Logs a security event for the account and, for those a person must hear about, queues an email in the
 * same transaction.
 */
export async function recordSecurityEvent(
  ctx: MutationCtx,
  { authUserId, type, ipAddress, userAgent }: SecurityEventInput,
) {
  const user = await getAppUserByAuthId(ctx, authUserId)
  if (!user) return
  const details = {
    ipAddress: ipAddress && ipAddress !== UNVERIFIED_CLIENT_IP ? ipAddress : undefined,
    userAgent: userAgent ? userAgent.slice(0, USER_AGENT_MAX_LENGTH) : undefined,
  }
  await ctx.db.insert('securityEvents', { userId: user._id, type, ...details })
  if (NOTIFIED_SECURITY_EVENTS.has(type)) {
    const message = securityNotification(user.email, type, details)
    if (message) await sendEmail(ctx, message)
  }
}
