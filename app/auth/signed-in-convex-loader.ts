/**
 * The Convex connection is needed only while someone is signed in. Loading it on demand keeps it out of the
 * public pages' JavaScript (the sign-in page has a size budget); signed-in pages import it statically, so a
 * signed-in document lists it for preloading with the entry chunk.
 */
import { onDemand } from '@lib/on-demand'

export const signedInConvex = onDemand(() => import('~/auth/signed-in-convex'))
