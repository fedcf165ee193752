/// <reference types="vite/client" />
import { HeadContent, Outlet, Scripts, createRootRouteWithContext } from '@tanstack/react-router'
import { useEffect, type ReactNode } from 'react'
import { APP_NAME } from '@lib/app-config'
import { closeSignedInConvex } from '~/auth/signed-in-convex-loader'
import { loadSessionOnServer } from '~/server/render.functions'
import { RouteAnnouncer } from '~/components/RouteAnnouncer'
import { RouterDevtools } from '~/components/RouterDevtools'
import { SiteHeader } from '~/components/SiteHeader'
import type { RouterContext } from '~/router-context'
import appCss from '~/styles/app.css?url'

export const Route = createRootRouteWithContext<RouterContext>()({
  beforeLoad: async ({ context }) => {
    await loadSessionOnServer(context)
    const { auth } = context.session.current
    // Signed out (in the browser): no authenticated Convex connection is left open.
    if (auth !== 'signed-in') closeSignedInConvex()
    return { auth }
  },
  head: () => ({
    meta: [
      { charSet: 'utf-8' },
      { name: 'viewport', content: 'width=device-width, initial-scale=1' },
      { title: APP_NAME },
    ],
    links: [
      { rel: 'stylesheet', href: appCss },
      // No favicon yet; an empty one spares every page a 404 request.
      { rel: 'icon', href: 'data:,' },
    ],
  }),
  shellComponent: RootDocument,
  component: RootComponent,
})

function RootComponent() {
  const { auth } = Route.useRouteContext()
  // A click before hydration does nothing; browser tests (and anyone curious) can wait for this mark.
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true'
  }, [])
  return (
    <>
      <SiteHeader auth={auth} />
      <Outlet />
      <RouteAnnouncer />
    </>
  )
}

/** The HTML document; rendered even when the root route fails, so error pages are styled too. */
function RootDocument({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <HeadContent />
      </head>
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        {children}
        <RouterDevtools />
        <Scripts />
      </body>
    </html>
  )
}
