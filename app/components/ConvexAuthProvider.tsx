import { ConvexProvider, ConvexReactClient, type ConvexReactClientOptions } from 'convex/react'
import { useState, type ReactNode } from 'react'
import { signedInConvexClient } from '~/auth/signed-in-convex'
import type { SessionSnapshot } from '~/auth/session-store'
import { useSessionStore } from '~/auth/use-session-store'

let wrapped: { snapshot: SessionSnapshot; client: ConvexReactClient } | undefined

/**
 * Convex's React client over the sign-in's one connection (app/auth/signed-in-convex.ts), for pages whose
 * components use `convex/react` hooks. `baseClient` is an option convex (1.49.0) keeps out of its public types: it is
 * what lets the React layer load with the pages that need it instead of with every signed-in page (ADR 0015).
 */
function reactClientFor(snapshot: SessionSnapshot): ConvexReactClient {
  if (wrapped?.snapshot !== snapshot) {
    const options = { baseClient: signedInConvexClient(snapshot) } as ConvexReactClientOptions
    wrapped = { snapshot, client: new ConvexReactClient(snapshot.convexUrl, options) }
  }
  return wrapped.client
}

/**
 * Provides the authenticated Convex client to a signed-in page. On the server each render gets a client that never
 * connects (the WebSocket opens on first use, in the browser); there, queries render as loading.
 */
export function ConvexAuthProvider({ children }: { children: ReactNode }) {
  const session = useSessionStore()
  const [serverClient] = useState(() =>
    import.meta.env.SSR ? new ConvexReactClient(session.current.convexUrl) : undefined,
  )
  return <ConvexProvider client={serverClient ?? reactClientFor(session.current)}>{children}</ConvexProvider>
}
