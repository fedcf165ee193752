/**
 * Better Auth's client for the UI, fetched when it is first needed rather than with the page: the sign-in and
 * sign-up pages start loading it when the visitor begins filling in the form, so it is usually there by submit.
 */
import { onDemand } from '@lib/on-demand'

export const authClientOnDemand = onDemand(() => import('@lib/auth-client').then((module) => module.authClient))

/** For a form's first keystroke: by the time it is submitted the client is usually there. */
export function prefetchAuthClient() {
  // A failure here is not the visitor's problem yet; submitting loads again and reports it.
  authClientOnDemand.load().catch(() => {})
}
