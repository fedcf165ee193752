/**
 * The server halves of what the router and the routes do during a render, callable from isomorphic code.
 * createIsomorphicFn keeps the server implementations (and their `*.server.ts` imports) out of the browser
 * bundle; this file is the only door from app code to them.
 */
import { createIsomorphicFn } from '@tanstack/react-start'
import type { RouterContext } from '~/router-context'
import type { CurrentUserResult } from '~/users/current-user-result'
import { api } from '../../convex/_generated/api'
import { createRequestConvexClient, currentUserOnServer, readSessionFromRequest } from './request-session.server'
import { answerServiceUnavailable } from './response-status.server'
import { currentCspNonce } from './security-headers.server'

/**
 * On the server: read the sign-in from this request and authenticate the request's Convex HTTP client.
 * In the browser: nothing. The store already holds the state the server handed over, kept current by
 * sign-in and sign-out, so a client navigation costs no auth round trip.
 */
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

/** The CSP nonce of this server render (app/server/security-headers.server.ts); the browser reads it from the page. */
export const cspNonceOnServer = createIsomorphicFn()
  .server(currentCspNonce)
  .client((): string | undefined => undefined)

/** A server render answers HTTP 503 when Convex cannot be reached, so nothing caches the outage page as a success. */
export const markServiceUnavailableOnServer = createIsomorphicFn()
  .server(answerServiceUnavailable)
  .client(() => {})

/**
 * The root route already authenticated this request's `convexHttp` with its token: one Convex request, and no
 * second token fetch. Browser code never calls it (the browser asks over its WebSocket, app/users/current-user.ts).
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
