/**
 * Account security on top of Better Auth: password re-entry that makes a session fresh again (or opens the short
 * window for seeing the backup codes), the step-up rule on Better Auth's own sensitive endpoints, and the
 * security log entry (and email) for password changes. Sign-ins from new devices: guessingProtection.ts.
 */
import type { GenericCtx } from '@convex-dev/better-auth'
import { requireRunMutationCtx } from '@convex-dev/better-auth/utils'
import type { BetterAuthPlugin } from 'better-auth'
import {
  APIError,
  createAuthEndpoint,
  createAuthMiddleware,
  getSessionFromCtx,
  sessionMiddleware,
} from 'better-auth/api'
import * as z from 'zod'
import { internal } from '../_generated/api'
import type { DataModel } from '../_generated/dataModel'
import { assertPassword } from './passwords'
import { requestDetails } from './requestDetails'
import { sessionNotFresh } from './sessions'
import { assertCurrentSecondFactor } from './twoFactorGuard'
import { REAUTHENTICATE_PATH, VIEW_BACKUP_CODES_PURPOSE } from '../../lib/auth-routes'
import { ErrorCode } from '../../lib/error-codes'
import { SecurityEventType } from '../../lib/security-events'

// Better Auth's own session endpoints. The app uses Convex functions instead and the routers answer these with
// 404 (lib/auth-routes.ts); should one be opened, or called through auth.api, it still needs a fresh session.
const FRESH_SESSION_PATHS = new Set([
  '/list-sessions',
  '/revoke-session',
  '/revoke-sessions',
  '/revoke-other-sessions',
  '/update-session',
  '/change-email',
  // Linking a provider gives it the account (convex/model/oauth.ts).
  '/link-social',
  '/oauth2/link',
])

/** The step-up rule (isSessionFresh) for a Better Auth endpoint: 403 SESSION_NOT_FRESH on a stale session. */
export async function assertSessionFresh(
  ctx: GenericCtx<DataModel>,
  session: { id: string; createdAt: Date | string | number },
) {
  const fresh = await ctx.runQuery(internal.sessions.isFresh, {
    sessionId: session.id,
    createdAt: new Date(session.createdAt).getTime(),
  })
  if (!fresh) throw new APIError('FORBIDDEN', sessionNotFresh)
}

export const accountSecurity = (ctx: GenericCtx<DataModel>) =>
  ({
    id: 'gatehouse-account-security',
    endpoints: {
      reauthenticate: createAuthEndpoint(
        REAUTHENTICATE_PATH,
        {
          method: 'POST',
          body: z.object({ password: z.string().min(1), purpose: z.literal(VIEW_BACKUP_CODES_PURPOSE).optional() }),
          use: [sessionMiddleware],
        },
        async (context) => {
          const { session, user } = context.context.session
          await assertPassword(context, session.userId, context.body.password)
          const runner = requireRunMutationCtx(ctx)
          await runner.runMutation(internal.sessions.markReauthenticated, {
            sessionId: session.id,
            authUserId: session.userId,
          })
          if (context.body.purpose === VIEW_BACKUP_CODES_PURPOSE) {
            if (user.twoFactorEnabled !== true) {
              throw new APIError('BAD_REQUEST', {
                code: ErrorCode.TwoFactorNotEnabled,
                message: 'Two-factor authentication is not turned on.',
              })
            }
            await runner.runMutation(internal.twoFactor.grantBackupCodesView, {
              sessionId: session.id,
              authUserId: session.userId,
              ...requestDetails(context),
            })
          }
          return context.json({ status: true })
        },
      ),
    },
    hooks: {
      before: [
        {
          matcher: (context) => FRESH_SESSION_PATHS.has(context.path ?? ''),
          handler: createAuthMiddleware(async (context) => {
            const current = await getSessionFromCtx(context)
            if (!current) return // Better Auth answers 401 itself.
            await assertSessionFresh(ctx, current.session)
          }),
        },
        {
          // Deletion always takes the password, and the second factor when it is on, however fresh the session.
          matcher: (context) => context.path === '/delete-user',
          handler: createAuthMiddleware(async (context) => {
            const current = await getSessionFromCtx(context)
            if (!current) return
            const { password, code } = (context.body ?? {}) as { password?: unknown; code?: unknown }
            if (typeof password !== 'string' || password === '') {
              throw new APIError('BAD_REQUEST', {
                code: ErrorCode.PasswordRequired,
                message: 'Enter your password to delete your account.',
              })
            }
            await assertPassword(context, current.user.id, password)
            if (current.user.twoFactorEnabled === true)
              await assertCurrentSecondFactor(context, ctx, current.user.id, code)
          }),
        },
      ],
      after: [
        {
          matcher: (context) => context.path === '/change-password',
          handler: createAuthMiddleware(async (context) => {
            const userId = context.context.session?.user.id
            if (context.context.returned instanceof Error || !userId) return
            await requireRunMutationCtx(ctx).runMutation(internal.securityEvents.record, {
              authUserId: userId,
              type: SecurityEventType.PasswordChanged,
              ...requestDetails(context),
            })
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin
