/// <reference types="vite/client" />
import { HeadContent, Outlet, Scripts, createRootRouteWithContext } from '@tanstack/react-router'
import { useEffect, type ReactNode } from 'react'
import { APP_NAME } from '@lib/app-config'
import { closeSignedInConvex } from '~/auth/signed-in-convex-loader'
import { loadSessionOnServer } from '~/server/render.functions'
import { RouteAnnouncer } from '~/components/RouteAnnouncer'
import { RouterDevtools } from '~/components/RouterDevtools'
import { SiteHeader } from '~/components/SiteHeader'
import { currentTheme } from '~/server/theme.functions'
import { themeClass } from '~/theme/theme'
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
    links: [{ rel: 'stylesheet', href: appCss }],
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
    // The theme is in the server's HTML (from its cookie), so the first paint has the right colours, with no script.
    <html lang="en" className={themeClass(currentTheme())}>
      <head>
        <HeadContent />
        {/* Here, not in head(): links the router manages are put back on every client navigation, and Chromium
            then fetches the icon again each time. */}
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="apple-touch-icon" href="/apple-touch-icon.png" />
        <link rel="manifest" href="/site.webmanifest" />
      </head>
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        {children}
        <RouterDevtools />
        <Scripts />
      </body>
    </html>
  )
}
