import { Link, createFileRoute } from '@tanstack/react-router'
import { APP_NAME } from '@lib/app-config'

export const Route = createFileRoute('/')({
  component: LandingPage,
})

const primaryAction = 'rounded-md bg-indigo-600 px-4 py-2 font-semibold text-white shadow-sm hover:bg-indigo-500'
const secondaryAction = 'rounded-md px-4 py-2 font-semibold text-indigo-700 hover:bg-indigo-50'

function LandingPage() {
  const { auth } = Route.useRouteContext()
  return (
    <main id="main" className="mx-auto max-w-2xl px-4 py-16">
      <h1 className="text-4xl font-bold tracking-tight">{APP_NAME}</h1>
      <p className="mt-4 text-lg text-slate-700">
        One account, kept safe: strong passwords, two-factor authentication and a clear record of what happened to
        your sign-ins.
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
