/**
 * Better Auth's client for the UI, fetched when it is first needed rather than with the page: no page needs it to
 * render, signed-in ones included (the Convex client fetches its own token). Forms start loading it when the
 * visitor begins filling them in, buttons when they get focus or a pointer goes down on them, so it is usually
 * there by the time it is used.
 */
import { onDemand } from '@lib/on-demand'

export const authClientOnDemand = onDemand(() => import('@lib/auth-client').then((module) => module.authClient))

/** authRequest itself, for the sign-in form and the provider buttons: most visits to those pages never submit. */
export const authRequestOnDemand = onDemand(() => import('./auth-request'))

/** The request never got an answer: this app's server could not be reached. */
export const NETWORK_FAILURE = 'NETWORK_FAILURE'
export const NETWORK_ERROR_MESSAGE = 'Gatehouse could not be reached. Check your connection and try again.'

/** For a form's first keystroke: by the time it is submitted the client is usually there. */
export function prefetchAuthClient() {
  // A failure here is not the visitor's problem yet; submitting loads again and reports it.
  authClientOnDemand.load().catch(() => {})
}

/** Better Auth's client and authRequest, for a form's first keystroke or a button's approach. */
export function prefetchAuthRequest() {
  prefetchAuthClient()
  authRequestOnDemand.load().catch(() => {})
}

/** For a control that acts through Better Auth (a provider's button): spread onto it. */
export const prefetchAuthClientOnApproach = { onFocus: prefetchAuthRequest, onPointerDown: prefetchAuthRequest }
