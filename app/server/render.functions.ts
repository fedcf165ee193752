/**
 * createIsomorphicFn keeps the server halves (and their `*.server.ts` imports) out of the browser bundle; this
 * file is the only door from app code to them.
 */
import { createIsomorphicFn } from '@tanstack/react-start'
import type { RouterContext } from '~/router-context'
import type { CurrentUserResult } from '~/users/current-user-result'
import { api } from '../../convex/_generated/api'
import { createRequestConvexClient, currentUserOnServer, readSessionFromRequest } from './request-session.server'
import { answerServiceUnavailable } from './response-status.server'
import { currentCspNonce } from './security-headers.server'

// A no-op in the browser: the store already holds what the server handed over, so client navigations cost no
// auth round trip.
export const loadSessionOnServer = createIsomorphicFn()
  .server(async (context: RouterContext) => {
    const snapshot = await readSessionFromRequest()
    context.session.replace(snapshot)
    if (snapshot.convexToken) context.convexHttp?.setAuth(snapshot.convexToken)
  })
  .client(async (_context: RouterContext) => {})

export const createConvexHttpClientOnServer = createIsomorphicFn()
  .server(createRequestConvexClient)
  .client(() => undefined)

// The browser reads the nonce from the page.
export const cspNonceOnServer = createIsomorphicFn()
  .server(currentCspNonce)
  .client((): string | undefined => undefined)

/** A server render answers HTTP 503 when Convex cannot be reached, so nothing caches the outage page as a success. */
export const markServiceUnavailableOnServer = createIsomorphicFn()
  .server(answerServiceUnavailable)
  .client(() => {})

/**
 * Reuses `convexHttp`, already authenticated by the root route: no second token fetch. The browser asks over its
 * WebSocket instead (app/users/current-user.ts).
 */
export const queryCurrentUserOnServer = createIsomorphicFn()
  .server(async (context: RouterContext): Promise<CurrentUserResult> => {
    const { convexHttp } = context
    if (!convexHttp) throw new Error('The request has no Convex client.')
    return currentUserOnServer(() => convexHttp.query(api.auth.getCurrentUser, {}))
  })
  .client(async (_context: RouterContext): Promise<CurrentUserResult> => {
    throw new Error('The current user is queried on the server only during a server render.')
  })
