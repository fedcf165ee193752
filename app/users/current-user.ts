import type { ParsedLocation } from '@tanstack/react-router'
import { createIsomorphicFn } from '@tanstack/react-start'
import type { ConvexHttpClient } from 'convex/browser'
import { BACKEND_UNAVAILABLE, throwBackendUnavailable } from '~/auth/backend-unavailable'
import { redirectToSignIn } from '~/auth/guards'
import type { RouterContext } from '~/router-context'
import { getCurrentUser } from '~/server-fns/users'
import { currentUserOnServer } from '~/server/session.server'
import type { CurrentUser } from '~/users/current-user-result'
import { api } from '../../convex/_generated/api'

/**
 * On the server the root route already holds this request's token and authenticated `convexHttp` with it:
 * querying through it costs one Convex request and never fetches the token a second time. In the browser a
 * server function asks on the visitor's behalf.
 */
const loadCurrentUser = createIsomorphicFn()
  .server((convexHttp: ConvexHttpClient | undefined) =>
    convexHttp ? currentUserOnServer(() => convexHttp.query(api.auth.getCurrentUser, {})) : getCurrentUser(),
  )
  .client((_convexHttp: ConvexHttpClient | undefined) => getCurrentUser())

/**
 * The signed-in user for a loader. The route guard only looked at the session the browser remembers; Convex
 * answers from the token, so a session that ended elsewhere (signed out in another tab, expired) ends here too.
 */
export async function requireCurrentUser(context: RouterContext, location: ParsedLocation): Promise<CurrentUser> {
  const result = await loadCurrentUser(context.convexHttp)
  if (result.status === BACKEND_UNAVAILABLE) throwBackendUnavailable()
  if (result.status === 'signed-out') {
    context.session.markSignedOut()
    throw redirectToSignIn(location)
  }
  return result.user
}
