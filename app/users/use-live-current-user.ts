import { useSessionStore } from '~/auth/use-session-store'
import { useCurrentUserQuery } from '~/auth/signed-in-convex'
import type { CurrentUser } from '~/users/current-user-result'

/**
 * The signed-in user as the loader found them, then kept current over the WebSocket (a new display name, two-factor
 * turned on). The server render and hydration show the loader's copy, so both render the same page.
 */
export function useLiveCurrentUser(loaded: CurrentUser): CurrentUser {
  return useCurrentUserQuery(useSessionStore().current) ?? loaded
}
