import type { ParsedLocation } from '@tanstack/react-router'
import { BACKEND_UNAVAILABLE, throwBackendUnavailable } from '~/auth/backend-unavailable'
import { redirectToSignIn } from '~/auth/guards'
import type { SessionStore } from '~/auth/session'
import { getCurrentUser, type CurrentUser } from '~/server-fns/users'

/**
 * The signed-in user for a loader. The route guard only looked at the session the browser remembers; Convex
 * answers from the token, so a session that ended elsewhere (signed out in another tab, expired) ends here too.
 */
export async function requireCurrentUser(session: SessionStore, location: ParsedLocation): Promise<CurrentUser> {
  const result = await getCurrentUser()
  if (result.status === BACKEND_UNAVAILABLE) throwBackendUnavailable()
  if (result.status === 'signed-out') {
    session.markSignedOut()
    throw redirectToSignIn(location)
  }
  return result.user
}
