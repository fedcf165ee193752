import { Link } from '@tanstack/react-router'
import { APP_NAME } from '@lib/app-config'
import { SignOutButton } from '~/auth/SignOutButton'
import type { AuthStatus } from '~/auth/session-store'
import { ThemeToggle } from '~/theme/ThemeToggle'
import { RouteLoadingBar } from './RouteLoadingBar'

// app/styles/app.css
const navLink = 'nav-link'
const current = { 'aria-current': 'page' } as const

/** On every page. At 320 px the links wrap under the name and the buttons; sign-out shrinks to its icon. */
export function SiteHeader({ auth }: { auth: AuthStatus }) {
  const signedIn = auth === 'signed-in'
  return (
    <header className="relative border-b border-slate-200 bg-white">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <div className="mx-auto flex max-w-4xl flex-wrap items-center gap-x-2 gap-y-1 px-4 py-2">
        <Link to="/" className="mr-auto py-1 text-lg font-bold text-slate-900 sm:mr-0">
          {APP_NAME}
        </Link>
        <nav aria-label="Main" className="order-last flex w-full gap-1 sm:order-none sm:ml-4 sm:w-auto">
          {signedIn ? (
            <>
              <Link to="/dashboard" className={navLink} activeProps={current}>
                Dashboard
              </Link>
              <Link to="/settings/security" className={navLink} activeProps={current}>
                Security
              </Link>
            </>
          ) : (
            <>
              <Link to="/sign-in" className={navLink} activeProps={current}>
                Sign in
              </Link>
              <Link to="/sign-up" className={navLink} activeProps={current}>
                Create account
              </Link>
            </>
          )}
        </nav>
        <div className="flex flex-wrap items-center justify-end gap-2 sm:ml-auto">
          <ThemeToggle />
          {signedIn ? <SignOutButton /> : null}
        </div>
      </div>
      <RouteLoadingBar />
    </header>
  )
}
