import { getRouteApi } from '@tanstack/react-router'
import { LazyEmailVerificationBanner } from '~/account/LazyEmailVerificationBanner'
import { DisplayNameForm } from './DisplayNameForm'
import { useLiveCurrentUser } from './use-live-current-user'

const route = getRouteApi('/_authed/dashboard')

// Fixed time zone: the server and the browser must render the same date or hydration fails.
const memberSince = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' })

export function DashboardPage() {
  const user = useLiveCurrentUser(route.useLoaderData().user)
  return (
    <main id="main" className="mx-auto max-w-2xl space-y-8 px-4 py-12">
      {user.emailVerified ? null : <LazyEmailVerificationBanner email={user.email} />}
      <div>
        <h1 className="text-2xl font-semibold">Welcome, {user.name}</h1>
        <p className="mt-1 text-slate-700">Signed in as {user.email}</p>
      </div>

      <section aria-labelledby="account-heading" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="account-heading" className="text-lg font-semibold">
          Your account
        </h2>
        <dl className="mt-4 grid gap-3 sm:grid-cols-[max-content_1fr] sm:gap-x-8">
          <dt className="font-medium text-slate-600">Email</dt>
          <dd>
            {user.email} {user.emailVerified ? '(verified)' : '(not verified)'}
          </dd>
          <dt className="font-medium text-slate-600">Two-factor authentication</dt>
          <dd>{user.twoFactorEnabled ? 'On' : 'Off'}</dd>
          <dt className="font-medium text-slate-600">Member since</dt>
          <dd>{memberSince.format(new Date(user.createdAt))}</dd>
        </dl>
      </section>

      <section aria-labelledby="profile-heading" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="profile-heading" className="mb-4 text-lg font-semibold">
          Change display name
        </h2>
        <DisplayNameForm currentName={user.name} />
      </section>
    </main>
  )
}
