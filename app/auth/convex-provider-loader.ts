/**
 * The Convex client and Better Auth's session hooks are needed only while someone is signed in. Loading them on
 * demand keeps them out of the public pages' JavaScript (the sign-in page has a size budget), and mounting them
 * at the root, not in a route, keeps one Convex connection across all client navigations.
 *
 * The root route loads it before rendering a signed-in page (server render and client navigations); the
 * router's hydrate hook loads it for a signed-in document. Rendering can then read `.current` synchronously.
 */
import { onDemand } from '@lib/on-demand'

export const convexAuthProvider = onDemand(() =>
  import('~/components/ConvexAuthProvider').then((module) => module.ConvexAuthProvider),
)
