import { Link, createFileRoute } from '@tanstack/react-router'
import { APP_NAME } from '@lib/app-config'
import { validateRedirectSearch } from '~/auth/redirect-search'

/** Placeholder: the verification form comes with the two-factor work. */
export const Route = createFileRoute('/two-factor')({
  validateSearch: validateRedirectSearch,
  head: () => ({ meta: [{ title: `Two-factor verification · ${APP_NAME}` }] }),
  component: TwoFactorPage,
})

function TwoFactorPage() {
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-12">
      <h1 className="text-2xl font-semibold">Two-factor verification required</h1>
      <p className="mt-3 text-slate-700">
        Your account is protected with two-factor authentication. Enter the code from your authenticator app to
        finish signing in.
      </p>
      <Link to="/sign-in" className="mt-6 inline-block font-semibold text-indigo-700 underline">
        Back to sign in
      </Link>
    </main>
  )
}
