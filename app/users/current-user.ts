import type { ParsedLocation } from '@tanstack/react-router'
import { createIsomorphicFn } from '@tanstack/react-start'
import { BACKEND_UNAVAILABLE, throwBackendUnavailable } from '~/auth/backend-unavailable'
import { signedInConvex } from '~/auth/signed-in-convex-loader'
import { redirectToSignIn, requireSecondFactorEnrolled } from '~/auth/guards'
import type { RouterContext } from '~/router-context'
import { queryCurrentUserOnServer } from '~/server/render.functions'
import type { CurrentUser, CurrentUserResult } from '~/users/current-user-result'

/**
 * The server reuses the root route's authenticated `convexHttp` (no second token fetch); the browser asks over the
 * WebSocket, which usually knows already (the query stays subscribed while signed in), never the Start server.
 */
const loadCurrentUser = createIsomorphicFn()
  .server(queryCurrentUserOnServer)
  .client(async (context: RouterContext): Promise<CurrentUserResult> => {
    const { queryCurrentUser } = await signedInConvex.load()
    const user = await queryCurrentUser(context.session.current)
    if (user === 'unreachable') return { status: BACKEND_UNAVAILABLE }
    return user ? { status: 'signed-in', user } : { status: 'signed-out' }
  })

/**
 * The signed-in user for a loader. The route guard only looked at the session the browser remembers; Convex
 * answers from the token, so a session that ended elsewhere (signed out in another tab, expired) ends here too.
 * A user who must turn on a second factor first is sent to enrollment here, on the server and in the browser.
 */
export async function requireCurrentUser(context: RouterContext, location: ParsedLocation): Promise<CurrentUser> {
  const result = await loadCurrentUser(context)
  if (result.status === BACKEND_UNAVAILABLE) throwBackendUnavailable()
  if (result.status === 'signed-out') {
    context.session.markSignedOut()
    throw redirectToSignIn(location)
  }
  requireSecondFactorEnrolled(result.user, location)
  return result.user
}
