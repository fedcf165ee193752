/**
 * Sign-in state is decided on the server per document request and then kept in the browser (shipped by the
 * router's dehydrate/hydrate, app/router.tsx), so client navigations never ask the server "am I signed in?".
 */
export type AuthStatus =
  | 'signed-in'
  | 'signed-out'
  // Convex could not be reached to find out. Public pages render; signed-in pages answer 503.
  | 'unknown'

export interface SessionSnapshot {
  auth: AuthStatus
  /** Sent from the server so one build serves any backend. */
  convexUrl: string
  /** The Convex JWT the server rendered with; the browser's Convex client starts with it instead of fetching one. */
  convexToken: string | null
  /**
   * From the browser's own `convex_jwt` cookie, so usable until near expiry. Otherwise the browser fetches its own
   * at once: that response sets the cookie, sparing the next server render a token request.
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
