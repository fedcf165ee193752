/**
 * Outside React, so route loaders can query before a page renders and one WebSocket outlasts every client
 * navigation. Convex's base client without the React layer saves about 4 kB gzip per signed-in first load; pages
 * built on `convex/react` wrap the same connection (app/components/ConvexAuthProvider.tsx).
 */
import { CONVEX_CLIENT_QUERY_TIMEOUT_MS } from '@lib/policy'
import { BaseConvexClient } from 'convex/browser'
import { getFunctionName, type FunctionArgs, type FunctionReference, type FunctionReturnType } from 'convex/server'
import { useCallback, useSyncExternalStore } from 'react'
import type { SessionSnapshot } from '~/auth/session-store'
import { closeSignedInConvex, connectionOpened } from '~/auth/signed-in-convex-loader'
import type { CurrentUser } from '~/users/current-user-result'
import { api } from '../../convex/_generated/api'

interface SignedInConnection {
  /** A new sign-in (a new snapshot) gets a new connection, never the last person's. */
  snapshot: SessionSnapshot
  client: BaseConvexClient
  listeners: Set<() => void>
  authenticateWith: (token: string | null) => Promise<void>
}

let current: SignedInConnection | undefined

/** A fresh Convex JWT for this browser's Better Auth session; the response also stores it as the convex_jwt cookie. */
async function fetchConvexToken(): Promise<string | null> {
  try {
    const response = await fetch('/api/auth/convex/token', { credentials: 'same-origin' })
    if (!response.ok) return null
    const body = (await response.json()) as { token?: unknown }
    return typeof body.token === 'string' ? body.token : null
  } catch {
    return null
  }
}

function connect(snapshot: SessionSnapshot): SignedInConnection {
  const listeners = new Set<() => void>()
  const client = new BaseConvexClient(snapshot.convexUrl, () => listeners.forEach((listener) => listener()), {
    // Keep using the server-rendered token until shortly before it expires instead of fetching a new one as soon
    // as Convex accepts it (the default): one auth round trip less per full page load. Only when the browser holds
    // it as its cookie, though; otherwise the fetch is what stores the cookie.
    initialAuthTokenReuse: snapshot.convexTokenIsInCookie,
  })
  const authenticateWith = (token: string | null) =>
    new Promise<void>((resolve) => {
      let cached = token
      // Settles once Convex has accepted (or refused) the token, by which time every subscribed query has its
      // answer for the new identity.
      client.setAuth(
        async ({ forceRefreshToken }) => {
          if (cached && !forceRefreshToken) return cached
          cached = await fetchConvexToken()
          return cached
        },
        () => resolve(),
      )
    })
  void authenticateWith(snapshot.convexToken)
  // Subscribed for as long as the sign-in lasts: a loader's question "who is signed in?" is then answered from the
  // client's own copy, kept current over the WebSocket, with no round trip at all.
  client.subscribe(getFunctionName(api.auth.getCurrentUser), {})
  return { snapshot, client, listeners, authenticateWith }
}

/** Browser only. */
export function signedInConvexClient(snapshot: SessionSnapshot): BaseConvexClient {
  if (current?.snapshot !== snapshot) {
    closeSignedInConvex()
    const opened = connect(snapshot)
    current = opened
    connectionOpened(() => {
      if (current === opened) current = undefined
      void opened.client.close()
    })
  }
  return current.client
}

/**
 * Better Auth replaced this browser's session (a factor changed, other sessions were signed out): the connection's
 * token names the old one, and Convex answers it as signed out. Fetches a token for the new session (which also
 * renews the convex_jwt cookie server renders read) and waits until the connection uses it.
 */
export async function renewSignedInConvexToken() {
  const token = await fetchConvexToken()
  if (current) await withTimeout(current.authenticateWith(token))
}

/** Resolves to `'unreachable'` when Convex has not answered over the WebSocket in time. */
async function withTimeout<T>(answer: Promise<T>): Promise<T | 'unreachable'> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<'unreachable'>((resolve) => {
    timer = setTimeout(() => resolve('unreachable'), CONVEX_CLIENT_QUERY_TIMEOUT_MS)
  })
  try {
    return await Promise.race([answer, timeout])
  } finally {
    clearTimeout(timer)
  }
}

type Query = FunctionReference<'query'>

/** The client's current answer to a query it is subscribed to; undefined until it has one (or when it failed). */
function localResult<Q extends Query>(connection: SignedInConnection, query: Q, args: FunctionArgs<Q>) {
  try {
    return connection.client.localQueryResult(getFunctionName(query), args) as FunctionReturnType<Q> | undefined
  } catch {
    return undefined
  }
}

/**
 * The signed-in user, asked over the WebSocket: usually known already, else its first answer. A connection that
 * cannot be made in time counts as an outage (`'unreachable'`); the client itself keeps trying to reconnect.
 */
export function queryCurrentUser(snapshot: SessionSnapshot): Promise<CurrentUser | null | 'unreachable'> {
  signedInConvexClient(snapshot)
  const connection = current!
  const known = localResult(connection, api.auth.getCurrentUser, {})
  if (known !== undefined) return Promise.resolve(known)
  return withTimeout(
    new Promise<CurrentUser | null>((resolve) => {
      const listener = () => {
        const answer = localResult(connection, api.auth.getCurrentUser, {})
        if (answer === undefined) return
        connection.listeners.delete(listener)
        resolve(answer)
      }
      connection.listeners.add(listener)
    }),
  )
}

/** The signed-in user, live. Undefined on the server, during hydration and until the first answer. */
export function useCurrentUserQuery(snapshot: SessionSnapshot): CurrentUser | null | undefined {
  const subscribe = useCallback(
    (onChange: () => void) => {
      signedInConvexClient(snapshot)
      const { listeners } = current!
      listeners.add(onChange)
      return () => void listeners.delete(onChange)
    },
    [snapshot],
  )
  return useSyncExternalStore(
    subscribe,
    () => (current?.snapshot === snapshot ? localResult(current, api.auth.getCurrentUser, {}) : undefined),
    () => undefined,
  )
}

/** A mutation over the WebSocket. It resolves once the subscribed queries include its effect. */
export function signedInMutation<M extends FunctionReference<'mutation'>>(
  snapshot: SessionSnapshot,
  mutation: M,
  args: FunctionArgs<M>,
): Promise<FunctionReturnType<M>> {
  return signedInConvexClient(snapshot).mutation(getFunctionName(mutation), args) as Promise<FunctionReturnType<M>>
}
