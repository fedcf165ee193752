/**
 * What the app knows about the visitor's sign-in, decided on the server for each document request and then
 * kept in the browser, so that client navigations never ask the Start server "am I signed in?".
 *
 * The server fills a SessionStore in the root route's beforeLoad, the router ships it to the browser through
 * its dehydrate/hydrate hooks (app/router.tsx), and sign-in / sign-out update it there.
 */
export type AuthStatus =
  | 'signed-in'
  | 'signed-out'
  // Convex could not be reached to find out. Public pages render; signed-in pages answer 503.
  | 'unknown'

export interface SessionSnapshot {
  auth: AuthStatus
  /** Convex deployment for the browser's client. Sent from the server so one build serves any backend. */
  convexUrl: string
  /** The Convex JWT the server rendered with; the browser's Convex client starts with it instead of fetching one. */
  convexToken: string | null
  /**
   * Whether that token came from the browser's own `convex_jwt` cookie. If it did, the browser can keep using it
   * until it nears expiry. If the server had to fetch it, the browser should fetch its own right away: that
   * response stores the cookie, so the next server render again needs no token request.
   */
  convexTokenIsInCookie: boolean
}

export class SessionStore {
  #snapshot: SessionSnapshot | undefined

  get current(): SessionSnapshot {
    if (!this.#snapshot) throw new Error('The session was read before the server provided it.')
    return this.#snapshot
  }

  /** Undefined only when the server failed before reading the session. */
  peek(): SessionSnapshot | undefined {
    return this.#snapshot
  }

  replace(snapshot: SessionSnapshot) {
    this.#snapshot = snapshot
  }

  /** After sign-in the browser's Convex client fetches its own token; the server-rendered one is stale. */
  markSignedIn() {
    this.replace({ ...this.current, auth: 'signed-in', convexToken: null, convexTokenIsInCookie: false })
  }

  markSignedOut() {
    this.replace({ ...this.current, auth: 'signed-out', convexToken: null, convexTokenIsInCookie: false })
  }
}
