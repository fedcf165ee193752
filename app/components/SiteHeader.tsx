import { Link } from '@tanstack/react-router'
import { APP_NAME } from '@lib/app-config'
import type { AuthStatus } from '~/auth/session-store'

const navLink = 'rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100'

export function SiteHeader({ auth }: { auth: AuthStatus }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded-md focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <nav aria-label="Main" className="mx-auto flex max-w-4xl items-center justify-between px-4 py-3">
        <Link to="/" className="text-lg font-bold text-slate-900">
          {APP_NAME}
        </Link>
        <div className="flex gap-1">
          {auth === 'signed-in' ? (
            <>
              <Link to="/dashboard" className={navLink} activeProps={{ 'aria-current': 'page' }}>
                Dashboard
              </Link>
              <Link to="/settings/security" className={navLink} activeProps={{ 'aria-current': 'page' }}>
                Security
              </Link>
            </>
          ) : (
            <>
              <Link to="/sign-in" className={navLink} activeProps={{ 'aria-current': 'page' }}>
                Sign in
              </Link>
              <Link to="/sign-up" className={navLink} activeProps={{ 'aria-current': 'page' }}>
                Create account
              </Link>
            </>
          )}
        </div>
      </nav>
    </header>
  )
}
