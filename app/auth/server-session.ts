/**
 * The server half of the session hand-over, as functions the router can call from isomorphic code.
 * createIsomorphicFn keeps the server implementations (and their imports) out of the browser bundle.
 */
import { createIsomorphicFn } from '@tanstack/react-start'
import { currentCspNonce } from '~/server/security-headers.server'
import { createRequestConvexClient, readSessionFromRequest } from '~/server/session.server'
import type { RouterContext } from '~/router-context'

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
