import { Link, type ErrorComponentProps } from '@tanstack/react-router'
import { isBackendUnavailable } from '~/auth/backend-unavailable'

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
        <button
          type="button"
          onClick={() => window.location.reload()}
          className="rounded-md bg-indigo-600 px-4 py-2 font-semibold text-white hover:bg-indigo-500"
        >
          Try again
        </button>
        <Link to="/" className="rounded-md px-4 py-2 font-semibold text-indigo-700 hover:bg-indigo-50">
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
