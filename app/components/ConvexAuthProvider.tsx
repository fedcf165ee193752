import { ConvexBetterAuthProvider } from '@convex-dev/better-auth/react'
import { authClient } from '@lib/auth-client'
import { ConvexReactClient } from 'convex/react'
import { useEffect, useState, type ComponentProps, type ReactNode } from 'react'

/**
 * @convex-dev/better-auth 0.12.5 declares the client it accepts in terms that better-auth 1.6.34 no longer
 * produces: even a bare createAuthClient() is rejected (its session data comes out as `never`). At run time the
 * provider only uses useSession, getSession and convex.token, which this client has; so the types are bridged
 * here, once.
 */
const providerAuthClient = authClient as unknown as ComponentProps<typeof ConvexBetterAuthProvider>['authClient']

/**
 * The browser's Convex client, authenticated through Better Auth. It starts with the token the server
 * rendered with, so the first queries need no token request; it refreshes the token itself before it expires.
 * Mounted only while signed in (app/auth/convex-provider-loader.ts). On the server it is created but never
 * connects: the WebSocket opens on first use, in an effect.
 */
export function ConvexAuthProvider({
  convexUrl,
  initialToken,
  initialTokenIsInCookie,
  children,
}: {
  convexUrl: string
  initialToken: string | null
  /** See SessionSnapshot.convexTokenIsInCookie. */
  initialTokenIsInCookie: boolean
  children: ReactNode
}) {
  const [client] = useState(
    () =>
      new ConvexReactClient(convexUrl, {
        // Keep using the server-rendered token until shortly before it expires instead of fetching a new one as
        // soon as Convex accepts it (the default): one auth round trip less per full page load. Only when the
        // browser holds it as its cookie, though; otherwise the fetch is what stores the cookie.
        initialAuthTokenReuse: initialTokenIsInCookie,
      }),
  )
  // Unmounted at sign-out: close the WebSocket instead of leaving an idle connection behind. Deferred, because
  // the provider's own cleanup (clearAuth) runs after this one and still needs the client.
  useEffect(() => () => void setTimeout(() => void client.close()), [client])
  return (
    <ConvexBetterAuthProvider client={client} authClient={providerAuthClient} initialToken={initialToken}>
      {children}
    </ConvexBetterAuthProvider>
  )
}
