import { createRouter, lazyRouteComponent } from '@tanstack/react-router'
import { createConvexHttpClientOnServer, cspNonceOnServer } from '~/server/render.functions'
import { SessionStore, type SessionSnapshot } from '~/auth/session-store'
import { routeTree } from './routeTree.gen'

/** Start calls this once per server request and once in the browser. */
export function getRouter() {
  const session = new SessionStore()
  return createRouter({
    routeTree,
    context: { session, convexHttp: createConvexHttpClientOnServer() },
    // What the server learned about the session travels with the document, ahead of any route code.
    dehydrate: (): { session: SessionSnapshot | undefined } => ({ session: session.peek() }),
    hydrate: (dehydrated: { session: SessionSnapshot | undefined }) => {
      if (!dehydrated.session) return
      session.replace(dehydrated.session)
    },
    defaultPreload: 'intent',
    // Loaded when a page fails or is missing: no page that works pays for them.
    defaultErrorComponent: lazyRouteComponent(() => import('~/components/ErrorPage'), 'ErrorPage'),
    defaultNotFoundComponent: lazyRouteComponent(() => import('~/components/ErrorPage'), 'NotFoundPage'),
    scrollRestoration: true,
    // Every inline script Start and React emit carries this request's nonce, which the CSP header names.
    ssr: { nonce: cspNonceOnServer() },
  })
}
