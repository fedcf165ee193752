/**
 * Recovery for someone who lost both the authenticator and the backup codes: an emailed link plus the password
 * start a waiting period (convex/recovery.ts), which the owner can cancel by the link in the email or by signing in
 * with the second factor. Nothing here signs anyone in: after the period the person signs in with the password.
 */
import type { GenericCtx } from '@convex-dev/better-auth'
import { requireRunMutationCtx } from '@convex-dev/better-auth/utils'
import type { BetterAuthPlugin } from 'better-auth'
import { APIError, createAuthEndpoint, createAuthMiddleware } from 'better-auth/api'
import * as z from 'zod'
import { internal } from '../_generated/api'
import type { DataModel } from '../_generated/dataModel'
import { appLink, hashLinkToken, linkTokenField, mintLinkToken, requireLinkOk, type LinkOutcome } from './linkTokens'
import type { Id } from '../_generated/dataModel'
import { PASSKEY_SIGN_IN_PATH } from './passkeys'
import { assertPassword } from './passwords'
import { requestDetails } from './requestDetails'
import { normalizeEmail } from './users'
import {
  RECOVERY_CANCEL_PATH,
  RECOVERY_PAGE_PATH,
  RECOVERY_REQUEST_PATH,
  RECOVERY_START_PATH,
} from '../../lib/auth-routes'
import { EMAIL_MAX_LENGTH } from '../../lib/policy'

// Where a browser that was signed out receives a full session; a 2FA user gets one only past the second factor
// (or a device it trusted), so any of these proves the factor is not lost.
const FULL_SIGN_IN_PATHS = new Set([
  '/sign-in/email',
  '/two-factor/verify-totp',
  '/two-factor/verify-backup-code',
  PASSKEY_SIGN_IN_PATH,
])

// Annotated: the endpoints read `internal`, whose type includes createAuthOptions and so these plugins.
export const accountRecovery = (ctx: GenericCtx<DataModel>): BetterAuthPlugin => ({
  id: 'gatehouse-account-recovery',
  endpoints: {
    requestRecovery: createAuthEndpoint(
      RECOVERY_REQUEST_PATH,
      { method: 'POST', body: z.object({ email: z.string().max(EMAIL_MAX_LENGTH) }) },
      async (context) => {
        const found = await context.context.internalAdapter.findUserByEmail(normalizeEmail(context.body.email))
        if ((found?.user as { twoFactorEnabled?: boolean | null } | undefined)?.twoFactorEnabled === true && found) {
          const { token, tokenHash } = await mintLinkToken()
          await requireRunMutationCtx(ctx).runMutation(internal.recovery.request, {
            authUserId: found.user.id,
            url: appLink(RECOVERY_PAGE_PATH, 'token', token),
            tokenHash,
            ...requestDetails(context),
          })
        }
        // The same answer for every address, as the password reset gives.
        return context.json({ status: true })
      },
    ),
    startRecovery: createAuthEndpoint(
      RECOVERY_START_PATH,
      { method: 'POST', body: z.object({ token: linkTokenField, password: z.string().min(1) }) },
      async (context) => {
        const tokenHash = await hashLinkToken(context.body.token)
        const found: LinkOutcome<{ recoveryId: Id<'accountRecoveries'>; authUserId: string }> = await ctx.runQuery(
          internal.recovery.findStartable,
          { tokenHash },
        )
        const startable = requireLinkOk(found)
        try {
          await assertPassword(context, startable.authUserId, context.body.password)
        } catch (error) {
          if (error instanceof APIError) {
            await requireRunMutationCtx(ctx).runMutation(internal.recovery.recordFailedPassword, {
              recoveryId: startable.recoveryId,
            })
          }
          throw error
        }
        const cancel = await mintLinkToken()
        const started: LinkOutcome<{ completesAt: number }> = await requireRunMutationCtx(ctx).runMutation(
          internal.recovery.start,
          {
            tokenHash,
            cancelUrl: appLink(RECOVERY_PAGE_PATH, 'cancel', cancel.token),
            cancelTokenHash: cancel.tokenHash,
            ...requestDetails(context),
          },
        )
        return context.json({ status: true, completesAt: requireLinkOk(started).completesAt })
      },
    ),
    cancelRecovery: createAuthEndpoint(
      RECOVERY_CANCEL_PATH,
      { method: 'POST', body: z.object({ token: linkTokenField }) },
      async (context) => {
        const outcome: LinkOutcome = await requireRunMutationCtx(ctx).runMutation(internal.recovery.cancel, {
          tokenHash: await hashLinkToken(context.body.token),
          ...requestDetails(context),
        })
        requireLinkOk(outcome)
        return context.json({ status: true })
      },
    ),
  },
  hooks: {
    after: [
      {
        matcher: (context) => FULL_SIGN_IN_PATHS.has(context.path ?? ''),
        handler: createAuthMiddleware(async (context) => {
          if (context.context.returned instanceof Error) return
          const runner = requireRunMutationCtx(ctx)
          const issued = context.context.newSession
          // Signed in past the second factor, with a browser that was signed out.
          if (issued && !context.context.session && issued.user.twoFactorEnabled === true) {
            await runner.runMutation(internal.recovery.cancelBySignIn, {
              authUserId: issued.user.id,
              ...requestDetails(context),
            })
          }
          // Enrollment finished (verify-totp on a signed-in session that had no second factor).
          const enrolling = context.context.session?.user
          if (context.path === '/two-factor/verify-totp' && enrolling && enrolling.twoFactorEnabled !== true) {
            await runner.runMutation(internal.recovery.enrolledAgain, { authUserId: enrolling.id })
          }
        }),
      },
    ],
  },
})
