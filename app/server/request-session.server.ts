import { createConvexHttpClient, getRequestToken } from '~/server/convex-auth.server'
import { serverEnv } from '~/server/env.server'
import { isNetworkFailure } from '@lib/network-failure'
import { deleteCookie, getCookies, getRequestHeaders, setResponseHeader } from '@tanstack/react-start/server'
import { getSessionCookie } from 'better-auth/cookies'
import type { ConvexHttpClient } from 'convex/browser'
import type { SessionSnapshot } from '~/auth/session-store'
import { toCurrentUserResult, type CurrentUser, type CurrentUserResult } from '~/users/current-user-result'

/**
 * Reads the visitor's sign-in from the request cookies. With a fresh, correctly signed `convex_jwt` cookie this
 * makes no call to Convex (app/server/convex-auth.server.ts); without one (or with a forged or stale one) it asks for a token.
 */
export async function readSessionFromRequest(): Promise<SessionSnapshot> {
  const convexUrl = serverEnv().VITE_CONVEX_URL
  const signedOut: SessionSnapshot = { auth: 'signed-out', convexUrl, convexToken: null, convexTokenIsInCookie: false }
  const headers = getRequestHeaders()
  // No Better Auth session cookie means signed out, without asking Convex: public pages never depend on it.
  if (!getSessionCookie(headers)) return signedOut

  // The document carries the visitor's token and their name: no shared cache may keep it.
  setResponseHeader('cache-control', 'private, no-store')
  try {
    const { token, isInCookie } = await getRequestToken()
    if (!token) return signedOut
    return { auth: 'signed-in', convexUrl, convexToken: token, convexTokenIsInCookie: isInCookie }
  } catch (error) {
    if (!isNetworkFailure(error)) throw error
    return { ...signedOut, auth: 'unknown' }
  }
}

/** The root route authenticates it. */
export function createRequestConvexClient(): ConvexHttpClient {
  return createConvexHttpClient()
}

// Better Auth's cookies (session token, cached session data, the Convex JWT), with or without __Secure-.
const AUTH_COOKIE_NAME = /^(__Secure-)?better-auth\./

/**
 * Convex says this session is over (revoked on another device, password reset) but the browser still holds
 * its cookies, and a cached JWT that looks valid for a few more minutes. Expire them with this response, or
 * the next page load would believe the visitor signed in again and bounce between sign-in and dashboard.
 */
export function expireAuthCookies() {
  for (const name of Object.keys(getCookies())) {
    if (AUTH_COOKIE_NAME.test(name)) deleteCookie(name, { path: '/', secure: name.startsWith('__Secure-') })
  }
}

/** The current user for server code; a session Convex no longer knows loses its cookies on the way out. */
export async function currentUserOnServer(query: () => Promise<CurrentUser | null>): Promise<CurrentUserResult> {
  const result = await toCurrentUserResult(query)
  if (result.status === 'signed-out') expireAuthCookies()
  return result
}
