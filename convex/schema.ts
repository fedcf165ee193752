import { defineSchema, defineTable } from 'convex/server'
import { v } from 'convex/values'
import { SecurityEventType } from '../lib/security-events'

const securityEventType = v.union(...Object.values(SecurityEventType).map((type) => v.literal(type)))

export default defineSchema({
  /**
   * The app's own user record, written only by the Better Auth user triggers (convex/model/users.ts),
   * in the same transaction as Better Auth's write. `authUserId` is absent on users that predate
   * Better Auth until their first verified sign-up links them.
   */
  users: defineTable({
    authUserId: v.optional(v.string()),
    name: v.string(),
    email: v.string(),
    image: v.optional(v.string()),
  })
    .index('by_email', ['email'])
    .index('by_authUserId', ['authUserId']),

  /** TOTP codes already accepted, kept while they could still verify, so none is accepted twice. */
  acceptedTotpCodes: defineTable({
    authUserId: v.string(),
    code: v.string(),
    expiresAt: v.number(),
  }).index('by_authUserId_code', ['authUserId', 'code']),

  /** What happened to an account's security, for its owner to review. */
  securityEvents: defineTable({
    userId: v.id('users'),
    type: securityEventType,
    ipAddress: v.optional(v.string()),
    userAgent: v.optional(v.string()),
    /** For entries that aggregate (wrong passwords, per hour): how many times it happened. */
    count: v.optional(v.number()),
  }).index('by_userId', ['userId']),

  /**
   * Browsers that signed in to an account, by the id in their signed device cookie (convex/devices.ts). Rows
   * without a deviceId predate device cookies (they were keyed by user agent) and match no device.
   */
  knownDevices: defineTable({
    userId: v.id('users'),
    userAgent: v.optional(v.string()),
    deviceId: v.optional(v.string()),
    lastSignInAt: v.optional(v.number()),
    /** Wrong passwords from this device within the window, and until when it counts as unknown. */
    failedPasswords: v.optional(v.number()),
    failuresSince: v.optional(v.number()),
    lockedUntil: v.optional(v.number()),
  })
    .index('by_userId_userAgent', ['userId', 'userAgent'])
    .index('by_userId_deviceId', ['userId', 'deviceId']),

  /** Wrong passwords per account (by normalized email, so unknown addresses behave the same), for guessing protection. */
  passwordGuards: defineTable({
    email: v.string(),
    failedPasswords: v.number(),
    failuresSince: v.number(),
    lockedUntil: v.optional(v.number()),
  })
    .index('by_email', ['email'])
    .index('by_failuresSince', ['failuresSince']),

  /** When a session last re-entered its password, which makes it fresh again for sensitive actions. */
  reauthentications: defineTable({
    sessionId: v.string(),
    authUserId: v.string(),
    at: v.number(),
  })
    .index('by_sessionId', ['sessionId'])
    .index('by_authUserId', ['authUserId']),

  /** Better Auth's rate-limit counters, one row per client and path (convex/rateLimits.ts). */
  rateLimits: defineTable({
    key: v.string(),
    count: v.number(),
    lastRequest: v.number(),
    expiresAt: v.number(),
  })
    .index('by_key', ['key'])
    .index('by_expiresAt', ['expiresAt']),
  /**
   * An account being deleted: its user rows are already gone, the rest goes in batches
   * (convex/model/users.ts). Scheduled jobs carry only this row's id, never the email.
   */
  accountDeletions: defineTable({
    authUserId: v.string(),
    appUserId: v.optional(v.id('users')),
    email: v.string(),
    deletedAt: v.number(),
  }),
  /** Password re-entries made to see the backup codes again: each one is logged and emailed, and opens a short window. */
  backupCodeViewGrants: defineTable({
    sessionId: v.string(),
    authUserId: v.string(),
    grantedAt: v.number(),
  })
    .index('by_sessionId', ['sessionId'])
    .index('by_authUserId', ['authUserId']),

  /** Password reset emails sent to an account, kept for the hourly cap. */
  passwordResetEmails: defineTable({
    authUserId: v.string(),
    sentAt: v.number(),
  }).index('by_authUserId_sentAt', ['authUserId', 'sentAt']),

  /**
   * Email address changes (convex/emailChanges.ts). Only hashes of the link tokens are kept: the verification link
   * to the new address, then the undo link to the old one.
   */
  emailChanges: defineTable({
    authUserId: v.string(),
    oldEmail: v.string(),
    newEmail: v.string(),
    // taken: the new address belongs to another account, so no link was sent.
    status: v.union(
      v.literal('pending'),
      v.literal('taken'),
      v.literal('superseded'),
      v.literal('completed'),
      v.literal('undone'),
    ),
    verifyTokenHash: v.string(),
    verifyExpiresAt: v.number(),
    undoTokenHash: v.optional(v.string()),
    undoExpiresAt: v.optional(v.number()),
  })
    .index('by_authUserId', ['authUserId'])
    .index('by_verifyTokenHash', ['verifyTokenHash'])
    .index('by_undoTokenHash', ['undoTokenHash'])
    .index('by_oldEmail_status', ['oldEmail', 'status']),

  /** Recoveries of accounts whose second factor is lost (convex/recovery.ts); token hashes only. */
  accountRecoveries: defineTable({
    authUserId: v.string(),
    status: v.union(
      v.literal('emailed'),
      v.literal('superseded'),
      v.literal('waiting'),
      v.literal('cancelled'),
      v.literal('completed'),
    ),
    startTokenHash: v.string(),
    startExpiresAt: v.number(),
    failedPasswords: v.number(),
    cancelTokenHash: v.optional(v.string()),
    completesAt: v.optional(v.number()),
    completion: v.optional(v.id('_scheduled_functions')),
    /** Set when the second factor was removed; cleared once the owner enrolls again. */
    enrollAgain: v.optional(v.boolean()),
  })
    .index('by_authUserId', ['authUserId'])
    .index('by_startTokenHash', ['startTokenHash'])
    .index('by_cancelTokenHash', ['cancelTokenHash']),

  /** Emails that would have been sent, on a developer's machine without an email provider. */
  devOutbox: defineTable({
    to: v.string(),
    subject: v.string(),
    text: v.string(),
  }).index('by_to', ['to']),
})
