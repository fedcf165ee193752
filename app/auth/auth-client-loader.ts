/**
 * Better Auth's client for the UI, fetched when it is first needed rather than with the page: no page needs it to
 * render, signed-in ones included (the Convex client fetches its own token). Forms start loading it when the
 * visitor begins filling them in, buttons when they get focus or a pointer goes down on them, so it is usually
 * there by the time it is used.
 */
import { onDemand } from '@lib/on-demand'

export const authClientOnDemand = onDemand(() => import('@lib/auth-client').then((module) => module.authClient))

/** For a form's first keystroke: by the time it is submitted the client is usually there. */
export function prefetchAuthClient() {
  // A failure here is not the visitor's problem yet; submitting loads again and reports it.
  authClientOnDemand.load().catch(() => {})
}
