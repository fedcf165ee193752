/**
 * Changing the account's email address: a fresh session asks, a link to the new address confirms, and a link to the
 * old address can undo it for EMAIL_CHANGE_UNDO_MS. Better Auth's /change-email stays closed (lib/auth-routes.ts):
 * it has no undo, and its confirmation link signs in.
 */
import type { GenericCtx } from '@convex-dev/better-auth'
import { requireRunMutationCtx } from '@convex-dev/better-auth/utils'
import type { BetterAuthPlugin } from 'better-auth'
import { APIError, createAuthEndpoint, sessionMiddleware } from 'better-auth/api'
import * as z from 'zod'
import { internal } from '../_generated/api'
import type { DataModel } from '../_generated/dataModel'
import { appLink, hashLinkToken, linkTokenField, mintLinkToken, requireLinkOk, type LinkOutcome } from './linkTokens'
import { requestDetails } from './requestDetails'
import { sessionNotFresh } from './sessions'
import { normalizeEmail } from './users'
import {
  EMAIL_CHANGE_PAGE_PATH,
  EMAIL_CHANGE_REQUEST_PATH,
  EMAIL_CHANGE_UNDO_PATH,
  EMAIL_CHANGE_VERIFY_PATH,
} from '../../lib/auth-routes'
import { ErrorCode } from '../../lib/error-codes'
import { EMAIL_MAX_LENGTH } from '../../lib/policy'

// Annotated: the endpoints read `internal`, whose type includes createAuthOptions and so these plugins.
export const emailChange = (ctx: GenericCtx<DataModel>): BetterAuthPlugin => ({
  id: 'gatehouse-email-change',
  endpoints: {
    requestEmailChange: createAuthEndpoint(
      EMAIL_CHANGE_REQUEST_PATH,
      { method: 'POST', body: z.object({ newEmail: z.string().max(EMAIL_MAX_LENGTH) }), use: [sessionMiddleware] },
      async (context) => {
        const { session, user } = context.context.session
        const parsed = z.email().safeParse(normalizeEmail(context.body.newEmail))
        if (!parsed.success)
          throw new APIError('BAD_REQUEST', { code: ErrorCode.InvalidEmail, message: 'Enter a valid email address.' })
        const newEmail = parsed.data
        if (newEmail === normalizeEmail(user.email)) {
          throw new APIError('BAD_REQUEST', {
            code: ErrorCode.EmailUnchanged,
            message: 'That is already your email address.',
          })
        }
        const fresh = await ctx.runQuery(internal.sessions.isFresh, {
          sessionId: session.id,
          createdAt: new Date(session.createdAt).getTime(),
        })
        if (!fresh) throw new APIError('FORBIDDEN', sessionNotFresh)
        const { token, tokenHash } = await mintLinkToken()
        const outcome: LinkOutcome = await requireRunMutationCtx(ctx).runMutation(internal.emailChanges.request, {
          authUserId: user.id,
          newEmail,
          verifyUrl: appLink(EMAIL_CHANGE_PAGE_PATH, 'verify', token),
          tokenHash,
          ...requestDetails(context),
        })
        requireLinkOk(outcome)
        return context.json({ status: true })
      },
    ),
    verifyEmailChange: createAuthEndpoint(
      EMAIL_CHANGE_VERIFY_PATH,
      { method: 'POST', body: z.object({ token: linkTokenField }) },
      async (context) => {
        const undo = await mintLinkToken()
        const outcome: LinkOutcome<{ email: string }> = await requireRunMutationCtx(ctx).runMutation(
          internal.emailChanges.verify,
          {
            tokenHash: await hashLinkToken(context.body.token),
            undoUrl: appLink(EMAIL_CHANGE_PAGE_PATH, 'undo', undo.token),
            undoTokenHash: undo.tokenHash,
            ...requestDetails(context),
          },
        )
        return context.json({ status: true, email: requireLinkOk(outcome).email })
      },
    ),
    undoEmailChange: createAuthEndpoint(
      EMAIL_CHANGE_UNDO_PATH,
      { method: 'POST', body: z.object({ token: linkTokenField }) },
      async (context) => {
        const outcome: LinkOutcome<{ email: string }> = await requireRunMutationCtx(ctx).runMutation(
          internal.emailChanges.undo,
          {
            tokenHash: await hashLinkToken(context.body.token),
            ...requestDetails(context),
          },
        )
        return context.json({ status: true, email: requireLinkOk(outcome).email })
      },
    ),
  },
})
