/**
 * Better Auth puts the session token in JSON bodies (sign-in, sign-up, get-session, list-sessions) for
 * bearer and cross-domain clients. Gatehouse is same-origin: the token lives only in the HttpOnly cookie,
 * so script on the page (an XSS) can never read a session, its own or another device's (ASVS 3.4).
 */
import type { BetterAuthPlugin } from 'better-auth'
import { createAuthMiddleware } from 'better-auth/api'

const PATHS_RETURNING_SESSION_TOKENS = new Set([
  '/sign-up/email',
  '/sign-in/email',
  '/two-factor/verify-totp',
  '/two-factor/verify-backup-code',
  '/get-session',
  '/list-sessions',
])

type WithToken = { token?: unknown; session?: unknown }

function withoutToken(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutToken)
  if (typeof value !== 'object' || value === null || value instanceof Error) return value
  const { token: _token, session, ...rest } = value as WithToken & Record<string, unknown>
  return session === undefined ? rest : { ...rest, session: withoutToken(session) }
}

export const hideSessionTokens = () =>
  ({
    id: 'gatehouse-hide-session-tokens',
    hooks: {
      after: [
        {
          // Only for requests from outside: Convex functions calling auth.api directly keep full results.
          matcher: (context) => context.request !== undefined && PATHS_RETURNING_SESSION_TOKENS.has(context.path ?? ''),
          handler: createAuthMiddleware(async (context) => {
            const returned = context.context.returned
            if (returned instanceof Error || returned instanceof Response || returned == null) return
            return context.json(withoutToken(returned) as Record<string, unknown>)
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin
