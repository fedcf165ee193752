import type { useRouter } from '@tanstack/react-router'
import { authClientOnDemand } from './auth-client-loader'
import { authErrorMessage, NETWORK_ERROR_MESSAGE } from './auth-error-message'
import type { SessionStore } from './session'

/**
 * Ends this session through Better Auth and leaves for the home page: null when it worked, else the words to show.
 * Loaded when the header's sign-out button is approached, so no page pays for it up front.
 */
export async function signOut(router: ReturnType<typeof useRouter>, session: SessionStore): Promise<string | null> {
  try {
    const authClient = await authClientOnDemand.load()
    const { error } = await authClient.signOut()
    if (error) return authErrorMessage(error)
  } catch {
    return NETWORK_ERROR_MESSAGE
  }
  session.markSignedOut()
  await router.navigate({ to: '/' })
  // Drop everything loaded while signed in (a preloaded dashboard, say) and re-run the route guards.
  await router.invalidate()
  return null
}
