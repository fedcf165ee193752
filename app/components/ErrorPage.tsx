import { Link, type ErrorComponentProps } from '@tanstack/react-router'
import { isBackendUnavailable } from '~/auth/backend-unavailable'
import { Button, buttonClass } from './Button'

/**
 * Shown when a route fails. Never prints the error itself: server errors can carry internals, and people
 * need to know what to do, not what broke.
 */
export function ErrorPage({ error }: ErrorComponentProps) {
  const outage = isBackendUnavailable(error)
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16">
      <h1 className="text-2xl font-semibold text-slate-900">
        {outage ? 'Gatehouse is temporarily unavailable' : 'Something went wrong'}
      </h1>
      <p className="mt-3 text-slate-700">
        {outage
          ? 'We cannot reach the account service right now. Your data is safe; please try again in a moment.'
          : 'This page could not be shown. Please try again.'}
      </p>
      <div className="mt-6 flex gap-3">
        {/* A new document request: the server checks the session afresh instead of reusing what failed. */}
        <Button variant="primary" onClick={() => window.location.reload()}>
          Try again
        </Button>
        <Link to="/" className={buttonClass('secondary')}>
          Go to the home page
        </Link>
      </div>
    </main>
  )
}

export function NotFoundPage() {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16">
      <h1 className="text-2xl font-semibold text-slate-900">Page not found</h1>
      <p className="mt-3 text-slate-700">There is nothing at this address.</p>
      <Link to="/" className="mt-6 inline-block font-semibold text-indigo-700 underline">
        Go to the home page
      </Link>
    </main>
  )
}
