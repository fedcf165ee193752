/**
 * Account security on top of Better Auth: password re-entry that makes a session fresh again, and the
 * security log entry (and email) for password changes. Sign-ins from new devices: guessingProtection.ts.
 */
import type { GenericCtx } from '@convex-dev/better-auth'
import { requireRunMutationCtx } from '@convex-dev/better-auth/utils'
import type { BetterAuthPlugin } from 'better-auth'
import { createAuthEndpoint, createAuthMiddleware, sessionMiddleware } from 'better-auth/api'
import * as z from 'zod'
import { internal } from '../_generated/api'
import type { DataModel } from '../_generated/dataModel'
import { assertPassword } from './passwords'
import { requestDetails } from './requestDetails'
import { REAUTHENTICATE_PATH } from '../../lib/auth-routes'
import { SecurityEventType } from '../../lib/security-events'


export const accountSecurity = (ctx: GenericCtx<DataModel>) =>
  ({
    id: 'gatehouse-account-security',
    endpoints: {
      reauthenticate: createAuthEndpoint(
        REAUTHENTICATE_PATH,
        { method: 'POST', body: z.object({ password: z.string().min(1) }), use: [sessionMiddleware] },
        async (context) => {
          const { session } = context.context.session
          await assertPassword(context, session.userId, context.body.password)
          await requireRunMutationCtx(ctx).runMutation(internal.sessions.markReauthenticated, {
            sessionId: session.id,
            authUserId: session.userId,
          })
          return context.json({ status: true })
        },
      ),
    },
    hooks: {
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
