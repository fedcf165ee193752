/**
 * Better Auth's client is loaded on first use, not with the page: no page needs it to render (the Convex client
 * fetches its own token). Forms start loading it on the first keystroke, buttons on focus or pointer-down.
 */
import { onDemand } from '@lib/on-demand'

export const authClientOnDemand = onDemand(() => import('@lib/auth-client').then((module) => module.authClient))

// Separate from the client: most visits to the sign-in page never submit.
export const authRequestOnDemand = onDemand(() => import('./auth-request'))

/** The request never got an answer: this app's server could not be reached. */
export const NETWORK_FAILURE = 'NETWORK_FAILURE'
export const NETWORK_ERROR_MESSAGE = 'Gatehouse could not be reached. Check your connection and try again.'

export function prefetchAuthClient() {
  // A failure here is not the visitor's problem yet; submitting loads again and reports it.
  authClientOnDemand.load().catch(() => {})
}

export function prefetchAuthRequest() {
  prefetchAuthClient()
  authRequestOnDemand.load().catch(() => {})
}

export const prefetchAuthClientOnApproach = { onFocus: prefetchAuthRequest, onPointerDown: prefetchAuthRequest }
