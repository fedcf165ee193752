import { createFileRoute } from '@tanstack/react-router'
import { APP_NAME } from '@lib/app-config'
import { safeRedirect } from '@lib/safe-redirect'
import { redirectIfSignedIn } from '~/auth/guards'
import { validateRedirectSearch } from '~/auth/redirect-search'
import { SignUpForm } from '~/auth/SignUpForm'

export const Route = createFileRoute('/sign-up')({
  validateSearch: validateRedirectSearch,
  beforeLoad: ({ context, search }) => redirectIfSignedIn(context.auth, search.redirect),
  head: () => ({ meta: [{ title: `Create account · ${APP_NAME}` }] }),
  component: SignUpPage,
})

function SignUpPage() {
  const { redirect } = Route.useSearch()
  return <SignUpForm redirectTo={safeRedirect(redirect)} />
}
