import type { ConvexHttpClient } from 'convex/browser'
import type { SessionStore } from '~/auth/session-store'

export interface RouterContext {
  session: SessionStore
  /**
   * Server only, one per request: a Convex HTTP client carrying the visitor's token, for loaders that query
   * Convex while rendering on the server. Undefined in the browser, where the WebSocket client takes over.
   */
  convexHttp: ConvexHttpClient | undefined
}
