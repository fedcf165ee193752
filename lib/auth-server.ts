/**
 * Server-side Better Auth + Convex helpers. Server only: it reads the server environment and the
 * current request's cookies (imported from server functions and *.server.ts modules, never from components).
 */
import { convexBetterAuthReactStart } from '@convex-dev/better-auth/react-start'
import { ConvexError } from 'convex/values'
import { serverEnv } from './env.server'
import { isNetworkFailure } from './network-failure'

/**
 * With jwtCache on, the helpers call Convex with the `convex_jwt` cookie instead of fetching a token first
 * (one Convex request per server-rendered page while the cookie is fresh). When such a call fails the library
 * fetches a fresh token and calls again, unless `isAuthError(error)` is true: see `callWithToken` in
 * node_modules/@convex-dev/better-auth/src/react-start/index.ts. Despite its name the option therefore answers
 * "would a fresh token change nothing?".
 */
function freshTokenWouldNotHelp(error: unknown): boolean {
  // The function ran and answered; running a mutation a second time would be wrong.
  if (error instanceof ConvexError) return true
  // Convex is unreachable; fetching a token would fail the same way and only add latency.
  if (isNetworkFailure(error)) return true
  // Convex refused the request before running anything, typically because the cached JWT has expired.
  return false
}

// The library keeps using a cached JWT until 60 s *after* it expires unless told otherwise; Convex would
// refuse it. A negative tolerance renews it this long *before* expiry instead.
const JWT_RENEWAL_MARGIN_S = 30

const env = serverEnv()

export const { getToken, fetchAuthQuery, fetchAuthMutation, fetchAuthAction } = convexBetterAuthReactStart({
  convexUrl: env.VITE_CONVEX_URL,
  convexSiteUrl: env.VITE_CONVEX_SITE_URL,
  jwtCache: { enabled: true, isAuthError: freshTokenWouldNotHelp, expirationToleranceSeconds: -JWT_RENEWAL_MARGIN_S },
})
