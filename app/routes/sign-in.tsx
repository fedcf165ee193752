import { createFileRoute } from '@tanstack/react-router'
import { APP_NAME } from '@lib/app-config'
import { safeRedirect } from '@lib/safe-redirect'
import { redirectIfSignedIn } from '~/auth/guards'
import { validateSignInSearch } from '~/auth/sign-in-reason'
import { SignInForm } from '~/auth/SignInForm'

export const Route = createFileRoute('/sign-in')({
  validateSearch: validateSignInSearch,
  beforeLoad: ({ context, search }) => redirectIfSignedIn(context.auth, search.redirect),
  // The notice's words arrive with the page (server render) or on demand, not with every first load of /sign-in.
  loaderDeps: ({ search }) => ({ reason: search.reason }),
  loader: async ({ deps }) => ({
    notice: deps.reason ? (await import('~/auth/sign-in-notice')).signInNotice(deps.reason) : undefined,
  }),
  head: () => ({ meta: [{ title: `Sign in · ${APP_NAME}` }] }),
  component: SignInPage,
})

function SignInPage() {
  const { redirect } = Route.useSearch()
  const { notice } = Route.useLoaderData()
  return <SignInForm redirectTo={safeRedirect(redirect)} notice={notice} />
}
