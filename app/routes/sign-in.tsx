import { createFileRoute } from '@tanstack/react-router'
import { APP_NAME } from '@lib/app-config'
import { safeRedirect } from '@lib/safe-redirect'
import { redirectIfSignedIn } from '~/auth/guards'
import { validateRedirectSearch } from '~/auth/redirect-search'
import { SignInForm } from '~/auth/SignInForm'

export const Route = createFileRoute('/sign-in')({
  validateSearch: validateRedirectSearch,
  beforeLoad: ({ context, search }) => redirectIfSignedIn(context.auth, search.redirect),
  head: () => ({ meta: [{ title: `Sign in · ${APP_NAME}` }] }),
  component: SignInPage,
})

function SignInPage() {
  const { redirect } = Route.useSearch()
  return <SignInForm redirectTo={safeRedirect(redirect)} />
}
