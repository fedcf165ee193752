/**
 * Better Auth puts the session token in JSON bodies (sign-in, sign-up, get-session, change-password, the
 * two-factor verifications...) for bearer and cross-domain clients. Gatehouse is same-origin: the token lives only
 * in the HttpOnly cookie, so script on the page (an XSS) can never read a session, its own or another device's
 * (ASVS 3.4). Every endpoint is covered, not a list, so one added later cannot leak it.
 */
import type { BetterAuthPlugin } from 'better-auth'
import { createAuthMiddleware } from 'better-auth/api'

// Its `token` is the Convex JWT the browser needs, not a session token.
const CONVEX_TOKEN_PATH = '/convex/token'

function withoutTokens(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTokens)
  if (typeof value !== 'object' || value === null || value instanceof Error || value instanceof Date) return value
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'token')
      .map(([key, inner]) => [key, withoutTokens(inner)]),
  )
}

export const hideSessionTokens = () =>
  ({
    id: 'gatehouse-hide-session-tokens',
    hooks: {
      after: [
        {
          // Only for requests from outside: Convex functions calling auth.api directly keep full results.
          matcher: (context) => context.request !== undefined && context.path !== CONVEX_TOKEN_PATH,
          handler: createAuthMiddleware(async (context) => {
            const returned = context.context.returned
            if (
              returned instanceof Error ||
              returned instanceof Response ||
              typeof returned !== 'object' ||
              returned === null
            )
              return
            return context.json(withoutTokens(returned) as Record<string, unknown>)
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin
