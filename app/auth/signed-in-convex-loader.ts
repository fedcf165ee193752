/**
 * The Convex connection is needed only while someone is signed in. Loading it on demand keeps it out of the
 * public pages' JavaScript (the sign-in page has a size budget); signed-in pages import it statically, so a
 * signed-in document lists it for preloading with the entry chunk.
 */
import { onDemand } from '@lib/on-demand'

export const signedInConvex = onDemand(() => import('~/auth/signed-in-convex'))

let closeOpenConnection: (() => void) | undefined

/** For app/auth/signed-in-convex.ts: how to close the connection it just opened. */
export function connectionOpened(close: () => void) {
  closeOpenConnection = close
}

/** After sign-out: no authenticated connection is left behind. Never loads the connection's code to do it. */
export function closeSignedInConvex() {
  const close = closeOpenConnection
  closeOpenConnection = undefined
  close?.()
}
