import type { useRouter } from '@tanstack/react-router'
import { authRequest, failureMessage } from './auth-request'
import type { SessionStore } from './session-store'

/**
 * Ends this session through Better Auth and leaves for the home page: null when it worked, else the words to show.
 * Loaded when the header's sign-out button is approached, so no page pays for it up front.
 */
export async function signOut(router: ReturnType<typeof useRouter>, session: SessionStore): Promise<string | null> {
  const result = await authRequest((authClient, fetchOptions) => authClient.signOut({ fetchOptions }))
  if (!result.ok) return failureMessage(result.failure)
  session.markSignedOut()
  await router.navigate({ to: '/' })
  // Drop everything loaded while signed in (a preloaded dashboard, say) and re-run the route guards.
  await router.invalidate()
  return null
}
