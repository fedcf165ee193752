import { Link, createFileRoute } from '@tanstack/react-router'
import { APP_NAME } from '@lib/app-config'
import { buttonClass } from '~/components/Button'

/** `?notice=account-deleted`: where deleting the account lands. Hand-written to keep zod off the landing page. */
type LandingSearch = { notice?: 'account-deleted' }

export const Route = createFileRoute('/')({
  validateSearch: (search: Record<string, unknown>): LandingSearch =>
    search.notice === 'account-deleted' ? { notice: 'account-deleted' } : {},
  component: LandingPage,
})

const primaryAction = buttonClass('primary')
const secondaryAction = buttonClass('secondary')

function LandingPage() {
  const { auth } = Route.useRouteContext()
  const { notice } = Route.useSearch()
  return (
    <main id="main" className="mx-auto max-w-2xl px-4 py-16">
      {notice === 'account-deleted' && auth !== 'signed-in' ? (
        <p role="status" className="mb-8 rounded-md border border-green-200 bg-green-50 px-3 py-2 text-green-800">
          Your account was deleted and you are signed out. Thank you for using {APP_NAME}.
        </p>
      ) : null}
      <h1 className="text-4xl font-bold tracking-tight">{APP_NAME}</h1>
      <p className="mt-4 text-lg text-slate-700">
        One account, kept safe: strong passwords, two-factor authentication and a clear record of what happened to your
        sign-ins.
      </p>
      <div className="mt-8 flex flex-wrap gap-3">
        {auth === 'signed-in' ? (
          <Link to="/dashboard" className={primaryAction}>
            Go to your dashboard
          </Link>
        ) : (
          <>
            <Link to="/sign-up" className={primaryAction}>
              Create an account
            </Link>
            <Link to="/sign-in" className={secondaryAction}>
              Sign in
            </Link>
          </>
        )}
      </div>
    </main>
  )
}
