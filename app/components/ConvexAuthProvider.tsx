import { ConvexBetterAuthProvider } from '@convex-dev/better-auth/react'
import { authClient } from '@lib/auth-client'
import { ConvexReactClient, type AuthTokenFetcher } from 'convex/react'
import { useEffect, useState, type ComponentProps, type ReactNode } from 'react'

/**
 * @convex-dev/better-auth 0.12.5 declares the client it accepts in terms that better-auth 1.6.34 no longer
 * produces: even a bare createAuthClient() is rejected (its session data comes out as `never`). At run time the
 * provider only uses useSession, getSession and convex.token, which this client has; so the types are bridged
 * here, once.
 */
const providerAuthClient = authClient as unknown as ComponentProps<typeof ConvexBetterAuthProvider>['authClient']

/** The Better Auth session a Convex JWT was issued for (its `sessionId` claim), if it can be read. */
function sessionIdOf(token: string): string | undefined {
  try {
    const payload = token.split('.')[1] ?? ''
    const claims: unknown = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')))
    const sessionId = (claims as { sessionId?: unknown }).sessionId
    return typeof sessionId === 'string' ? sessionId : undefined
  } catch {
    return undefined
  }
}

/**
 * Better Auth replaces the session when a factor changes (two-factor turned on or off, for one). The provider's
 * auth hook then offers the client the token it cached for the old session, and with initialAuthTokenReuse the
 * client keeps it until it expires: every query fails as signed out meanwhile. So a cached token is used only
 * while it names the current session; otherwise a fresh one is fetched.
 */
class SessionBoundConvexClient extends ConvexReactClient {
  /** The session Better Auth's store holds now; undefined while it loads. */
  currentSessionId: string | undefined

  override setAuth(fetchToken: AuthTokenFetcher, ...callbacks: [(isAuthenticated: boolean) => void, (isRefreshing: boolean) => void] | []) {
    super.setAuth(async (args) => {
      const token = await fetchToken(args)
      if (args.forceRefreshToken || !token || !this.currentSessionId) return token
      return sessionIdOf(token) === this.currentSessionId ? token : fetchToken({ forceRefreshToken: true })
    }, ...callbacks)
  }
}

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
      new SessionBoundConvexClient(convexUrl, {
        // Keep using the server-rendered token until shortly before it expires instead of fetching a new one as
        // soon as Convex accepts it (the default): one auth round trip less per full page load. Only when the
        // browser holds it as its cookie, though; otherwise the fetch is what stores the cookie.
        initialAuthTokenReuse: initialTokenIsInCookie,
      }),
  )
  // Read during render: the provider below sets the client's auth in its effects, which run before this component's.
  client.currentSessionId = authClient.useSession().data?.session.id
  // Unmounted at sign-out: close the WebSocket instead of leaving an idle connection behind. Deferred, because
  // the provider's own cleanup (clearAuth) runs after this one and still needs the client.
  useEffect(() => () => void setTimeout(() => void client.close()), [client])
  return (
    <ConvexBetterAuthProvider client={client} authClient={providerAuthClient} initialToken={initialToken}>
      {children}
    </ConvexBetterAuthProvider>
  )
}
